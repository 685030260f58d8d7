// carbon-play.cfg: Ansible-style INI settings ([defaults] host_key_checking, timeout) from the working directory;
// ANSIBLE_HOST_KEY_CHECKING and ANSIBLE_TIMEOUT win over the file, as they do in Ansible.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseBool } from '../core/bool.js';
import { CarbonPlayError } from '../core/errors.js';
import { envHostKeyChecking } from '../connection/ssh-settings.js';

export interface ConfigSettings {
  hostKeyChecking?: boolean;
  timeout?: number;
}

/** Reads CARBON_PLAY_CONFIG or ./carbon-play.cfg (a missing file means no settings), then the environment over it. */
export function readConfigFile(cwd = process.cwd(), env = process.env): ConfigSettings {
  const file = env.CARBON_PLAY_CONFIG ? resolve(cwd, env.CARBON_PLAY_CONFIG) : resolve(cwd, 'carbon-play.cfg');
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return { ...(text === undefined ? {} : parseConfig(text, file)), ...settingsFromEnv(env) };
}

/** ANSIBLE_HOST_KEY_CHECKING (read as the SSH connection reads it) and ANSIBLE_TIMEOUT, checked like the file's values. */
function settingsFromEnv(env: NodeJS.ProcessEnv): ConfigSettings {
  const out: ConfigSettings = {};
  const hkc = envHostKeyChecking(env);
  if (hkc !== undefined) out.hostKeyChecking = hkc;
  const timeout = env.ANSIBLE_TIMEOUT;
  if (timeout !== undefined && timeout !== '') out.timeout = parseTimeout(timeout, 'ANSIBLE_TIMEOUT', {});
  return out;
}

function readBool(value: string, key: string, ctx: { loc?: { file: string; line: number; col: number } }): boolean {
  const b = parseBool(value);
  if (b !== undefined) return b;
  throw new CarbonPlayError('options', `${key}: expected a boolean, got ${JSON.stringify(value)}`, ctx);
}

function parseTimeout(value: string, key: string, ctx: { loc?: { file: string; line: number; col: number } }): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CarbonPlayError('options', `${key}: expected a positive integer, got ${JSON.stringify(value)}`, ctx);
  return Number(value);
}

export function parseConfig(text: string, file: string): ConfigSettings {
  const out: ConfigSettings = {};
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      return;
    }
    const kv = /^([A-Za-z_]+)\s*[=:]\s*(.*)$/.exec(line);
    const loc = { file, line: i + 1, col: 1 };
    if (!kv) throw new CarbonPlayError('options', `expected 'key = value', got ${JSON.stringify(line)}`, { loc });
    if (section !== 'defaults') return;
    const [, key, value] = kv as unknown as [string, string, string];
    if (key === 'host_key_checking') out.hostKeyChecking = readBool(value, key, { loc });
    else if (key === 'timeout') out.timeout = parseTimeout(value, key, { loc });
  });
  return out;
}
