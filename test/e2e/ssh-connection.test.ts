// The SSH connection against real sandbox hosts: exec, files over SFTP, become, tunnels, jump hosts, ssh config.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import ssh2 from 'ssh2';
import { SshConnection } from '../../src/connection/ssh.js';
import { endClient, openClient } from '../../src/connection/ssh-connect.js';
import { resetSshConfigCache, resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { connectTo, hostInfo, hostVars, sandboxDir, sandboxState, sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const opened: SshConnection[] = [];
function open(name: string, extra: Record<string, unknown> = {}): SshConnection {
  const c = connectTo(name, extra);
  opened.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
});

describe('exec', () => {
  let node1: SshConnection;
  beforeAll(() => {
    node1 = open('node1');
  });

  it('runs argv quoted, so arguments reach the program unchanged (no injection)', async () => {
    const args = ['a b', "it's", '$HOME', '`id`', '; echo injected', '*', ''];
    const r = await node1.run({ argv: ['printf', '%s|', ...args] });
    expect(r).toEqual({ rc: 0, stdout: args.map((a) => `${a}|`).join(''), stderr: '' });
  });

  const cases: Array<[string, Parameters<SshConnection['run']>, { rc: number; stdout: string }]> = [
    ['a shell script', [{ shell: 'echo $((2+3)); exit 4' }], { rc: 4, stdout: '5\n' }],
    ['in a working directory', [{ argv: ['pwd'] }, { cwd: '/etc' }], { rc: 0, stdout: '/etc\n' }],
    ['with environment variables', [{ shell: 'echo "$GREETING"' }, { env: { GREETING: "hi 'there'" } }], { rc: 0, stdout: "hi 'there'\n" }],
    ['with stdin', [{ argv: ['cat'] }, { stdin: 'from stdin\n' }], { rc: 0, stdout: 'from stdin\n' }],
    ['on the host itself (its own hostname)', [{ argv: ['hostname'] }], { rc: 0, stdout: 'node1\n' }],
  ];
  it.each(cases)('runs %s', async (_name, args, expected) => {
    const r = await node1.run(...args);
    expect({ rc: r.rc, stdout: r.stdout }).toEqual(expected);
  });

  it('reuses one connection for every command, even in parallel', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => node1.run({ shell: 'echo $SSH_CONNECTION' })));
    expect(new Set(rs.map((r) => r.stdout)).size).toBe(1);
  });

  it('never loses the exit status of a fast command (it can arrive in the same read as the output)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const rs = await Promise.all([node1.run({ argv: ['true'] }), node1.run({ shell: 'exit 3' }), node1.run({ argv: ['hostname'] })]);
      seen.add(rs.map((r) => r.rc).join(','));
    }
    expect([...seen]).toEqual(['0,3,0']);
  });

  it('shares one abort signal among many channels at once without a MaxListeners warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const signal = new AbortController().signal;
      const wide = connectTo('node1', {}, { maxChannels: 20 });
      opened.push(wide);
      const rs = await Promise.all(Array.from({ length: 15 }, () => wide.run({ argv: ['sleep', '0.2'] }, { signal })));
      expect(rs.every((r) => r.rc === 0)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('returns at once from a background start that redirects its stdio', async () => {
    // A channel held open by the background sleep would end in the run's own timeout (rc 124), not rc 0.
    const r = await node1.run({ shell: 'nohup sleep 300 >/dev/null 2>&1 </dev/null & echo $! > /opt/bg.pid' }, { timeoutMs: 60_000 });
    expect(r.rc).toBe(0);
    await node1.run({ shell: 'kill $(cat /opt/bg.pid); rm -f /opt/bg.pid' });
  });

  it('stops a command at its timeout (rc 124)', async () => {
    const r = await node1.run({ argv: ['sleep', '10'] }, { timeoutMs: 300 });
    expect(r.rc).toBe(124);
    expect(r.stderr).toContain('timed out');
  });
});

