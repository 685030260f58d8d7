// Jump hosts: one shared bastion connection for all targets behind it; the bastion's own ~/.ssh/config entry is used.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConnectionFactory } from '../../src/connection/factory.js';
import type { SshConnection, SshOptions } from '../../src/connection/ssh.js';
import { resetSshConfigCache } from '../../src/connection/ssh-settings.js';
import { connectTo, hostInfo, hostVars, sshCheck, startExtraSshd, type ExtraSshd } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const work = makeTempDir('cp-e2e-jump-');
const opened: SshConnection[] = [];
function open(name: string, vars: Record<string, unknown>, opts: SshOptions): SshConnection {
  const c = connectTo(name, vars, opts);
  opened.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
});

/**
 * This process's established TCP connections to node1's sshd, read on the control host with their owners: other
 * processes' connections (an ansible-playbook's ControlPersist master left by an earlier test file) are not ours.
 */
function sessionsOnNode1(): number {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :22 and dst ${hostInfo('node1').ip} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length;
}

describe('a bastion shared by its targets', () => {
  it('opens one connection to the bastion for two targets, and ends it when the last closes', async () => {
    const opts: SshOptions = { connectAttempts: 1 };
    const via = { ansible_jump_host: `root@${hostInfo('node1').ip}` };
    const targets = [open('node2', via, opts), open('node3', via, opts)];
    const names = await Promise.all(targets.map(async (c) => (await c.run({ argv: ['hostname'] })).stdout.trim()));
    expect(names).toEqual(['node2', 'node3']);
    expect(sessionsOnNode1()).toBe(1);
    await targets[0]!.close();
    expect((await targets[1]!.run({ argv: ['hostname'] })).stdout).toBe('node3\n');
    await targets[1]!.close();
    await vi.waitFor(() => expect(sessionsOnNode1()).toBe(0));
  });
});

describe('a bastion shared through the connection factory', () => {
  it('opens one bastion connection for two targets when the caller gives no SSH options', async () => {
    const f = createConnectionFactory();
    const via = { ansible_jump_host: `root@${hostInfo('node1').ip}` };
    try {
      const targets = [f.get('node2', hostVars('node2', via)), f.get('node3', hostVars('node3', via))];
      const names = await Promise.all(targets.map(async (c) => (await c.run({ argv: ['hostname'] })).stdout.trim()));
      expect(names).toEqual(['node2', 'node3']);
      expect(sessionsOnNode1()).toBe(1);
    } finally {
      await f.closeAll();
    }
  });
});

describe("the bastion's own ~/.ssh/config entry", () => {
  let bastion: ExtraSshd;
  beforeAll(async () => {
    // A bastion that only lets `jumper` in, with a key of its own: the target's user and key would be refused there.
    bastion = await startExtraSshd('node1', 2224);
    const key = join(work, 'jumper_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'jumper', '-f', key]);
    appendFileSync(bastion.authorizedKeys, readFileSync(`${key}.pub`));
    sshCheck('node1', 'id jumper >/dev/null 2>&1 || useradd -m -d /opt/jumper -s /bin/sh jumper; usermod -p "*" jumper');
    writeFileSync(join(work, 'config'), `Host bastion\n  HostName ${hostInfo('node1').ip}\n  Port ${bastion.port}\n  User jumper\n  IdentityFile ${key}\n  UserKnownHostsFile ${bastion.knownHosts}\n`);
    process.env.CARBON_PLAY_SSH_CONFIG = join(work, 'config');
    resetSshConfigCache();
  });
  afterAll(() => {
    delete process.env.CARBON_PLAY_SSH_CONFIG;
    resetSshConfigCache();
    bastion?.stop();
  });

  it('logs in to the bastion as its User with its IdentityFile, and to the target as the target', async () => {
    const c = open('node2', { ansible_jump_host: 'bastion' }, { connectAttempts: 1 });
    expect((await c.run({ shell: 'echo "$(id -un)@$(hostname)"' })).stdout).toBe('root@node2\n');
  });
});
