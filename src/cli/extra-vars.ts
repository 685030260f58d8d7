// -e values: k=v pairs, JSON or YAML mappings, @file (YAML or JSON); later ones win.
import { readFile } from 'node:fs/promises';
import { CarbonPlayError } from '../core/errors.js';
import { splitShellWords } from '../core/shell-words.js';

export async function parseExtraVars(values: string[], cwd = process.cwd()): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const raw of values) Object.assign(out, await parseOne(raw.trim(), cwd));
  return out;
}

async function parseOne(raw: string, cwd: string): Promise<Record<string, unknown>> {
  if (raw.startsWith('@')) {
    const path = raw.slice(1);
    let text: string;
    try {
      text = await readFile(path.startsWith('/') ? path : `${cwd}/${path}`, 'utf8');
    } catch {
      throw bad(`expected a readable file after @, got ${path}`);
    }
    return asMapping(await parseYaml(text, path), raw);
  }
  if (raw.startsWith('{')) return asMapping(await parseYaml(raw, '-e'), raw);
  const out: Record<string, unknown> = {};
  for (const word of splitShellWords(raw)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw bad(`expected key=value, got '${word}'`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

async function parseYaml(text: string, where: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text);
  } catch (err) {
    // yaml's first line ends in ' at line L, column C:' before a code frame: keep the reason and the place, on one line.
    const first = (err as Error).message.split('\n')[0]!.replace(/:\s*$/, '');
    throw bad(`${where}: expected YAML or JSON, got a syntax error: ${first}`);
  }
}

function asMapping(v: unknown, raw: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(`expected a mapping of variables, got ${Array.isArray(v) ? 'a list' : typeof v} from '${raw}'`);
  return v as Record<string, unknown>;
}

function bad(message: string): CarbonPlayError {
  return new CarbonPlayError('options', `--extra-vars: ${message}`);
}
