// Whole playbooks over SSH against the sandbox (host keys checked): results checked with OpenSSH's own client.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { restartSandboxHost } from '../../src/sandbox/restart.js';
import { killSshd, sandboxDir, sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const work = makeTempDir('cp-e2e-pb-');
const playbook = join(work, 'site.yaml');
writeFileSync(playbook, `- hosts: carbon
  tasks:
    - name: a directory
      file: { path: /opt/e2e, state: directory, mode: '0755' }
    - name: a file
      copy: { dest: /opt/e2e/hello.txt, content: "hello {{ inventory_hostname }}\\n" }
    - name: a command
      command: hostname
      register: out
    - name: a line
      lineinfile: { path: /opt/e2e/hello.txt, line: "ran on {{ out.stdout }}" }
`);

async function play(...extra: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  const code = await runCli([playbook, '-i', inject('sandboxInventory'), ...extra], io);
  return { code, out };
}

describe('several playbooks in one command', () => {
  it('share one connection per host (no handshake between playbooks)', async () => {
    const pb = (n: number) => {
      const f = join(work, `conn-${n}.yaml`);
      writeFileSync(f, `- hosts: node1\n  gather_facts: false\n  tasks:\n    - shell: 'echo "pb${n} via $SSH_CONNECTION"'\n      register: c\n    - debug: { msg: "{{ c.stdout }}" }\n`);
      return f;
    };
    let out = '';
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
    const code = await runCli([pb(1), pb(2), '-i', inject('sandboxInventory')], io);
    expect(code, out).toBe(0);
    // SSH_CONNECTION names the client's port: the same port means the same TCP connection.
    const seen = [...out.matchAll(/pb(\d) via (\S+ \d+) /g)].map((m) => [m[1], m[2]]);
    expect(seen.map(([n]) => n)).toEqual(['1', '2']);
    expect(seen[0]![1]).toBe(seen[1]![1]);
  });
});

describe('playbooks over SSH', () => {
  afterAll(async () => {
    await restartSandboxHost(sandboxDir(), 'node3');
  });

  it('runs on every Carbon host and changes what the tasks say', async () => {
    const r = await play();
    expect(r.code, r.out).toBe(0);
    for (const n of ['node1', 'node2', 'node3']) expect(sshCheck(n, 'cat /opt/e2e/hello.txt')).toBe(`hello ${n}\nran on ${n}\n`);
    const again = await play();
    expect(again.code, again.out).toBe(0);
  });

  it('reports a host whose sshd is down as unreachable (exit 3) while the others complete', async () => {
    sshCheck('node1', 'rm -rf /opt/e2e');
    killSshd('node3');
    const r = await play();
    expect(r.code, r.out).toBe(3);
    expect(r.out).toMatch(/node3/);
    expect(sshCheck('node1', 'cat /opt/e2e/hello.txt')).toBe('hello node1\nran on node1\n');
  });
});
