// No plain password in the shipped inventories: every password-like value is a vault_* variable kept in an encrypted vault.yml.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';
import { createKeyring } from '../../src/vault/keyring.js';
import { SHIPPED_VAULT_PASS } from '../helpers/shipped-vault.js';

const SECRET_NAME = /pass(word)?|secret|passphrase|private_key(?!_file)/i;
// A vault_* variable, or another variable (itself checked where it is set): a literal never passes.
const VAULT_REF = /^\{\{\s*[A-Za-z_]\w*\s*\}\}$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** Every (key, value) pair of a YAML document, nested ones included. */
function pairs(v: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => pairs(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[`${path}.${k}`, x] as [string, unknown], ...pairs(x, `${path}.${k}`)]);
  return [];
}

const inventories = readdirSync(join(ROOT, 'inventory')).filter((n) => statSync(join(ROOT, 'inventory', n)).isDirectory());

describe.each(inventories)('inventory/%s', (name) => {
  const all = files(join(ROOT, 'inventory', name));
  it('keeps its secrets in group_vars/<group>/vault.yml files, each encrypted with ansible-vault', () => {
    const vaults = all.filter((f) => f.endsWith('/vault.yml'));
    expect(vaults.length, 'vault files').toBeGreaterThan(0);
    for (const f of vaults) expect(readFileSync(f, 'utf8'), relative(ROOT, f)).toMatch(/^\$ANSIBLE_VAULT;1\.[12];AES256/);
  });
  it('defines every vault_* variable its vars refer to, in a vault file the shipped demo password opens', () => {
    const keyring = createKeyring([{ id: 'default', password: Buffer.from(readFileSync(SHIPPED_VAULT_PASS, 'utf8').trim()) }]);
    const defined = new Set(all.filter((f) => f.endsWith('/vault.yml')).flatMap((f) => Object.keys(parse(keyring.decrypt(readFileSync(f, 'utf8')).plaintext.toString('utf8')) ?? {})));
    const used = all.filter((f) => !f.endsWith('/vault.yml')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\{\{\s*(vault_\w+)\s*\}\}/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((v) => !defined.has(v))).toEqual([]);
  });
  it('has no plain password: password-like values are variable references ({{ vault_* }} in the end)', () => {
    const found: string[] = [];
    for (const f of all.filter((x) => !x.endsWith('/vault.yml'))) {
      const text = readFileSync(f, 'utf8');
      if (/\.ya?ml$/.test(f)) {
        for (const [k, v] of pairs(parse(text))) {
          const key = k.split('.').pop() as string;
          if (SECRET_NAME.test(key) && typeof v !== 'object' && !VAULT_REF.test(String(v).trim())) found.push(`${relative(ROOT, f)}: ${k}`);
        }
      } else {
        // INI hosts files: key=value host and group variables.
        for (const m of text.matchAll(/([\w.-]+)=("[^"]*"|'[^']*'|\S+)/g)) if (SECRET_NAME.test(m[1])) found.push(`${relative(ROOT, f)}: ${m[1]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