describe('files over SFTP', () => {
  let node2: SshConnection;
  beforeAll(async () => {
    node2 = open('node2');
    await node2.run({ shell: 'rm -rf /opt/files && mkdir -p /opt/files' });
  });

  it('reads a missing file as null and stats it as null', async () => {
    expect(await node2.readFile('/opt/files/missing')).toBeNull();
    expect(await node2.stat('/opt/files/missing')).toBeNull();
  });

  it('writes a new file (0644) and reads back the same bytes', async () => {
    const data = Buffer.from([0, 1, 2, 255, 10, 13]);
    await node2.writeFile('/opt/files/new.bin', data);
    expect(await node2.readFile('/opt/files/new.bin')).toEqual(data);
    expect(await node2.stat('/opt/files/new.bin')).toMatchObject({ type: 'file', mode: 0o644, size: 6, uid: 0 });
    expect(sshCheck('node2', 'od -An -tx1 /opt/files/new.bin').trim()).toBe('00 01 02 ff 0a 0d');
  });

  it('keeps the mode and owner of the file it replaces, and leaves no temp file', async () => {
    sshCheck('node2', 'printf old > /opt/files/kept && chmod 600 /opt/files/kept && chown 1234:2345 /opt/files/kept');
    await node2.writeFile('/opt/files/kept', Buffer.from('new content'));
    expect(sshCheck('node2', 'stat -c "%a %u %g" /opt/files/kept; cat /opt/files/kept; ls -A /opt/files | grep -c tmp || true')).toBe('600 1234 2345\nnew content0\n');
  });

  it('writes a large file in one call, and reads it back whole (many READ chunks)', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    big.write('end', big.length - 3);
    await node2.writeFile('/opt/files/big', big);
    expect(sshCheck('node2', 'wc -c < /opt/files/big').trim()).toBe(String(big.length));
    expect((await node2.readFile('/opt/files/big'))?.equals(big)).toBe(true);
  });

  it('applies a given mode and owner, and keeps a backup copy when asked', async () => {
    sshCheck('node2', 'printf v1 > /opt/files/b.conf');
    const r = await node2.writeFile('/opt/files/b.conf', Buffer.from('v2'), { mode: 0o640, owner: 'nobody', group: 'nogroup', backup: true });
    expect(r.backupPath).toMatch(/^\/opt\/files\/b\.conf\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    expect(sshCheck('node2', `stat -c "%a %U %G" /opt/files/b.conf; cat /opt/files/b.conf; echo; cat '${r.backupPath}'`)).toBe('640 nobody nogroup\nv2\nv1');
  });

  it('stats directories and links', async () => {
    sshCheck('node2', 'ln -sfn /opt/files/new.bin /opt/files/link');
    expect(await node2.stat('/opt/files')).toMatchObject({ type: 'directory' });
    expect(await node2.stat('/opt/files/link')).toMatchObject({ type: 'link', linkTarget: '/opt/files/new.bin' });
  });

  it('writes through a symlink, leaving the link in place', async () => {
    await node2.writeFile('/opt/files/link', Buffer.from('via link'));
    expect(sshCheck('node2', 'readlink /opt/files/link; cat /opt/files/new.bin')).toBe('/opt/files/new.bin\nvia link');
  });

  it('falls back to writing in place over a bind-mounted file (rename gives EBUSY)', async () => {
    sshCheck('node2', 'printf outer > /opt/files/src && printf inner > /opt/files/mounted && mount --bind /opt/files/src /opt/files/mounted');
    try {
      await node2.writeFile('/opt/files/mounted', Buffer.from('replaced'));
      expect(sshCheck('node2', 'cat /opt/files/mounted; echo; cat /opt/files/src')).toBe('replaced\nreplaced');
    } finally {
      sshCheck('node2', 'umount /opt/files/mounted');
    }
  });

  it('gives /etc/hosts of each host to that host alone', async () => {
    await node2.writeFile('/etc/hosts', Buffer.from(`127.0.0.1 localhost\n${hostInfo('node2').ip} node2\n10.9.9.9 only-on-node2\n`));
    expect(sshCheck('node2', 'grep -c only-on-node2 /etc/hosts').trim()).toBe('1');
    expect(sshCheck('node1', 'grep -c only-on-node2 /etc/hosts || true').trim()).toBe('0');
  });
});

