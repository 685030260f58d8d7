// SFTP file operations on one session: read, lstat, and the atomic write (temp, fsync, keep mode/owner, rename).
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { FileStat } from './types.js';

const NO_SUCH_FILE = 2;

type Cb<T> = (err: Error | null | undefined, value: T) => void;

const closed = new WeakSet<SFTPWrapper>();

/** Marks the session closed when its channel goes: requests sent after that would never be answered. */
export function trackSession(sftp: SFTPWrapper): void {
  sftp.setMaxListeners(0);
  const mark = () => closed.add(sftp);
  sftp.once('close', mark);
  sftp.once('end', mark);
}

/** One SFTP request; fails at once on a closed session, and when the session closes before the answer. */
function call<T>(sftp: SFTPWrapper, fn: (cb: Cb<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    if (closed.has(sftp)) return reject(new Error('the SFTP session is closed'));
    const onClose = () => reject(new Error('the SFTP session closed'));
    sftp.once('close', onClose);
    fn((err, value) => {
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

export async function sftpReadFile(sftp: SFTPWrapper, path: string): Promise<Buffer | null> {
  try {
    return await call<Buffer>(sftp, (cb) => sftp.readFile(path, cb));
  } catch (e) {
    if (isNoSuchFile(e)) return null;
    throw e;
  }
}

async function writeAll(sftp: SFTPWrapper, handle: Buffer, data: Buffer): Promise<void> {
  // ssh2 splits a large write into packets itself; one call per file.
  if (data.length > 0) await call<void>(sftp, (cb) => sftp.write(handle, data, 0, data.length, 0, (e) => cb(e, undefined)));
}

async function writeHandle(sftp: SFTPWrapper, path: string, data: Buffer, mode: number, owner?: { uid: number; gid: number }): Promise<void> {
  const handle = await call<Buffer>(sftp, (cb) => sftp.open(path, 'w', { mode }, cb));
  try {
    await writeAll(sftp, handle, data);
    // Independent requests on one handle: sent together, answered in order (one round trip, not three).
    await Promise.all([
      call<void>(sftp, (cb) => sftp.fchmod(handle, mode, (e) => cb(e, undefined))),
      owner ? call<void>(sftp, (cb) => sftp.fchown(handle, owner.uid, owner.gid, (e) => cb(e, undefined))) : undefined,
      call<void>(sftp, (cb) => sftp.ext_openssh_fsync(handle, (e) => cb(e ?? null, undefined))),
    ]);
  } finally {
    await call<void>(sftp, (cb) => sftp.close(handle, (e) => cb(e, undefined))).catch(() => undefined);
  }
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
