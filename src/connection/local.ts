// The local connection: runs commands with child_process and edits files with node:fs on the control node.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, copyFile, lstat, open, readFile, readlink, rename, unlink, utimes } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join, basename } from 'node:path';
import type { Duplex } from 'node:stream';
import { userInfo } from 'node:os';
import { CarbonPlayError } from '../core/errors.js';
import { becomeFlagWords } from './become-flags.js';
import type { BecomeOptions, Command, Connection, FileStat, HostConnectionVars, RunOptions, RunResult, WriteOptions, WriteResult } from './types.js';

/** Ansible's backup name: `path.PID.YYYY-MM-DD@HH:MM:SS~`. */
export function createBackupName(path: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${path}.${process.pid}.${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}@${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}~`;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Resolves a user or group name to its numeric id with `id`/`getent` (node has no getpwnam). */
async function lookupId(kind: 'passwd' | 'group', name: string): Promise<number> {
  if (/^\d+$/.test(name)) return Number(name);
  const r = await runArgv(['getent', kind, name], {});
  const id = Number(r.stdout.split(':')[2]);
  if (r.rc !== 0 || !Number.isInteger(id)) throw new CarbonPlayError('module', `expected an existing ${kind === 'passwd' ? 'user' : 'group'}, got ${JSON.stringify(name)}`);
  return id;
}

interface Wrapped {
  argv: string[];
  /** sudo's prompt: the password is written when it shows on stderr. */
  prompt?: string;
  /** Printed once become succeeded; stdin is sent after it and it is cut from stdout. */
  marker?: string;
  password?: string;
}

function wrapBecome(argv: string[], become: BecomeOptions | undefined): Wrapped {
  const user = become?.user ?? 'root';
  if (!become || user === userInfo().username) return { argv };
  if ((become.method ?? 'sudo') === 'su') {
    // su wants a terminal for its password; only passwordless su (running as root) works locally.
    const line = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return { argv: ['su', ...becomeFlagWords(become, false), user, '-c', line] };
  }
  // root's sudo never asks, and then a password on stdin would reach the command.
  if (become.password === undefined || process.getuid?.() === 0) return { argv: ['sudo', ...becomeFlagWords(become, false), '-u', user, '--', ...argv] };
  // The password goes to stdin when sudo's own prompt shows, never onto the command line; the
  // marker tells us sudo is done (no prompt when credentials are cached or NOPASSWD).
  const tag = randomBytes(8).toString('hex');
  const marker = `BECOME-SUCCESS-${tag}`;
  const prompt = `[carbon-play sudo ${tag}]`;
  return { argv: ['sudo', ...becomeFlagWords(become, true), '-p', prompt, '-u', user, '--', 'sh', '-c', `echo ${marker}; exec "$@"`, 'sh', ...argv], prompt, marker, password: become.password };
}

function runArgv(argv: string[], opts: RunOptions): Promise<RunResult> {
  const w = wrapBecome(argv, opts.become);
  if (opts.signal?.aborted) return Promise.resolve({ rc: 130, stdout: '', stderr: 'interrupted' });
  return new Promise((resolve, reject) => {
    const child = spawn(w.argv[0]!, w.argv.slice(1), {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only carbon-play, which lets running tasks finish.
      detached: true,
    });
    // So an abort or a timeout ends the whole group: what a shell task started (a pipeline, `java &`) too.
    let ended: 'aborted' | 'timed out' | undefined;
    const endGroup = (why: 'aborted' | 'timed out') => {
      ended = why;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // the group is gone already
      }
    };
    const onAbort = () => endGroup('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => endGroup('timed out'), opts.timeoutMs);
    let out = '';
    let err = '';
    let started = !w.marker;
    const sendStdin = () => child.stdin.end(opts.stdin ?? '');
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!started && w.marker && out.includes(`${w.marker}\n`)) {
        started = true;
        out = out.replace(`${w.marker}\n`, '');
        sendStdin();
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (w.prompt && err.includes(w.prompt)) {
        err = err.replace(w.prompt, '');
        child.stdin.write(`${w.password}\n`);
      }
    });
    child.stdin.on('error', () => {}); // the program may exit without reading its stdin
    const settle = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      settle();
      if (code(e) === 'ENOENT') resolve({ rc: 127, stdout: '', stderr: `${argv[0]}: command not found` });
      else reject(e);
    });
    child.on('close', (rc) => {
      settle();
      if (ended === 'aborted') resolve({ rc: 130, stdout: out, stderr: 'interrupted' });
      else resolve({ rc: rc ?? 128 + 15, stdout: out, stderr: ended === 'timed out' ? `${err}timed out after ${opts.timeoutMs} ms` : err });
    });
    if (started) sendStdin();
  });
}

export class LocalConnection implements Connection {
  constructor(readonly host: string, _vars: HostConnectionVars = {}) {}

  async connect(): Promise<void> {}
  async close(): Promise<void> {}

  run(command: Command, opts: RunOptions = {}): Promise<RunResult> {
    const argv = 'argv' in command ? command.argv : ['sh', '-c', command.shell];
    if (argv.length === 0) throw new CarbonPlayError('module', 'expected a command, got an empty argv');
    return runArgv(argv, opts);
  }

  async readFile(path: string): Promise<Buffer | null> {
    try {
      return await readFile(path);
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return null;
      throw new CarbonPlayError('module', `${this.host}: cannot read ${path}: ${(e as Error).message}`, { host: this.host }, { cause: e });
    }
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = await lstat(path);
      const type = s.isFile() ? 'file' : s.isDirectory() ? 'directory' : s.isSymbolicLink() ? 'link' : 'other';
      const st: FileStat = { type, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: s.mtimeMs };
      if (type === 'link') st.linkTarget = await readlink(path);
      return st;
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return null;
      throw new CarbonPlayError('module', `${this.host}: cannot stat ${path}: ${(e as Error).message}`, { host: this.host }, { cause: e });
    }
  }

  async writeFile(path: string, data: Buffer, opts: WriteOptions = {}): Promise<WriteResult> {
    try {
      return await this.writeAtomic(path, data, opts);
    } catch (e) {
      if (e instanceof CarbonPlayError) throw e;
      throw new CarbonPlayError('module', `${this.host}: cannot write ${path}: ${(e as Error).message}`, { host: this.host }, { cause: e });
    }
  }

  private async writeAtomic(path: string, data: Buffer, opts: WriteOptions): Promise<WriteResult> {
    const existing = await lstat(path).catch((e) => (code(e) === 'ENOENT' ? null : Promise.reject(e)));
    const uid = opts.owner !== undefined ? await lookupId('passwd', opts.owner) : existing?.uid;
    const gid = opts.group !== undefined ? await lookupId('group', opts.group) : existing?.gid;
    const mode = opts.mode ?? (existing ? existing.mode & 0o7777 : 0o644);
    let backupPath: string | undefined;
    if (opts.backup && existing) {
      backupPath = createBackupName(path);
      await copyFile(path, backupPath);
      await utimes(backupPath, existing.atime, existing.mtime);
    }
    const tmp = join(dirname(path), `.${basename(path)}.carbon-play.${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      await fh.chmod(mode); // open's mode is filtered by the umask
      if (uid !== undefined || gid !== undefined) await fh.chown(uid ?? -1, gid ?? -1);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      // A bind-mounted file (Docker's /etc/hosts) cannot be replaced: write its bytes in place instead.
      if (code(e) !== 'EBUSY' && code(e) !== 'EXDEV') throw e;
      const inPlace = await open(path, 'r+');
      try {
        await inPlace.truncate(0);
        await inPlace.write(data, 0, data.length, 0);
        await inPlace.sync();
      } finally {
        await inPlace.close();
      }
      if (opts.mode !== undefined) await chmod(path, mode);
      if (opts.owner !== undefined || opts.group !== undefined) await chown(path, uid ?? -1, gid ?? -1);
    }
    return backupPath ? { backupPath } : {};
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const sock = createConnection({ host, port });
      sock.once('connect', () => resolve(sock));
      sock.once('error', (e) => reject(new CarbonPlayError('connection', `${this.host}: cannot connect to ${host}:${port}: ${e.message}`, { host: this.host }, { cause: e })));
    });
  }
}
