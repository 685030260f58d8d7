// LocalConnection against this machine: run (argv, shell, stdin, env, cwd, timeout, become), file I/O, EBUSY fallback, forwardOut.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync, chmodSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackupName, LocalConnection } from '../../src/connection/local.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const conn = new LocalConnection('localhost', {});
const dir = makeTempDir('carbon-play-local-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run', () => {
  it.each([
    { name: 'argv is not interpreted by a shell', cmd: { argv: ['echo', '$HOME', '|', 'x'] }, opts: {}, rc: 0, stdout: '$HOME | x\n' },
    { name: 'shell runs with sh -c', cmd: { shell: 'echo a | tr a b; exit 3' }, opts: {}, rc: 3, stdout: 'b\n' },
    { name: 'stdin is fed', cmd: { argv: ['cat'] }, opts: { stdin: 'hello' }, rc: 0, stdout: 'hello' },
    { name: 'env is added', cmd: { shell: 'echo "$CP_X"' }, opts: { env: { CP_X: 'y' } }, rc: 0, stdout: 'y\n' },
    { name: 'cwd is used', cmd: { argv: ['pwd'] }, opts: { cwd: '/usr' }, rc: 0, stdout: '/usr\n' },
    { name: 'missing program is rc 127', cmd: { argv: ['no-such-program-xyz'] }, opts: {}, rc: 127, stdout: '' },
    { name: 'become to the same user runs directly', cmd: { argv: ['id', '-un'] }, opts: { become: { user: 'root' } }, rc: 0, stdout: 'root\n' },
    { name: 'become via sudo to another user', cmd: { argv: ['id', '-un'] }, opts: { become: { user: 'nobody' } }, rc: 0, stdout: 'nobody\n' },
  ])('$name', async ({ cmd, opts, rc, stdout }) => {
    const r = await conn.run(cmd, opts);
    expect(r.rc).toBe(rc);
    expect(r.stdout).toBe(stdout);
  });

  it('a become password never reaches the command (argv or stdin) when sudo does not ask', async () => {
    const r = await conn.run({ argv: ['sh', '-c', 'cat; echo; cat /proc/$$/cmdline /proc/$PPID/cmdline'] }, { become: { user: 'nobody', password: 's3cret-pw' }, stdin: 'data' });
    expect(r.stdout.startsWith('data\n')).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
  });

  it('timeout kills the command', async () => {
    // Killed, not finished: `sleep 60` would exit 0, and the message says why (no wall-clock assertion).
    const r = await conn.run({ argv: ['sleep', '60'] }, { timeoutMs: 200 });
    expect(r.rc).toBe(128 + 15);
    expect(r.stderr).toContain('timed out after 200 ms');
  });

  it('abort signal stops the command', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await conn.run({ argv: ['sleep', '5'] }, { signal: ac.signal });
    expect(r.rc).not.toBe(0);
  });
});

describe('files', () => {
  it('readFile and stat return null when missing', async () => {
    expect(await conn.readFile(join(dir, 'missing'))).toBeNull();
    expect(await conn.stat(join(dir, 'missing'))).toBeNull();
  });

  it('stat is lstat: a symlink reports its target', async () => {
    symlinkSync('/etc/hostname', join(dir, 'ln'));
    expect(await conn.stat(join(dir, 'ln'))).toMatchObject({ type: 'link', linkTarget: '/etc/hostname' });
  });

  it('writeFile creates with mode, then keeps the old mode when none is given', async () => {
    const f = join(dir, 'w.txt');
    await conn.writeFile(f, Buffer.from('one'), { mode: 0o600 });
    expect(statSync(f).mode & 0o777).toBe(0o600);
    await conn.writeFile(f, Buffer.from('two'));
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.includes('carbon-play'))).toEqual([]);
  });

  it('writeFile applies owner and group', async () => {
    const f = join(dir, 'own.txt');
    await conn.writeFile(f, Buffer.from('x'), { owner: 'nobody', group: 'nogroup' });
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    expect(statSync(f).uid).toBe(uid);
  });

  it('backup keeps the old bytes under an Ansible-style name', async () => {
    const f = join(dir, 'b.txt');
    writeFileSync(f, 'old');
    const r = await conn.writeFile(f, Buffer.from('new'), { backup: true });
    expect(r.backupPath).toMatch(/b\.txt\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    expect(readFileSync(r.backupPath!, 'utf8')).toBe('old');
    expect(createBackupName('/x', new Date(2024, 0, 2, 3, 4, 5))).toBe(`/x.${process.pid}.2024-01-02@03:04:05~`);
  });

  it('rename over a bind-mounted file fails with EBUSY, so it writes in place', async () => {
    const src = join(dir, 'hosts-src');
    const target = join(dir, 'hosts');
    writeFileSync(src, '127.0.0.1 localhost\n');
    writeFileSync(target, '');
    chmodSync(src, 0o644);
    execFileSync('mount', ['--bind', src, target]);
    try {
      await conn.writeFile(target, Buffer.from('10.0.0.1 db\n'));
      expect(readFileSync(target, 'utf8')).toBe('10.0.0.1 db\n');
    } finally {
      execFileSync('umount', [target]);
    }
    // Written through the mount: the bind source holds the new bytes.
    expect(readFileSync(src, 'utf8')).toBe('10.0.0.1 db\n');
  });
});

it('forwardOut connects a socket to host:port', async () => {
  const server = createServer((s) => s.end('hi'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const sock = await conn.forwardOut('127.0.0.1', port);
  const got = await new Promise<string>((r) => { let s = ''; sock.on('data', (b) => (s += b)); sock.on('end', () => r(s)); });
  expect(got).toBe('hi');
  server.close();
  await expect(conn.forwardOut('127.0.0.1', 1)).rejects.toThrow(/cannot connect/);
});
