// SFTP file operations on one session: read, lstat, and the atomic write (temp, fsync, keep mode/owner, rename).
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { FileChange, FileStat } from './types.js';

const NO_SUCH_FILE = 2;

type Cb<T> = (err: Error | null | undefined, value: T) => void;

const closed = new WeakSet<SFTPWrapper>();

/** Requests sent, and round trips: how often the session went from idle to waiting (pipelined requests share one). */
export interface SftpCounters {
  requests: number;
  roundTrips: number;
}

interface Tracked {
  counters?: SftpCounters;
  outstanding: number;
  /** READ buffers whose reads are over, kept for the session's next reads (see takeReadBuffer). */
  spare: Buffer[];
  /** Handles of finished reads, closed with the session's next request (see closeLater). */
  toClose: Buffer[];
}

/** Handles left open at most, waiting for a request to go with. */
const MAX_TO_CLOSE = 16;
const tracked = new WeakMap<SFTPWrapper, Tracked>();

/** Marks the session closed when its channel goes: requests sent after that would never be answered. */
export function trackSession(sftp: SFTPWrapper, counters?: SftpCounters): void {
  sftp.setMaxListeners(0);
  tracked.set(sftp, { counters, outstanding: 0, spare: [], toClose: [] });
  const mark = () => closed.add(sftp);
  sftp.once('close', mark);
  sftp.once('end', mark);
}

/**
 * Counts one request, and a round trip when the session was idle. `background`: nobody waits for the answer (a close
 * after a read), so it starts no round trip of its own. Returns what to call when the answer comes.
 */
function countRequest(sftp: SFTPWrapper, background: boolean): () => void {
  const t = tracked.get(sftp);
  if (!t) return () => undefined;
  if (t.counters) {
    t.counters.requests++;
    if (!background && t.outstanding === 0) t.counters.roundTrips++;
  }
  if (background) return () => undefined;
  t.outstanding++;
  return () => {
    t.outstanding--;
  };
}

/** One SFTP request; fails at once on a closed session, and when the session closes before the answer. */
function call<T>(sftp: SFTPWrapper, fn: (cb: Cb<T>) => void, background = false): Promise<T> {
  return new Promise((resolve, reject) => {
    if (closed.has(sftp)) return reject(new Error('the SFTP session is closed'));
    sendCloses(sftp);
    const answered = countRequest(sftp, background);
    const onClose = () => reject(new Error('the SFTP session closed'));
    sftp.once('close', onClose);
    fn((err, value) => {
      answered();
      sftp.removeListener('close', onClose);
      if (err) reject(err);
      else resolve(value);
    });
  });
}

export function isNoSuchFile(e: unknown): boolean {
  return (e as { code?: unknown }).code === NO_SUCH_FILE || (e as { code?: unknown }).code === 'ENOENT';
}

function typeOf(s: Stats): FileStat['type'] {
  if (s.isSymbolicLink()) return 'link';
  if (s.isDirectory()) return 'directory';
  if (s.isFile()) return 'file';
  return 'other';
}

export async function sftpStat(sftp: SFTPWrapper, path: string): Promise<FileStat | null> {
  let s: Stats;
  try {
    s = await call<Stats>(sftp, (cb) => sftp.lstat(path, cb));
  } catch (e) {
    if (isNoSuchFile(e)) return null;
    throw e;
  }
  const stat: FileStat = { type: typeOf(s), mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: s.mtime * 1000 };
  if (stat.type === 'link') stat.linkTarget = await call<string>(sftp, (cb) => sftp.readlink(path, cb));
  return stat;
}

/** The most one READ or WRITE request carries (ssh2 learns OpenSSH's limits; 32 KB when it has not). */
function maxChunk(sftp: SFTPWrapper, which: '_maxReadLen' | '_maxWriteLen'): number {
  const n = (sftp as unknown as Record<string, unknown>)[which];
  return typeof n === 'number' && n > 0 ? n : 32 * 1024;
}

function closeHandle(sftp: SFTPWrapper, handle: Buffer, background = false): Promise<void> {
  return call<void>(sftp, (cb) => sftp.close(handle, (e) => cb(e, undefined)), background);
}

/**
 * A finished read's handle is closed with the session's next request, in the same packet batch: sent on its own,
 * the close cost a system call here and a wake-up of the server for every file read (the next request usually
 * comes a task later, after the other hosts). Nobody waits for a close; a read handle left open a while changes
 * nothing for other requests, and the session's end closes what is left.
 */
