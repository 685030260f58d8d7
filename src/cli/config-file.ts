// Settings from ansible.cfg or carbon-play.cfg (Ansible's INI layout and search order), then ANSIBLE_* variables over them.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseBool } from '../core/bool.js';
import { CarbonPlayError, type SourceLocation } from '../core/errors.js';

export interface ConfigSettings {
  inventory?: string[];
  remoteUser?: string;
  forks?: number;
  hostKeyChecking?: boolean;
  timeout?: number;
  gathering?: 'implicit' | 'explicit' | 'smart';
  rolesPath?: string[];
  vaultPasswordFile?: string;
  vaultIdentityList?: string[];
  privateKeyFile?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo' | 'su';
  becomeFlags?: string;
  becomeAskPass?: boolean;
  /** Settings read but not applied, each with the reason (printed as warnings). */
  notes?: string[];
}

type Parse = (value: string, key: string, loc?: SourceLocation) => unknown;

/** The settings carbon-play honours: INI section and key, environment variable, parser, field. Others are ignored, as Ansible ignores unknown keys. */
const SETTINGS: { section: string[]; key: string; env: string; parse: Parse; field: keyof ConfigSettings }[] = [
  { section: ['defaults'], key: 'inventory', env: 'ANSIBLE_INVENTORY', parse: pathList(','), field: 'inventory' },
  { section: ['defaults'], key: 'remote_user', env: 'ANSIBLE_REMOTE_USER', parse: (v) => v, field: 'remoteUser' },
  { section: ['defaults'], key: 'forks', env: 'ANSIBLE_FORKS', parse: positiveInt, field: 'forks' },
  { section: ['defaults'], key: 'host_key_checking', env: 'ANSIBLE_HOST_KEY_CHECKING', parse: readBool, field: 'hostKeyChecking' },
  { section: ['defaults'], key: 'timeout', env: 'ANSIBLE_TIMEOUT', parse: positiveInt, field: 'timeout' },
  { section: ['defaults'], key: 'gathering', env: 'ANSIBLE_GATHERING', parse: choice(['implicit', 'explicit', 'smart']), field: 'gathering' },
  { section: ['defaults'], key: 'roles_path', env: 'ANSIBLE_ROLES_PATH', parse: pathList(':'), field: 'rolesPath' },
  { section: ['defaults'], key: 'vault_password_file', env: 'ANSIBLE_VAULT_PASSWORD_FILE', parse: path, field: 'vaultPasswordFile' },
  { section: ['defaults'], key: 'vault_identity_list', env: 'ANSIBLE_VAULT_IDENTITY_LIST', parse: (v) => splitList(v, ','), field: 'vaultIdentityList' },
  { section: ['defaults'], key: 'private_key_file', env: 'ANSIBLE_PRIVATE_KEY_FILE', parse: path, field: 'privateKeyFile' },
  { section: ['privilege_escalation'], key: 'become', env: 'ANSIBLE_BECOME', parse: readBool, field: 'become' },
  { section: ['privilege_escalation'], key: 'become_user', env: 'ANSIBLE_BECOME_USER', parse: (v) => v, field: 'becomeUser' },
  { section: ['privilege_escalation'], key: 'become_method', env: 'ANSIBLE_BECOME_METHOD', parse: choice(['sudo', 'su']), field: 'becomeMethod' },
  { section: ['privilege_escalation'], key: 'become_flags', env: 'ANSIBLE_BECOME_FLAGS', parse: (v) => v, field: 'becomeFlags' },
  { section: ['privilege_escalation'], key: 'become_ask_pass', env: 'ANSIBLE_BECOME_ASK_PASS', parse: readBool, field: 'becomeAskPass' },
];

/** Accepted and checked, but without effect here; the note says why. */
const IGNORED: { section: string[]; key: string; env: string; note: string }[] = [
  { section: ['ssh_connection', 'connection'], key: 'pipelining', env: 'ANSIBLE_PIPELINING', note: 'pipelining is ignored: carbon-play always works over one persistent connection per host and sends no module files' },
];

/**
 * The first config file found, as Ansible uses only one: CARBON_PLAY_CONFIG, ANSIBLE_CONFIG (a file, or a
 * directory holding ansible.cfg), ./carbon-play.cfg, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg.
 */
