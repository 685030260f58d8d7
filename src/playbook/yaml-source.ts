// Reading a YAML file with positions kept, and the helpers loaders use to locate and report problems.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node, type YAMLMap } from 'yaml';
import { CarbonPlayError, type SourceLocation } from '../core/errors.js';
import { activeKeyring, type Keyring } from '../vault/keyring.js';
import { isVaultText } from '../vault/envelope.js';
import { isVaultYamlError, openVaultedText, vaultYamlOptions } from '../vault/yaml-vault.js';
import { keepTree, readCachedTree } from './yaml-tree-cache.js';
import { convertNode } from './node-to-js.js';

export interface Source {
  file: string;
  lc: LineCounter;
  errors: CarbonPlayError[];
}

/** Parses a file; YAML syntax errors (duplicate keys included) go to `errors`. Returns undefined when unreadable or broken. */
export function readYamlFile(file: string, errors: CarbonPlayError[], from?: { src: Source; node: unknown; path: string }): { src: Source; root: Node | null } | undefined {
  let text: string;
  let raw: string;
  try {
    // Vault-encrypted files are opened here; a wrong password is an error at the file.
    raw = readFileSync(file, 'utf8');
    text = openVaultedText(raw);
  } catch (err) {
    if (err instanceof CarbonPlayError) {
      errors.push(new CarbonPlayError('parse', err.message, { loc: { file, line: 1, col: 1 } }));
      return undefined;
    }
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    if (from) errors.push(errorAt(from.src, from.node, from.path, `cannot read ${file}: ${why}`));
    else errors.push(new CarbonPlayError('parse', `cannot read ${file}: ${why}`, { loc: { file, line: 1, col: 1 } }));
    return undefined;
  }
  // A vault-encrypted file's tree is never kept on disk.
  const { lc, root, faults } = parseCached(text, !isVaultText(raw));
  const src: Source = { file, lc, errors };
  if (faults.length > 0) {
    for (const f of faults) errors.push(new CarbonPlayError('parse', f.message, { loc: { file, line: f.line, col: f.col } }));
    return undefined;
  }
  return { src, root };
}

interface Parsed {
  lc: LineCounter;
  root: Node | null;
  faults: { message: string; line: number; col: number }[];
}

/**
 * Parsed documents by their text: a role used by five plays, or a vars file read twice, is parsed once per process.
 * Keyed by content, so an edited file is parsed again; loaders only read the nodes, never change them.
 */
// Per keyring too: `!vault` values are opened while parsing, with the vault passwords active at the time.
const parsedByKeyring = new WeakMap<Keyring, Map<string, Parsed>>();
const CACHE_LIMIT = 2000;

function parseCached(text: string, keepable: boolean): Parsed {
  const keyring = activeKeyring();
  let parsedByText = parsedByKeyring.get(keyring);
  if (!parsedByText) parsedByKeyring.set(keyring, (parsedByText = new Map()));
  let parsed = parsedByText.get(text);
  if (parsed) return parsed;
  // An earlier run's tree: kept only for texts without tags (so no `!vault`) that parsed without an error.
  const kept = keepable ? readCachedTree(text) : undefined;
  if (kept) {
    parsed = { ...kept, faults: [] };
    parsedByText.set(text, parsed);
    return parsed;
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, ...vaultYamlOptions() });
  const faults = doc.errors.map((e) => {
    const pos = lc.linePos(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key in mapping (each key may appear once)'
      : isVaultYamlError(e.code) ? e.message.split('\n')[0]! : `invalid YAML: ${e.message.split('\n')[0]}`;
    return { message, line: pos.line, col: pos.col };
  });
  parsed = { lc, root: (doc.contents as Node | null) ?? null, faults };
  if (keepable && faults.length === 0 && doc.warnings.length === 0) keepTree(text, parsed);
  if (parsedByText.size >= CACHE_LIMIT) parsedByText.clear();
  parsedByText.set(text, parsed);
  return parsed;
}

export function locOf(src: Source, node: unknown, offset = 0): SourceLocation {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const pos = src.lc.linePos(range ? range[0] + offset : 0);
  return { file: src.file, line: pos.line, col: pos.col };
}

export function errorAt(src: Source, node: unknown, path: string, message: string, offset = 0): CarbonPlayError {
  return new CarbonPlayError('validation', message, { loc: locOf(src, node, offset), path });
}

export function report(src: Source, node: unknown, path: string, message: string): void {
  src.errors.push(errorAt(src, node, path, message));
}

/** Key node and value node of each pair of a mapping, keys as strings. */
export function entries(map: YAMLMap): { key: string; keyNode: Node; value: Node | null }[] {
  return map.items.map((p) => ({ key: String(isScalar(p.key) ? p.key.value : p.key), keyNode: p.key as Node, value: (p.value as Node | null) ?? null }));
}

/** node.toJSON(), faster (node-to-js.ts). */
export function toJs(node: Node | null): unknown {
  return node === null ? null : convertNode(node);
}

/** Whether a node reads as null (empty, `~`, `null`): `toJs(node) === null`, without converting a whole tree (a map or list is never null). */
export function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && toJs(node) === null);
}

export function describeNode(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'null';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v = (node as Scalar).value;
  return typeof v === 'string' ? `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}` : `${typeof v} ${String(v)}`;
}

export { hint, suggest } from '../core/suggest.js';
