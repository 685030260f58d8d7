// The SSH connection's stat memory against fake exec and SFTP: a stat in flight across a command is not remembered.
import type { SFTPWrapper } from 'ssh2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecResult } from '../../src/connection/ssh-exec.js';
import type { FileStat } from '../../src/connection/types.js';

const fakes = vi.hoisted(() => ({ stat: vi.fn(), exec: vi.fn(), write: vi.fn() }));
vi.mock('../../src/connection/ssh-sftp.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/connection/ssh-sftp.js')>()),
  sftpStat: fakes.stat,
  sftpWriteAtomic: fakes.write,
}));
vi.mock('../../src/connection/ssh-exec.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/connection/ssh-exec.js')>()),
  execCommand: fakes.exec,
}));

const { SshConnection } = await import('../../src/connection/ssh.js');

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

const file: FileStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, mtimeMs: 0 };
const ok: ExecResult = { rc: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

/** A connection that is already "open": a fake client and SFTP session, so nothing reaches the network. */
function connection(): InstanceType<typeof SshConnection> {
  const conn = new SshConnection('node1', { ansible_host: '10.9.9.1', ansible_user: 'root' });
  Object.assign(conn, { client: {}, settings: { user: 'root' }, sftp: Promise.resolve({} as SFTPWrapper) });
  return conn;
}

beforeEach(() => {
  fakes.stat.mockReset();
  fakes.exec.mockReset();
  fakes.write.mockReset();
});

describe('SshConnection stat memory', () => {
  it('answers a second stat from memory when nothing ran in between', async () => {
    const conn = connection();
    fakes.stat.mockResolvedValue(file);
    expect(await conn.stat('/f')).toEqual(file);
    expect(await conn.stat('/f')).toEqual(file);
    expect(fakes.stat).toHaveBeenCalledTimes(1);
  });

  it('does not remember a stat that was in flight while a command ran from start to end', async () => {
    const conn = connection();
    const before = deferred<FileStat | null>();
    fakes.stat.mockReturnValueOnce(before.promise).mockResolvedValue(file);
    fakes.exec.mockResolvedValue(ok);
    const first = conn.stat('/f');
    await conn.run({ argv: ['touch', '/f'] });
    before.resolve(null);
    expect(await first).toBeNull();
    expect(await conn.stat('/f')).toEqual(file);
  });

  it('does not remember a stat answered while a command was still running', async () => {
    const conn = connection();
    const running = deferred<ExecResult>();
    fakes.exec.mockReturnValue(running.promise);
    fakes.stat.mockResolvedValueOnce(null).mockResolvedValue(file);
    const command = conn.run({ argv: ['touch', '/f'] });
    await new Promise((r) => setImmediate(r));
    expect(await conn.stat('/f')).toBeNull();
    running.resolve(ok);
    await command;
    expect(await conn.stat('/f')).toEqual(file);
  });

  it('does not remember a stat answered while a write was still going', async () => {
    const conn = connection();
    const writing = deferred<{ inPlace: boolean }>();
    fakes.write.mockReturnValue(writing.promise);
    fakes.stat.mockResolvedValueOnce(null).mockResolvedValueOnce(null).mockResolvedValue(file);
    const write = conn.writeFile('/f', Buffer.from('x'));
    await new Promise((r) => setImmediate(r));
    expect(fakes.write).toHaveBeenCalledTimes(1);
    expect(await conn.stat('/f')).toBeNull();
    writing.resolve({ inPlace: false });
    await write;
    expect(await conn.stat('/f')).toEqual(file);
  });
});
