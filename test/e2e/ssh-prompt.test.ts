// -k/--ask-pass, --ask-key-passphrase and -K/--ask-become-pass through the real CLI (dist/) on a pseudo-terminal (util-linux `script`).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteArgv } from '../../src/connection/quote.js';
import { hostInfo, sshCheck, startExtraSshd, type ExtraSshd } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PASSPHRASE = 'tty-passphrase-8812';
const PASSWORD = 'tty-password-3307';
const work = makeTempDir('cp-e2e-prompt-');
const cli = resolve('dist/src/cli/main.js');
let sshd: ExtraSshd;
let key: string;

/** Runs the CLI on a pty; answers `prompt` with `answer` + Enter once it shows. Returns everything the terminal showed. */
function onTerminal(args: string[], prompt: string, answer: string): Promise<{ code: number | null; screen: string }> {
  const env = { ...process.env };
  delete env.CARBON_PLAY_SSH_PASSPHRASE;
  const child = spawn('script', ['-qec', quoteArgv([process.execPath, cli, ...args]), '/dev/null'], { cwd: work, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let answered = false;
  const onOutput = (d: Buffer) => {
    screen += d.toString();
    if (!answered && screen.includes(prompt)) {
      answered = true;
      child.stdin.write(`${answer}\r`);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  return new Promise((res) => child.once('close', (code) => {
    child.stdin.destroy();
    res({ code, screen });
  }));
}

function inventory(name: string, vars: string): string {
  const file = join(work, name);
  writeFileSync(file, `node3 ansible_host=${hostInfo('node3').ip} ansible_port=${sshd.port} ansible_ssh_common_args='-o UserKnownHostsFile=${sshd.knownHosts}' ${vars}\n`);
  return file;
}

beforeAll(async () => {
  sshd = await startExtraSshd('node3', 2223, ['PasswordAuthentication yes']);
  key = join(work, 'id_encrypted');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'e2e prompt', '-f', key]);
  appendFileSync(sshd.authorizedKeys, readFileSync(`${key}.pub`));
  // sudo asks tia for its own password every time (timestamp_timeout=0): what -K answers.
  sshCheck('node3', `id tia >/dev/null 2>&1 || useradd -m -d /opt/tia -s /bin/sh tia; echo 'tia:${PASSWORD}' | chpasswd
    printf '%s\\n' 'Defaults:tia timestamp_timeout=0' 'tia ALL=(ALL) ALL' > /etc/sudoers.d/tia; chmod 440 /etc/sudoers.d/tia`);
  writeFileSync(join(work, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n      changed_when: false\n');
  writeFileSync(join(work, 'become.yml'), [
    '- hosts: all', '  gather_facts: false', '  become: true', '  tasks:',
    '    - { name: who, command: id -un, register: who, changed_when: false }',
    "    - { name: root, assert: { that: \"who.stdout == 'root'\" } }", '',
  ].join('\n'));
});
afterAll(() => {
  sshd?.stop();
  sshCheck('node3', 'rm -f /etc/sudoers.d/tia');
});

describe('secrets asked on the terminal', () => {
  it('--ask-key-passphrase unlocks an encrypted key; the passphrase is never shown', async () => {
    const inv = inventory('inv-key', `ansible_user=root ansible_ssh_private_key_file=${key}`);
    const r = await onTerminal(['site.yml', '-i', inv, '--ask-key-passphrase'], 'SSH key passphrase:', PASSPHRASE);
    expect(r.screen).toMatch(/node3\s+: ok=1 /);
    expect(r.code).toBe(0);
    expect(r.screen).not.toContain(PASSPHRASE);
  });

  it('-k logs in with the password typed; the password is never shown', async () => {
    const inv = inventory('inv-pw', 'ansible_user=tia');
    const r = await onTerminal(['site.yml', '-i', inv, '-k'], 'SSH password:', PASSWORD);
    expect(r.screen).toMatch(/node3\s+: ok=1 /);
    expect(r.code).toBe(0);
    expect(r.screen).not.toContain(PASSWORD);
  });

  it('-K becomes root with the sudo password typed; the password is never shown', async () => {
    const inv = inventory('inv-become', `ansible_user=tia ansible_password=${PASSWORD}`);
    const r = await onTerminal(['become.yml', '-i', inv, '-K'], 'BECOME password:', PASSWORD);
    expect(r.screen).toMatch(/node3\s+: ok=2 .*failed=0/);
    expect(r.code).toBe(0);
    expect(r.screen).not.toContain(PASSWORD);
  });
});