function closeLater(sftp: SFTPWrapper, handle: Buffer): void {
  const t = tracked.get(sftp);
  if (!t) return void closeHandle(sftp, handle, true).catch(() => undefined);
  t.toClose.push(handle);
  if (t.toClose.length >= MAX_TO_CLOSE) sendCloses(sftp);
}

function sendCloses(sftp: SFTPWrapper): void {
  const t = tracked.get(sftp);
  if (!t?.toClose.length) return;
  const handles = t.toClose.splice(0);
  for (const h of handles) closeHandle(sftp, h, true).catch(() => undefined);
}

/**
 * A READ's buffer is as large as the most the server sends at once (256 KB from OpenSSH), and most files read are
 * a few KB: allocated anew for each read, they were a tenth of the controller's CPU in the SFTP path (and its GC).
 * A session keeps two for its next reads; a buffer goes back only once its read is over (ssh2 copies into it).
 */
function takeReadBuffer(sftp: SFTPWrapper, size: number): Buffer {
  const spare = tracked.get(sftp)?.spare;
  const i = spare ? spare.findIndex((b) => b.length === size) : -1;
  return i >= 0 ? spare!.splice(i, 1)[0]! : Buffer.allocUnsafe(size);
}

function giveBackReadBuffers(sftp: SFTPWrapper, bufs: Buffer[]): void {
  const spare = tracked.get(sftp)?.spare;
  if (spare) for (const b of bufs) if (spare.length < 2) spare.push(b);
}

/** A handle for reading `path`; null when there is no such file. */
async function openForRead(sftp: SFTPWrapper, path: string): Promise<Buffer | null> {
  try {
    return await call<Buffer>(sftp, (cb) => sftp.open(path, 'r', cb));
  } catch (e) {
    if (isNoSuchFile(e)) return null;
    throw e;
  }
}

/**
 * Two round trips for a file that fits one READ: open, then an FSTAT and the first READ sent together. Reads go on
 * until the size FSTAT gave (a server may answer a READ with fewer bytes than asked) or an EOF status; a file whose
 * size says 0 (/proc) is read until a short read. The close is not waited for: it goes with the next request.
 */
export async function sftpReadFile(sftp: SFTPWrapper, path: string): Promise<Buffer | null> {
  const handle = await openForRead(sftp, path);
  return handle ? readOpened(sftp, handle) : null;
}

/**
 * lstat, and the bytes when it is a regular file, the LSTAT sent with the OPEN: one round trip fewer than a stat and
 * then a read. Only for a path the caller knows to be a regular file: an OPEN of a FIFO (or of some devices) waits
 * for a writer, and the session with it. A handle opened on what is not a regular file after all is closed unread.
 */
export async function sftpStatAndRead(sftp: SFTPWrapper, path: string): Promise<{ stat: FileStat | null; content: Buffer | null }> {
  const opened = openForRead(sftp, path).then((handle) => ({ handle }), (error: unknown) => ({ handle: null, error }));
  let stat: FileStat | null;
  try {
    stat = await sftpStat(sftp, path);
  } catch (e) {
    const { handle } = await opened;
    if (handle) closeLater(sftp, handle);
    throw e;
  }
  const o = await opened;
  if (stat?.type !== 'file') {
    if (o.handle) closeLater(sftp, o.handle);
    return { stat, content: null };
  }
  if ('error' in o) throw o.error;
  return { stat, content: o.handle ? await readOpened(sftp, o.handle) : null };
}

/** The bytes behind an open handle, read to the end; the handle is closed afterwards (with the next request). */
async function readOpened(sftp: SFTPWrapper, handle: Buffer): Promise<Buffer> {
  const chunk = maxChunk(sftp, '_maxReadLen');
  const parts: Buffer[] = [];
  const used: Buffer[] = [];
  const readAt = (pos: number): Promise<Buffer> => {
    const buf = takeReadBuffer(sftp, chunk);
    return call<number>(sftp, (cb) => sftp.read(handle, buf, 0, chunk, pos, (e, bytes) => cb(e, bytes ?? 0))).then((n) => {
      used.push(buf);
      return buf.subarray(0, n);
    });
  };
  try {
    const first = readAt(0);
    const size = (await Promise.all([call<Stats>(sftp, (cb) => sftp.fstat(handle, cb)), first]))[0].size;
    for (let pos = 0, next = first; ; next = readAt(pos)) {
      const got = await next;
      // Zero bytes is ssh2's EOF status.
      if (got.length === 0) break;
      parts.push(got);
      pos += got.length;
      if (pos >= size && (size > 0 || got.length < chunk)) break;
    }
  } catch (e) {
    await closeHandle(sftp, handle).catch(() => undefined);
    throw e;
  }
  closeLater(sftp, handle);
  // A copy: the read buffers go back to the session.
  const data = Buffer.concat(parts);
  giveBackReadBuffers(sftp, used);
  return data;
}