export function findConfigFile(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.CARBON_PLAY_CONFIG && resolve(cwd, env.CARBON_PLAY_CONFIG),
    env.ANSIBLE_CONFIG && (isDir(resolve(cwd, env.ANSIBLE_CONFIG)) ? join(resolve(cwd, env.ANSIBLE_CONFIG), 'ansible.cfg') : resolve(cwd, env.ANSIBLE_CONFIG)),
    resolve(cwd, 'carbon-play.cfg'),
    resolve(cwd, 'ansible.cfg'),
    env.HOME && join(env.HOME, '.ansible.cfg'),
    // An environment without HOME (what tests pass) reads no system-wide file either.
    env.HOME !== undefined ? '/etc/ansible/ansible.cfg' : undefined,
  ];
  return candidates.find((f): f is string => typeof f === 'string' && f !== '' && isFile(f));
}

/** The config file's settings (none when there is no file), then the environment over them. */
export function readConfigFile(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): ConfigSettings {
  const file = findConfigFile(cwd, env);
  const fromFile = file === undefined ? {} : parseConfig(readFileSync(file, 'utf8'), file);
  const fromEnv = settingsFromEnv(env);
  const notes = [...new Set([...(fromFile.notes ?? []), ...(fromEnv.notes ?? [])])];
  const out: ConfigSettings = { ...fromFile, ...fromEnv };
  delete out.notes;
  return notes.length > 0 ? { ...out, notes } : out;
}

function settingsFromEnv(env: NodeJS.ProcessEnv): ConfigSettings {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const value = env[s.env];
    if (value !== undefined && value !== '') out[s.field] = s.parse(value, s.env);
  }
  for (const i of IGNORED) {
    const value = env[i.env];
    if (value !== undefined && value !== '' && readBool(value, i.env)) out.notes = [...((out.notes as string[]) ?? []), i.note];
  }
  return out as ConfigSettings;
}

/** Python configparser's layout: `[section]`, `key = value` or `key: value`, `#`/`;` comments (`;` also after a value). */
export function parseConfig(text: string, file: string): ConfigSettings {
  const out: Record<string, unknown> = {};
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      return;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/.exec(line);
    const loc = { file, line: i + 1, col: 1 };
    if (!kv) throw new CarbonPlayError('options', `expected 'key = value', got ${JSON.stringify(line)}`, { loc });
    const key = kv[1]!;
    const value = unquote(kv[2]!.replace(/\s;.*$/, '').trim());
    const setting = SETTINGS.find((s) => s.key === key && s.section.includes(section));
    if (setting) out[setting.field] = setting.parse(value, key, loc);
    const ignored = IGNORED.find((s) => s.key === key && s.section.includes(section));
    if (ignored && readBool(value, key, loc)) out.notes = [ignored.note];
  });
  return out as ConfigSettings;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

/** Ansible's boolean words (core/bool.ts), or an error naming the key. */
function readBool(value: string, key: string, loc?: SourceLocation): boolean {
  const b = parseBool(value);
  if (b !== undefined) return b;
  throw new CarbonPlayError('options', `${key}: expected a boolean, got ${JSON.stringify(value)}`, loc ? { loc } : {});
}

function positiveInt(value: string, key: string, loc?: SourceLocation): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CarbonPlayError('options', `${key}: expected a positive integer, got ${JSON.stringify(value)}`, loc ? { loc } : {});
  return Number(value);
}

function choice(values: string[]): Parse {
  return (value, key, loc) => {
    if (values.includes(value)) return value;
    throw new CarbonPlayError('options', `${key}: expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`, loc ? { loc } : {});
  };
}

/** As Ansible, a relative path in a config file is relative to that file; `~` is the home directory. */
function path(value: string, _key: string, loc?: SourceLocation): string {
  const home = value === '~' || value.startsWith('~/') ? join(homedir(), value.slice(1)) : value;
  return loc && !isAbsolute(home) ? resolve(dirname(loc.file), home) : home;
}

function pathList(sep: string): Parse {
  // A host list (`-i`-style 'a,b,') stays as written.
  return (value, key, loc) => (sep === ',' && !value.includes('/') && value.trim().endsWith(',') ? [value] : splitList(value, sep).map((v) => path(v, key, loc)));
}

function splitList(value: string, sep: string): string[] {
  return value.split(sep).map((s) => s.trim()).filter(Boolean);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
