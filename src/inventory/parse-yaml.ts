// Parses an Ansible YAML inventory into InventoryData, collecting every error with file:line:col.
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { CarbonPlayError } from '../core/errors.js';
import { isVaultYamlError, vaultYamlOptions } from '../vault/yaml-vault.js';
import { expandHostEntry } from './expand-host-pattern.js';
import type { InventoryData } from './inventory-data.js';

const GROUP_KEYS = ['vars', 'children', 'hosts'];

/** `looksLikeYaml` is false when the text is not a YAML mapping at all (the caller then tries INI). */
export function parseYamlInventory(text: string, file: string, data: InventoryData): { errors: CarbonPlayError[]; looksLikeYaml: boolean } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, ...vaultYamlOptions() });
  const errors: CarbonPlayError[] = [];
  const at = (node: Node | Pair | null | undefined): { file: string; line: number; col: number } => {
    const range = node && 'range' in node ? node.range : node && 'key' in node && node.key && typeof node.key === 'object' && 'range' in node.key ? (node.key as Node).range : undefined;
    const pos = lc.linePos(range ? range[0] : 0);
    return { file, line: pos.line, col: pos.col };
  };
  const fail = (node: Node | Pair | null | undefined, message: string): void => {
    errors.push(new CarbonPlayError('parse', message, { loc: at(node) }));
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lc.linePos(e.pos[0]);
      const why = e.message.split('\n')[0]!;
      errors.push(new CarbonPlayError('parse', isVaultYamlError(e.code) ? why : `expected valid YAML, got ${why}`, { loc: { file, line: pos.line, col: pos.col } }));
    }
    return { errors, looksLikeYaml: false };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    fail(root, 'expected a YAML inventory mapping of groups, got an empty file');
    return { errors, looksLikeYaml: false };
  }
  if (!isMap(root)) {
    fail(root, `expected a YAML inventory mapping of groups, got a ${isScalar(root) ? 'scalar' : 'sequence'}`);
    return { errors, looksLikeYaml: false };
  }
  const groupName = (pair: Pair): string | undefined => {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      fail(pair.key as Node, `expected a group name (a string), got ${JSON.stringify((pair.key as { toJSON?: () => unknown })?.toJSON?.() ?? null)}`);
      return undefined;
    }
    return pair.key.value;
  };

  const parseGroup = (pair: Pair): string | undefined => {
    const name = groupName(pair);
    if (name === undefined) return undefined;
    if (name === 'plugin') {
      fail(pair.key as Node, `expected a group name, got 'plugin' (inventory plugin configurations are not supported)`);
      return undefined;
    }
    data.addGroup(name, at(pair.key as Node));
    const body = pair.value as Node | null;
    if (body === null || (isScalar(body) && body.value === null)) return name;
    if (!isMap(body)) {
      fail(body, `expected group '${name}' to be a mapping with vars, children or hosts, got ${describe(body)}`);
      return name;
    }
    for (const item of body.items) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      if (!GROUP_KEYS.includes(key)) {
        fail(item.key as Node, `expected vars, children or hosts in group '${name}', got '${key}'`);
        continue;
      }
      const value = item.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null)) continue;
      // Ansible accepts a bare string for hosts/children: `hosts: web1`
      const entries: Pair[] | undefined = isMap(value)
        ? (value as YAMLMap).items as Pair[]
        : isScalar(value) && typeof value.value === 'string' && key !== 'vars'
          ? [{ key: value, value: null } as unknown as Pair]
          : undefined;
      if (!entries) {
        fail(value, `expected '${key}' of group '${name}' to be a mapping, got ${describe(value)}`);
        continue;
      }
      if (key === 'vars') {
        for (const v of entries) data.setGroupVar(name, String((v.key as { toJSON: () => unknown }).toJSON()), toJs(v.value));
      } else if (key === 'children') {
        for (const c of entries) {
          const child = parseGroup(c);
          if (child === undefined) continue;
          const loop = data.addChild(name, child);
          if (loop) fail(c.key as Node, loop);
        }
      } else {
        for (const h of entries) parseHost(h, name);
      }
    }
    return name;
  };

  const parseHost = (pair: Pair, group: string): void => {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      fail(pair.key as Node, `expected a host name (a string) in group '${group}', got ${describe(pair.key as Node)}; quote numbers`);
      return;
    }
    let expanded;
    try {
      expanded = expandHostEntry(pair.key.value);
    } catch (e) {
      fail(pair.key, (e as Error).message);
      return;
    }
    const value = pair.value as Node | null;
    const hasVars = value !== null && !(isScalar(value) && value.value === null);
    if (hasVars && !isMap(value)) {
      fail(value, `expected the vars of host '${pair.key.value}' to be a mapping, got ${describe(value)}`);
      return;
    }
    const vars = hasVars ? (toJs(value) as Record<string, unknown>) : {};
    for (const n of expanded.names) {
      const h = data.addHost(n, group, at(pair.key));
      if (expanded.port !== undefined) h.fileVars.ansible_port = expanded.port;
      Object.assign(h.fileVars, vars);
    }
  };

  for (const pair of root.items) parseGroup(pair);
  return { errors, looksLikeYaml: true };
}

function toJs(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  return (node as { toJSON: () => unknown }).toJSON();
}

function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'a sequence';
}