/**
 * Two round trips: open, then every WRITE (chunked, with offsets), fchmod, fchown, fsync and close sent together.
 * The server handles one session's requests in order, so the answers say whether all of it reached the disk.
 */
async function writeHandle(sftp: SFTPWrapper, path: string, data: Buffer, mode: number, owner?: { uid: number; gid: number }): Promise<void> {
  const handle = await call<Buffer>(sftp, (cb) => sftp.open(path, 'w', { mode }, cb));
  const chunk = maxChunk(sftp, '_maxWriteLen');
  const steps: Array<Promise<void>> = [];
  for (let pos = 0; pos < data.length; pos += chunk) {
    const len = Math.min(chunk, data.length - pos);
    steps.push(call<void>(sftp, (cb) => sftp.write(handle, data, pos, len, pos, (e) => cb(e, undefined))));
  }
  steps.push(call<void>(sftp, (cb) => sftp.fchmod(handle, mode, (e) => cb(e, undefined))));
  if (owner) steps.push(call<void>(sftp, (cb) => sftp.fchown(handle, owner.uid, owner.gid, (e) => cb(e, undefined))));
  steps.push(call<void>(sftp, (cb) => sftp.ext_openssh_fsync(handle, (e) => cb(e ?? null, undefined))));
  const close = closeHandle(sftp, handle);
  const results = await Promise.allSettled([...steps, close]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export interface AtomicWriteOptions {
  mode: number;
  /** Owner to keep (the old file's); omitted for a new file. */
  owner?: { uid: number; gid: number };
  /** Runs after the temp file is complete and before it replaces the target (chown by name, backup copy). */
  beforeRename?: (tmpPath: string) => Promise<void>;
}

/**
 * The target is always either the old bytes or the new ones: the data goes to a temp file in the same directory
 * (same filesystem), is fsynced, then renamed over the target. A rename refused (EBUSY on a bind-mounted file,
 * reported by SFTP as a bare failure) falls back to writing in place.
 */
export async function sftpWriteAtomic(sftp: SFTPWrapper, path: string, data: Buffer, opts: AtomicWriteOptions): Promise<{ inPlace: boolean }> {
  const tmp = posix.join(posix.dirname(path), `.${posix.basename(path)}.carbon-play.${randomBytes(6).toString('hex')}.tmp`);
  const removeTmp = () => call<void>(sftp, (cb) => sftp.unlink(tmp, (e) => cb(e, undefined))).catch(() => undefined);
  try {
    await writeHandle(sftp, tmp, data, opts.mode, opts.owner);
    await opts.beforeRename?.(tmp);
  } catch (e) {
    await removeTmp();
    throw e;
  }
  try {
    await call<void>(sftp, (cb) => sftp.ext_openssh_rename(tmp, path, (e) => cb(e ?? null, undefined)));
    return { inPlace: false };
  } catch (renameErr) {
    const fallback = await writeHandle(sftp, path, data, opts.mode, opts.owner).then(() => true, () => false);
    await removeTmp();
    if (!fallback) throw renameErr;
    return { inPlace: true };
  }
}

/**
 * One FileChange, its requests sent at once (the server handles them in order): mkdir, chmod, or unlink then
 * symlink (the unlink may fail, there being nothing to remove; the symlink's answer decides).
 */
export function sftpChange(sftp: SFTPWrapper, change: FileChange): Promise<void> {
  const done = (cb: Cb<void>) => (e?: Error | null) => cb(e, undefined);
  if ('mkdir' in change) return call<void>(sftp, (cb) => sftp.mkdir(change.mkdir, done(cb)));
  if ('chmod' in change) return call<void>(sftp, (cb) => sftp.chmod(change.chmod, change.mode, done(cb)));
  const removed = call<void>(sftp, (cb) => sftp.unlink(change.symlink, done(cb))).catch(() => undefined);
  // ssh2 puts the arguments in OpenSSH's (swapped) order itself.
  const linked = call<void>(sftp, (cb) => sftp.symlink(change.target, change.symlink, done(cb)));
  return Promise.all([removed, linked]).then(() => undefined);
}
