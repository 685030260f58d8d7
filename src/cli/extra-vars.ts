// -e values: k=v pairs, JSON or YAML mappings, @file (YAML or JSON); later ones win.
// fs.promises, read when called: `node:fs/promises` imported at the top would load on every start-up (the bundle hoists it).
import { promises as fs } from 'node:fs';
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
      text = await fs.readFile(path.startsWith('/') ? path : `${cwd}/${path}`, 'utf8');
    } catch {
      throw bad(`expected a readable file after @, got ${path}`);
    }
    // A vault-encrypted file is opened (a wrong password is a parse error, exit 4), as ansible-playbook does.
    const { openVaultedText } = await import('../vault/yaml-vault.js');
    let plain: string;
    try {
      plain = openVaultedText(text);
    } catch (err) {
      throw new CarbonPlayError('parse', `${path}: ${(err as Error).message}`);
    }
    return asMapping(await parseYaml(plain, path), raw);
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
  const { vaultYamlOptions } = await import('../vault/yaml-vault.js');
  try {
    return parse(text, vaultYamlOptions());
  } catch (err) {
    // yaml's first line ends in ' at line L, column C:' before a code frame: keep the reason and the place, on one line.
    const first = (err as Error).message.split('\n')[0]!.replace(/:\s*$/, '');
    const { isVaultYamlError } = await import('../vault/yaml-vault.js');
    if (isVaultYamlError(String((err as { code?: unknown }).code))) throw new CarbonPlayError('parse', `${where}: ${first}`);
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
