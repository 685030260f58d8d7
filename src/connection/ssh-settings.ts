// Resolves how to reach a host: inventory vars, then ~/.ssh/config, then defaults; validates before connecting.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { parseBool } from '../core/bool.js';
import { splitShellWords } from '../core/shell-words.js';
import { CarbonPlayError } from '../core/errors.js';
import type { HostConnectionVars } from './types.js';

export interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
}

export interface SshSettings {
  /** Inventory name, for messages. */
  name: string;
  hostname: string;
  port: number;
  user: string;
  keyFiles: string[];
  /** True when the key came from the inventory or ssh -i: a missing file is an error then, not a skip. */
  keyExplicit: boolean;
  password?: string;
  knownHostsFile: string;
  hostKeyChecking: boolean;
  /** `StrictHostKeyChecking=accept-new`: an unknown host's key is recorded; a changed one is still refused. */
  acceptNew: boolean;
  jumps: JumpSpec[];
}

/** `-o Key=Value`, `-oKey=Value`, `-o "Key Value"`, `-J jump`, `-i key`, `-p port`: ssh options by lower-cased key. */
export function parseSshArgs(text: string): Map<string, string> {
  let args: string[];
  try {
    args = splitShellWords(text);
  } catch (e) {
    // The text is not repeated: ssh args may carry a password (sshpass -p in a ProxyCommand).
    throw new CarbonPlayError('options', `ansible_ssh_common_args/ansible_ssh_extra_args: ${(e as Error).message.toLowerCase()}`);
  }
  const opts = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const flag = /^-([oJip])(.*)$/.exec(a);
    if (!flag) continue;
    const value = flag[2] || args[++i] || '';
    if (flag[1] === 'J') opts.set('proxyjump', value);
    else if (flag[1] === 'i') opts.set('identityfile', value);
    else if (flag[1] === 'p') opts.set('port', value);
    else {
      const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/.exec(value);
      if (m) opts.set(m[1].toLowerCase(), m[2].trim());
    }
  }
  return opts;
}

/** `user@host:port` or `ssh://user@host:port`; a comma-separated chain, first hop first. */
export function parseJumps(text: string): JumpSpec[] {
  if (!text || text.toLowerCase() === 'none') return [];
  return text.split(',').map((hop) => {
    const m = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop.trim());
    if (!m) throw new CarbonPlayError('options', `ProxyJump: expected [user@]host[:port], got ${JSON.stringify(hop)}`);
    return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
  });
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

let sshConfig: SSHConfig | null | undefined;

/** ~/.ssh/config, read once per process; CARBON_PLAY_SSH_CONFIG points elsewhere (tests). */
export function lookupSshConfig(host: string): Record<string, string | string[]> {
  if (sshConfig === undefined) {
    const path = process.env.CARBON_PLAY_SSH_CONFIG ?? join(homedir(), '.ssh', 'config');
    sshConfig = existsSync(path) ? SSHConfig.parse(readFileSync(path, 'utf8')) : null;
  }
  return sshConfig ? sshConfig.compute(host) : {};
}

export function resetSshConfigCache(): void {
  sshConfig = undefined;
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * ANSIBLE_HOST_KEY_CHECKING as a boolean (False turns checking off, as in Ansible); undefined when unset or empty.
 * The one reading of the variable: carbon-play.cfg's loader and the SSH connection both use it.
 */
export function envHostKeyChecking(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const value = env.ANSIBLE_HOST_KEY_CHECKING;
  if (value === undefined || value === '') return undefined;
  const b = parseBool(value);
  if (b !== undefined) return b;
  throw new CarbonPlayError('options', `ANSIBLE_HOST_KEY_CHECKING: expected a boolean, got ${JSON.stringify(value)}`);
}

export function resolveSshSettings(name: string, vars: HostConnectionVars, defaults: { hostKeyChecking?: boolean } = {}): SshSettings {
  const args = parseSshArgs([str(vars.ansible_ssh_common_args), str(vars.ansible_ssh_extra_args)].filter(Boolean).join(' '));
  const alias = str(vars.ansible_host) ?? str(vars.ansible_ssh_host) ?? name;
  const cfg = lookupSshConfig(alias);
  const hostname = first(cfg.HostName) ?? alias;
  const portText = str(vars.ansible_port) ?? str(vars.ansible_ssh_port) ?? args.get('port') ?? first(cfg.Port) ?? '22';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CarbonPlayError('options', `${name}: ansible_port: expected a port number, got ${JSON.stringify(portText)}`, { host: name });
  }
  const explicitKey = str(vars.ansible_ssh_private_key_file) ?? str(vars.ansible_private_key_file) ?? args.get('identityfile');
  const cfgKeys = cfg.IdentityFile ? ([] as string[]).concat(cfg.IdentityFile) : [];
  const defaultKeys = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(homedir(), '.ssh', k));
  const keyFiles = explicitKey ? [explicitKey] : cfgKeys.length ? cfgKeys : defaultKeys;
  const strict = (args.get('stricthostkeychecking') ?? first(cfg.StrictHostKeyChecking) ?? '').toLowerCase();
  const jumpText = str(vars.ansible_jump_host) ?? args.get('proxyjump') ?? first(cfg.ProxyJump) ?? '';
  return {
    name,
    hostname,
    port,
    user: str(vars.ansible_user) ?? str(vars.ansible_ssh_user) ?? first(cfg.User) ?? userInfo().username,
    keyFiles: keyFiles.map(expandHome),
    keyExplicit: Boolean(explicitKey) || cfgKeys.length > 0,
    password: str(vars.ansible_password) ?? str(vars.ansible_ssh_pass) ?? str(vars.ansible_ssh_password),
    knownHostsFile: expandHome(args.get('userknownhostsfile') ?? first(cfg.UserKnownHostsFile) ?? join(homedir(), '.ssh', 'known_hosts')),
    hostKeyChecking: strict === 'no' || strict === 'off' ? false : defaults.hostKeyChecking ?? envHostKeyChecking() ?? true,
    acceptNew: strict === 'accept-new',
    jumps: parseJumps(jumpText),
  };
}