describe('become', () => {
  let asUser: SshConnection;
  beforeAll(() => {
    // A user with a sudo password, on node2 only (its /etc is private).
    sshCheck('node2', "id carl >/dev/null 2>&1 || useradd -m -d /opt/carl -s /bin/sh carl; echo 'carl:s3cret-pw' | chpasswd; echo 'carl ALL=(ALL) ALL' > /etc/sudoers.d/carl; chmod 440 /etc/sudoers.d/carl");
    asUser = open('node2', { ansible_user: 'carl' });
  });

  it('runs as root through sudo with the password given on stdin', async () => {
    const r = await asUser.run({ argv: ['id', '-un'] }, { become: { password: 's3cret-pw' } });
    expect(r).toEqual({ rc: 0, stdout: 'root\n', stderr: '' });
    expect((await asUser.run({ argv: ['id', '-un'] })).stdout).toBe('carl\n');
  });

  it('passes stdin to the command after the password', async () => {
    const r = await asUser.run({ argv: ['cat'] }, { stdin: 'data line\n', become: { password: 's3cret-pw' } });
    expect(r.stdout).toBe('data line\n');
  });

  it('fails clearly with a wrong password, without printing it', async () => {
    const err = await asUser.run({ argv: ['id', '-un'] }, { become: { password: 'wrong-pw-123' } }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^become failed: incorrect sudo password/);
    expect(err?.message).not.toContain('wrong-pw-123');
  });

  it('switches user with su, answering its terminal prompt', async () => {
    sshCheck('node2', "id dave >/dev/null 2>&1 || useradd -m -d /opt/dave -s /bin/sh dave; echo 'dave:d4ve-pw' | chpasswd");
    const ok = await asUser.run({ argv: ['id', '-un'] }, { become: { method: 'su', user: 'dave', password: 'd4ve-pw' } });
    expect({ rc: ok.rc, stdout: ok.stdout }).toEqual({ rc: 0, stdout: 'dave\n' });
    const bad = await asUser.run({ argv: ['id', '-un'] }, { become: { method: 'su', user: 'dave', password: 'not-daves' } }).then(
      (r) => `${r.rc} ${r.stdout} ${r.stderr}`,
      (e: Error) => e.message,
    );
    expect(bad).not.toMatch(/^0 dave/);
    expect(bad).not.toContain('not-daves');
  });

  it('writes, reads and stats root-owned files as another user', async () => {
    const become = { password: 's3cret-pw' };
    await asUser.writeFile('/root/secret.conf', Buffer.from('root only\n'), { mode: 0o600, become });
    expect(sshCheck('node2', 'stat -c "%a %U" /root/secret.conf').trim()).toBe('600 root');
    expect((await asUser.readFile('/root/secret.conf', { become }))?.toString()).toBe('root only\n');
    expect(await asUser.stat('/root/secret.conf', { become })).toMatchObject({ type: 'file', mode: 0o600, uid: 0 });
    expect(await asUser.readFile('/root/none', { become })).toBeNull();
  });
});

describe('tunnels and routes', () => {
  it('carries a MariaDB session to the db host through forwardOut', async () => {
    const db = sandboxState();
    const conn = open('db');
    const stream = await conn.forwardOut('127.0.0.1', 3306);
    const admin = db.dbAdmin!;
    const client = await mysql.createConnection({ stream, user: admin.user, password: admin.password });
    try {
      const [rows] = await client.query('SELECT 1 + 1 AS two');
      expect(rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end();
    }
  });

  it('reaches a host through a jump host (ansible_jump_host)', async () => {
    const c = open('node2', { ansible_jump_host: `root@${hostInfo('node1').ip}` });
    expect((await c.run({ argv: ['hostname'] })).stdout).toBe('node2\n');
  });

  it('reaches a host through -o ProxyJump= in ansible_ssh_common_args', async () => {
    const vars = hostVars('node3');
    const c = open('node3', { ansible_ssh_common_args: `${vars.ansible_ssh_common_args as string} -o ProxyJump=root@${hostInfo('node1').ip}` });
    expect((await c.run({ argv: ['hostname'] })).stdout).toBe('node3\n');
  });

  it('honours an ssh config file (HostName, User, IdentityFile)', async () => {
    const dir = makeTempDir('cp-sshcfg-');
    const file = join(dir, 'config');
    writeFileSync(file, `Host sandbox-node1\n  HostName ${hostInfo('node1').ip}\n  User root\n  IdentityFile ${join(sandboxDir(), 'id_ed25519')}\n`);
    process.env.CARBON_PLAY_SSH_CONFIG = file;
    resetSshConfigCache();
    try {
      const c = new SshConnection('cfg', { ansible_host: 'sandbox-node1', ansible_ssh_common_args: `-o UserKnownHostsFile=${join(sandboxDir(), 'known_hosts')}` });
      opened.push(c);
      expect((await c.run({ argv: ['hostname'] })).stdout).toBe('node1\n');
    } finally {
      delete process.env.CARBON_PLAY_SSH_CONFIG;
      resetSshConfigCache();
    }
  });
});

describe('what a connection does not do', () => {
  // OpenSSH announces its host keys after login; ssh2 alone asks for a proof of each, checks them, and reports them.
  it("ssh2's own client proves and reports the host keys the server announces", async () => {
    const s = resolveSshSettings('node1', hostVars('node1'));
    const bare = new ssh2.Client();
    const reported = new Promise<unknown[]>((resolve) => bare.once('hostkeys', resolve));
    await new Promise<void>((resolve, reject) => {
      bare.once('ready', () => resolve()).once('error', reject);
      bare.connect({ host: s.hostname, port: s.port, username: s.user, privateKey: readFileSync(s.keyFiles[0]!), hostVerifier: () => true });
    });
    expect((await reported).length).toBeGreaterThan(0);
    await endClient(bare);
  });

  it('the connection carbon-play opens drops the announcement: nothing is proved or reported', async () => {
    const client = await openClient(resolveSshSettings('node1', hostVars('node1')), {});
    let reported = 0;
    client.on('hostkeys', () => reported++);
    // The server answers in order: these commands' answers come after a proof's would.
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => client.exec('true', (e, ch) => (e ? reject(e) : ch.on('close', () => resolve()).resume())));
    }
    expect(reported).toBe(0);
    await endClient(client);
  });
});
