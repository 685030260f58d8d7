// carbon-play.cfg: Ansible-style INI settings ([defaults] host_key_checking, timeout) from the working directory.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';

export interface ConfigSettings {
  hostKeyChecking?: boolean;
  timeout?: number;
}

/** Reads CARBON_PLAY_CONFIG or ./carbon-play.cfg; a missing file means no settings. */
export function readConfigFile(cwd = process.cwd(), env = process.env): ConfigSettings {
  const file = env.CARBON_PLAY_CONFIG ? resolve(cwd, env.CARBON_PLAY_CONFIG) : resolve(cwd, 'carbon-play.cfg');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  return parseConfig(text, file);
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
    if (key === 'host_key_checking') {
      if (/^(true|yes|on|1)$/i.test(value)) out.hostKeyChecking = true;
      else if (/^(false|no|off|0)$/i.test(value)) out.hostKeyChecking = false;
      else throw new CarbonPlayError('options', `host_key_checking: expected a boolean, got ${JSON.stringify(value)}`, { loc });
    } else if (key === 'timeout') {
      if (!/^\d+$/.test(value) || Number(value) < 1) throw new CarbonPlayError('options', `${key}: expected a positive integer, got ${JSON.stringify(value)}`, { loc });
      out[key] = Number(value);
    }
  });
  return out;
}
