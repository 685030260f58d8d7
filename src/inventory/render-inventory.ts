// Renders an Inventory the way ansible-inventory does: --list JSON, --host JSON and the --graph tree.
import { createRedactor } from '../runner/redact.js';
import { activeKeyring } from '../vault/keyring.js';
import type { Inventory } from './types.js';

/** Vars whose values are secrets: printed masked, never verbatim (ansible-inventory would print them). */
const SECRET_VAR = /(^|_)(pass|password|passwd|secret|token)$/i;
export const MASK = '********';

/** Secret-named vars, and every value vault data revealed (at any depth, whatever its name), are masked. */
export function maskSecretVars(vars: Record<string, unknown>, revealed: readonly string[] = activeKeyring().revealed()): Record<string, unknown> {
  const redactor = createRedactor();
  redactor.add(revealed);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = SECRET_VAR.test(k) && v !== null && v !== '' ? MASK : redactor.redact(v);
  return out;
}

/** Python's json.dumps(sort_keys=True, indent=4, ensure_ascii=False). */
export function renderAnsibleJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The object `ansible-inventory --list` prints; `only` restricts hosts (a --limit). */
export function buildInventoryList(inv: Inventory, only?: ReadonlySet<string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Set<string>();
  const format = (name: string): void => {
    const g = inv.groups.get(name);
    if (!g) return;
    const entry: Record<string, string[]> = {};
    if (name !== 'all') entry.hosts = g.hosts.filter((h) => !only || only.has(h));
    entry.children = [...g.children];
    result[name] = entry;
    for (const c of g.children) {
      if (!seen.has(c)) {
        format(c);
        seen.add(c);
      }
    }
    // groups with neither hosts nor children are left out, as Ansible does
    for (const k of ['hosts', 'children']) if (entry[k] && entry[k].length === 0) delete entry[k];
    if (Object.keys(entry).length === 0) delete result[name];
  };
  format('all');
  const hostvars: Record<string, unknown> = {};
  for (const h of inv.hosts.keys()) {
    if (only && !only.has(h)) continue;
    const vars = maskSecretVars(inv.hostVars(h));
    if (Object.keys(vars).length > 0) hostvars[h] = vars;
  }
  result._meta = { hostvars };
  return result;
}

export function renderInventoryList(inv: Inventory, only?: ReadonlySet<string>): string {
  return renderAnsibleJson(buildInventoryList(inv, only));
}

export function renderInventoryHost(inv: Inventory, host: string): string {
  return renderAnsibleJson(maskSecretVars(inv.hostVars(host)));
}

/** `@all:` tree; a group under two parents is drawn under both, as Ansible does. */
export function renderInventoryGraph(inv: Inventory, group = 'all', only?: ReadonlySet<string>): string {
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const walk = (g: string, depth: number): void => {
    lines.push(name(`@${g}:`, depth));
    const data = inv.groups.get(g);
    if (!data) return;
    for (const c of data.children) walk(c, depth + 1);
    if (g !== 'all') for (const h of data.hosts) if (!only || only.has(h)) lines.push(name(h, depth + 1));
  };
  walk(group, 0);
  return lines.join('\n');
}
