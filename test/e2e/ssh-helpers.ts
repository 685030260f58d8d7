// Helpers for the SSH e2e tests: sandbox hosts' connection vars, a raw `ssh` for checking, killing a host's sshd.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from '../../src/sandbox/wait-port.js';
import { inject } from 'vitest';
import { SshConnection, type SshOptions } from '../../src/connection/ssh.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { clearKnownHostsCache } from '../../src/connection/ssh-known-hosts.js';
import { makeTempDir } from '../helpers/temp-dir.js';

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

/** Kill the host's SSH sessions (sshd's per-connection processes, `sshd: user...`), leaving its listener up. */
export function killSshSessions(name: string): number {
  const pids = execFileSync('ip', ['netns', 'pids', hostInfo(name).netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  let killed = 0;
  for (const pid of pids) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // The listener names itself `sshd: /usr/sbin/sshd -D ... [listener] ...`; a session `sshd: root@notty` or `sshd: root [priv]`.
    if (!cmdline.startsWith('sshd: ') || cmdline.includes('[listener]')) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch { /* gone */ }
  }
  return killed;
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

export interface ExtraSshd {
  port: number;
  /** known_hosts naming the host as [ip]:port, so host-key checking stays on. */
  knownHosts: string;
  /** Public keys written here are accepted (this sshd alone reads it). */
  authorizedKeys: string;
  dir: string;
  stop(): void;
}

/**
 * A second sshd inside a sandbox host's namespaces, on another port, with its own settings (password login,
 * its own authorized_keys), so the sandbox's own sshd stays as it is. Stopped by its pid.
 */
export async function startExtraSshd(name: string, port: number, settings: string[] = []): Promise<ExtraSshd> {
  const host = hostInfo(name);
  const dir = makeTempDir(`cp-e2e-sshd-${name}-`);
  // sshd reads authorized_keys as the login user: a non-root user must be able to get there.
  chmodSync(dir, 0o755);
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, '', { mode: 0o644 });
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, `ListenAddress ${host.ip}`, `HostKey ${join(sandboxDir(), 'hosts', name, 'ssh_host_ed25519_key')}`, 'PidFile none', 'UsePAM no',
    'StrictModes no', 'PermitRootLogin yes', 'KbdInteractiveAuthentication no', `AuthorizedKeysFile ${authorizedKeys}`, 'UseDNS no',
    'Subsystem sftp internal-sftp', ...settings, '',
  ].join('\n'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${host.ip}]:${port} ${hostPublicKey(name)}\n`);
  const log = openSync(join(dir, 'sshd.log'), 'a');
  // The host's first pid is its sshd, living in the host's network, mount and UTS namespaces.
  const child = spawn('nsenter', ['-t', String(host.pids[0]), '-m', '-n', '-u', '/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')],
    { stdio: ['ignore', log, log] });
  closeSync(log);
  let alive = true;
  child.once('exit', () => { alive = false; });
  if (!(await waitForPort(host.ip, port, 10_000, () => alive))) {
    throw new Error(`extra sshd on ${name}:${port} did not start: ${readFileSync(join(dir, 'sshd.log'), 'utf8')}`);
  }
  return {
    port, knownHosts, authorizedKeys, dir,
    stop: () => { if (alive && child.pid) process.kill(child.pid, 'SIGTERM'); },
  };
}

/** Writes known_hosts files into `dir`, each a new file; the connection's cache is cleared so the next connect reads it. */
export function createKnownHostsWriter(dir: string): (text: string) => string {
  let files = 0;
  return (text) => {
    const path = join(dir, `known_hosts.${++files}`);
    writeFileSync(path, text);
    clearKnownHostsCache();
    return path;
  };
}
