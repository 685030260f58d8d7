// Helpers for the SSH e2e tests: sandbox hosts' connection vars, a raw `ssh` for checking, killing a host's sshd.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { SshConnection, type SshOptions } from '../../src/connection/ssh.js';
import type { SandboxState } from '../../src/sandbox/state.js';

export function sandboxDir(): string {
  return inject('sandboxDir');
}

export function sandboxState(): SandboxState {
  return JSON.parse(readFileSync(join(sandboxDir(), 'state.json'), 'utf8')) as SandboxState;
}

export function hostInfo(name: string): SandboxState['hosts'][number] {
  const h = sandboxState().hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no sandbox host ${name}`);
  return h;
}

/** The vars the sandbox inventory gives the host (key, user, known_hosts). */
export function hostVars(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const dir = sandboxDir();
  return {
    ansible_host: hostInfo(name).ip,
    ansible_user: 'root',
    ansible_ssh_private_key_file: join(dir, 'id_ed25519'),
    ansible_ssh_common_args: `-o UserKnownHostsFile=${join(dir, 'known_hosts')}`,
    ...extra,
  };
}

export function connectTo(name: string, extra: Record<string, unknown> = {}, opts: SshOptions = {}): SshConnection {
  return new SshConnection(name, hostVars(name, extra), opts);
}

/** Checks a host through OpenSSH's own client, independent of the code under test. */
export function sshCheck(name: string, command: string): string {
  const dir = sandboxDir();
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
    `root@${hostInfo(name).ip}`, command], { encoding: 'utf8' });
}

/** The host's public key blob as known_hosts writes it. */
export function hostPublicKey(name: string): string {
  return readFileSync(join(sandboxDir(), 'hosts', name, 'ssh_host_ed25519_key.pub'), 'utf8').trim();
}

/** Kill every sshd of the host (listener and sessions), by pid. */
export function killSshd(name: string): void {
  const pids = execFileSync('ip', ['netns', 'pids', hostInfo(name).netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm === 'sshd') try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Runs a playbook through the real CLI against the sandbox inventory; stdout and stderr kept apart and together. */
export async function playOn(playbook: string, ...extra: string[]): Promise<{ code: number; out: string; stdout: string; stderr: string }> {
  const { runCli } = await import('../../src/cli/run-cli.js');
  let out = '';
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void ((out += s), (stdout += s)), stderr: (s: string) => void ((out += s), (stderr += s)), isTTY: false };
  const code = await runCli([playbook, '-i', inject('sandboxInventory'), ...extra], io);
  return { code, out, stdout, stderr };
}

/** `changed=N` per host from the PLAY RECAP. */
export function recapChanged(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}
