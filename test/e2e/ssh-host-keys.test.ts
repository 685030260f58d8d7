// Host-key options over real sshd: StrictHostKeyChecking=accept-new in ansible_ssh_common_args; one "checking off" warning per run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SshConnection, SshOptions } from '../../src/connection/ssh.js';
import { connectTo, createKnownHostsWriter, hostInfo, hostPublicKey } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const scratch = makeTempDir('cp-ssh-hk-');
const opened: SshConnection[] = [];
const knownHosts = createKnownHostsWriter(scratch);
function open(name: string, args: string, opts: SshOptions = { connectAttempts: 1 }): SshConnection {
  const c = connectTo(name, { ansible_ssh_common_args: args }, opts);
  opened.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
});

describe('-o StrictHostKeyChecking=accept-new in ansible_ssh_common_args', () => {
  it('records an unknown host key and connects', async () => {
    const path = knownHosts('');
    const c = open('node1', `-o UserKnownHostsFile=${path} -o StrictHostKeyChecking=accept-new`);
    expect((await c.run({ argv: ['hostname'] })).stdout).toBe('node1\n');
    const [type, blob] = hostPublicKey('node1').split(' ');
    expect(readFileSync(path, 'utf8')).toBe(`${hostInfo('node1').ip} ${type} ${blob}\n`);
  });

  it('still refuses a changed key', async () => {
    const [type, blob] = hostPublicKey('node2').split(' ');
    const path = knownHosts(`${hostInfo('node1').ip} ${type} ${blob}\n`);
    const c = open('node1', `-o UserKnownHostsFile=${path} -o StrictHostKeyChecking=accept-new`);
    await expect(c.connect()).rejects.toThrow(/CHANGED/);
  });
});

describe('host key checking off', () => {
  it('warns once for the run, not once per host', async () => {
    const warnings: string[] = [];
    // One options object for the run, as the CLI's connection factory gives every host.
    const opts: SshOptions = { connectAttempts: 1, hostKeyChecking: false, warn: (m) => warnings.push(m) };
    const path = knownHosts('');
    await Promise.all(['node1', 'node2', 'node3'].map((n) => open(n, `-o UserKnownHostsFile=${path}`, opts).connect()));
    expect(warnings.filter((w) => w.includes('host key checking is off'))).toHaveLength(1);
  });
});
