// The SSH connection's stats against fake exec and SFTP: never answered from memory; a write reuses the module's own reading.
import type { SFTPWrapper } from 'ssh2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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

const file: FileStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, mtimeMs: 0 };

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

describe('SshConnection stat', () => {
  it('asks the host every time (no memory that a command could make stale)', async () => {
    const conn = connection();
    fakes.stat.mockResolvedValueOnce(null).mockResolvedValue(file);
    expect(await conn.stat('/f')).toBeNull();
    expect(await conn.stat('/f')).toEqual(file);
    expect(fakes.stat).toHaveBeenCalledTimes(2);
  });
});

describe('SshConnection writeFile', () => {
  const link: FileStat = { ...file, type: 'link', linkTarget: 'real' };
  const owned: FileStat = { ...file, mode: 0o600, uid: 7, gid: 8 };

  const keepsOwned = { mode: 0o600, owner: { uid: 7, gid: 8 } };
  const fresh = { mode: 0o644, owner: undefined };
  it.each([
    ['no reading passed: stats the path', undefined, [owned], ['/d/f'], '/d/f', keepsOwned],
    ['the file as read: no stat', owned, [], [], '/d/f', keepsOwned],
    ['missing as read: no stat, a new file', null, [], [], '/d/f', fresh],
    ['a link as read: stats only its target, writes through it', link, [owned], ['/d/real'], '/d/real', keepsOwned],
  ] as const)('%s', async (_name, current, stats, statted, written, keeps) => {
    const conn = connection();
    for (const st of stats) fakes.stat.mockResolvedValueOnce(st);
    fakes.write.mockResolvedValue({ inPlace: false });
    await conn.writeFile('/d/f', Buffer.from('x'), current === undefined ? {} : { current });
    expect(fakes.stat.mock.calls.map((c) => c[1])).toEqual(statted);
    expect(fakes.write.mock.calls[0]![1]).toBe(written);
    expect(fakes.write.mock.calls[0]![3]).toMatchObject(keeps);
  });
});
