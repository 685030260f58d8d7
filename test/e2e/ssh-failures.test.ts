// What the SSH connection refuses or survives: unknown/changed host keys, bad keys, sshd killed mid-write or before connecting.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { hashHostName, clearKnownHostsCache } from '../../src/connection/ssh-known-hosts.js';
import { restartSandboxHost } from '../../src/sandbox/restart.js';
import { connectTo, createKnownHostsWriter, hostInfo, hostPublicKey, killSshd, sandboxDir, sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const scratch = makeTempDir('cp-ssh-fail-');
const knownHosts = createKnownHostsWriter(scratch);
const withKnownHosts = (path: string) => ({ ansible_ssh_common_args: `-o UserKnownHostsFile=${path}` });

function fingerprint(name: string): string {
  const pub = join(sandboxDir(), 'hosts', name, 'ssh_host_ed25519_key.pub');
  return execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1];
}

async function refusal(p: Promise<unknown>): Promise<CarbonPlayError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(CarbonPlayError);
  return e as CarbonPlayError;
}

describe('host keys', () => {
  const [, type, blob] = ['', ...hostPublicKey('node1').split(' ')];

  it('refuses an unknown host, naming it and its key fingerprint', async () => {
    const c = connectTo('node1', withKnownHosts(knownHosts('')), { connectAttempts: 1 });
    const e = await refusal(c.connect());
    expect(e.kind).toBe('unreachable');
    expect(e.context.host).toBe('node1');
    expect(e.message).toContain(hostInfo('node1').ip);
    expect(e.message).toContain(fingerprint('node1'));
    expect(e.message).toContain('not known');
  });

  it('records an unknown host with acceptNewHostKeys, then knows it', async () => {
    const path = knownHosts('');
    const c = connectTo('node1', withKnownHosts(path), { acceptNewHostKeys: true });
    expect((await c.run({ argv: ['hostname'] })).stdout).toBe('node1\n');
    await c.close();
    expect(readFileSync(path, 'utf8')).toBe(`${hostInfo('node1').ip} ${type} ${blob}\n`);
    clearKnownHostsCache();
    const again = connectTo('node1', withKnownHosts(path));
    await again.connect();
    await again.close();
  });

  it('refuses a changed host key, even with acceptNewHostKeys', async () => {
    const other = hostPublicKey('node2').split(' ');
    const path = knownHosts(`${hostInfo('node1').ip} ${other[0]} ${other[1]}\n`);
    const c = connectTo('node1', withKnownHosts(path), { acceptNewHostKeys: true, connectAttempts: 1 });
    const e = await refusal(c.run({ argv: ['touch', '/opt/should-not-exist'] }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('CHANGED');
    expect(e.message).toContain(fingerprint('node1'));
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    expect(sshCheck('node1', 'test -e /opt/should-not-exist && echo yes || echo no').trim()).toBe('no');
  });

  it('accepts a hashed known_hosts entry', async () => {
    const c = connectTo('node1', withKnownHosts(knownHosts(`${hashHostName(hostInfo('node1').ip)} ${type} ${blob}\n`)));
    expect((await c.run({ argv: ['hostname'] })).rc).toBe(0);
    await c.close();
  });

  it('connects without a check when StrictHostKeyChecking=no, with a warning', async () => {
    const warnings: string[] = [];
    const c = connectTo('node1', { ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts('')} -o StrictHostKeyChecking=no` }, { warn: (m) => warnings.push(m) });
    expect((await c.run({ argv: ['hostname'] })).rc).toBe(0);
    await c.close();
    expect(warnings.join('\n')).toContain('host key checking is off');
  });
});

describe('client keys', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing key file', () => join(scratch, 'no-such-key'), /cannot read private key .*no-such-key: ENOENT/],
    ['a file that is not a key', () => { const p = join(scratch, 'garbage'); writeFileSync(p, 'not a key\n'); return p; }, /private key .*garbage is not usable/],
    ['an encrypted key without a passphrase', () => {
      const p = join(scratch, 'enc');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass phrase', '-f', p]);
      return p;
    }, /private key .*enc is not usable: it is encrypted/],
    ['a key the host does not authorize', () => {
      const p = join(scratch, 'stranger');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', p]);
      return p;
    }, /authentication failed/],
  ];
  it.each(cases)('fails clearly with %s', async (_name, makeKey, expected) => {
    const c = connectTo('node1', { ansible_ssh_private_key_file: makeKey() }, { connectAttempts: 1 });
    const e = await refusal(c.connect());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/^node1: cannot connect to root@/);
    expect(e.message).toMatch(expected);
  });
});

describe('sshd killed', () => {
  afterAll(async () => {
    // Later e2e files need node3 again.
    await restartSandboxHost(sandboxDir(), 'node3');
    expect(sshCheck('node3', 'hostname').trim()).toBe('node3');
  });

  it('leaves the old file byte for byte when sshd dies in the middle of a write', async () => {
    const old = Buffer.alloc(1024 * 1024, 'o');
    const c = connectTo('node3');
    await c.run({ shell: 'rm -rf /opt/atomic && mkdir -p /opt/atomic' });
    await c.writeFile('/opt/atomic/target', old);
    // node3's /opt is an overlay whose upper dir the control node sees: watch the temp file grow.
    const upper = join(sandboxDir(), 'hosts', 'node3', 'opt-upper', 'atomic');
    const writing = c.writeFile('/opt/atomic/target', Buffer.alloc(64 * 1024 * 1024, 'n')).then(() => 'finished', (e: unknown) => e);
    const deadline = Date.now() + 20_000;
    let killedAt = -1;
    while (Date.now() < deadline) {
      const tmp = readdirSync(upper).find((f) => f.endsWith('.tmp'));
      const size = tmp ? statSync(join(upper, tmp), { throwIfNoEntry: false })?.size ?? 0 : 0;
      if (size > 2 * 1024 * 1024) {
        killSshd('node3');
        killedAt = size;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(killedAt).toBeGreaterThan(0);
    const outcome = await writing;
    expect(outcome).toBeInstanceOf(CarbonPlayError);
    expect((outcome as CarbonPlayError).kind).toBe('unreachable');
    expect(readFileSync(join(upper, 'target')).equals(old)).toBe(true);
  });

  it('reports a host whose sshd is down as unreachable, and keeps it so', async () => {
    killSshd('node3');
    const c = connectTo('node3', {}, { connectAttempts: 2, timeoutMs: 2000 });
    const e = await refusal(c.run({ argv: ['true'] }));
    expect(e.kind).toBe('unreachable');
    expect(e.context.host).toBe('node3');
    expect(e.message).toBe(`node3: cannot connect to root@${hostInfo('node3').ip}:22: connection refused`);
    // The very same error object: a new connection attempt would have made a new one.
    expect(await refusal(c.connect())).toBe(e);
  });
});
