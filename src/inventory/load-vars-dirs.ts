// Loads group_vars/ and host_vars/ beside each inventory source, as Ansible's host_group_vars plugin does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { CarbonPlayError } from '../core/errors.js';
import { keepTree, readCachedTree } from '../playbook/yaml-tree-cache.js';
import { isVaultText } from '../vault/envelope.js';
import { prepareVaultKeys } from '../vault/keyring.js';
import { isVaultYamlError, openVaultedText, vaultYamlOptions } from '../vault/yaml-vault.js';
import type { InventoryData, Vars } from './inventory-data.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** The vars files of one group or host in one vars folder (`index` in `data.varDirs`), in load order. */
export interface EntityVarsFiles {
  index: number;
  entity: { dirVars: Vars[] };
  files: string[];
}

/** Every group's then every host's vars files, folder by folder: what loadVarsDirs reads. */
export function findAllVarsFiles(data: InventoryData): EntityVarsFiles[] {
  const out: EntityVarsFiles[] = [];
  data.varDirs.forEach((dir, index) => {
    for (const [sub, entities] of [['group_vars', data.groups.values()], ['host_vars', data.hosts.values()]] as const) {
      const base = join(dir, sub);
      const exists = isDir(base);
      for (const entity of entities) out.push({ index, entity, files: exists ? findVarsFiles(base, entity.name) : [] });
    }
  });
  return out;
}

/**
 * Fills `dirVars` of every known group and host; returns the errors found in vars files. With `sealed`, vault data
 * in them is not opened: a vault-encrypted file gives no vars, a `!vault` value stays its envelope's text.
 */
export function loadVarsDirs(data: InventoryData, found: EntityVarsFiles[] = findAllVarsFiles(data), texts = new Map<string, string>(), sealed = false): CarbonPlayError[] {
  const errors: CarbonPlayError[] = [];
  for (const { index, entity, files } of found) {
    const vars: Vars = {};
    for (const file of files) {
      if (!data.sources.includes(file)) data.sources.push(file);
      Object.assign(vars, readVarsFile(file, errors, texts.get(file), sealed));
    }
    entity.dirVars[index] = vars;
  }
  return errors;
}

/**
 * Derives the keys of the vault data in these vars files off the main thread, resolving when they are ready:
 * the inventory loader awaits this, so that its caller can load playbooks meanwhile. Returns the texts it read,
 * for loadVarsDirs, so each file is read once.
 */
export async function prepareVarsDirKeys(found: EntityVarsFiles[], sealed = false): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of found.flatMap((f) => f.files)) {
    try {
      texts.set(file, readFileSync(file, 'utf8'));
    } catch {
      // readVarsFile reads it again and reports why it cannot
    }
  }
  if (!sealed) await prepareVaultKeys([...texts.values()]);
  return texts;
}

/** `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` (first that exists), or every vars file under `NAME/`. */
function findVarsFiles(base: string, name: string): string[] {
  for (const ext of EXTENSIONS) {
    const path = join(base, name + ext);
    const st = statOf(path);
    if (!st) continue;
    return st.isDirectory() ? listDirVarsFiles(path) : [path];
  }
  return [];
}

function listDirVarsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const path = join(dir, entry);
    const st = statOf(path);
    if (st?.isDirectory()) out.push(...listDirVarsFiles(path));
    else if (st?.isFile() && EXTENSIONS.includes(extname(entry))) out.push(path);
  }
  return out;
}

function readVarsFile(file: string, errors: CarbonPlayError[], read?: string, sealed = false): Vars {
  let raw: string;
  let text: string;
  try {
    raw = read ?? readFileSync(file, 'utf8');
    if (sealed && isVaultText(raw)) return {};
    text = openVaultedText(raw); // a vault-encrypted vars file is opened here
  } catch (err) {
    if (!(err instanceof CarbonPlayError)) throw err;
    errors.push(new CarbonPlayError('parse', err.message, { loc: { file, line: 1, col: 1 } }));
    return {};
  }
  // An earlier run's tree (the playbook loader's cache): never for a vault-encrypted file, whose text is a secret.
  const keepable = !isVaultText(raw);
  const kept = keepable ? readCachedTree(text) : undefined;
  if (kept) return varsOf(kept.root, kept.root?.toJSON() ?? null, kept.lc, file, errors);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, ...vaultYamlOptions({ open: !sealed }) });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lc.linePos(e.pos[0]);
      const why = e.message.split('\n')[0];
      errors.push(new CarbonPlayError('parse', isVaultYamlError(e.code) ? why! : `expected valid YAML, got ${why}`, { loc: { file, ...pos } }));
    }
    return {};
  }
  const root = (doc.contents as Node | null) ?? null;
  // The cache is shared with the playbook loader, which reports duplicate keys: a tree with any is not kept.
  if (keepable && doc.warnings.length === 0 && !hasDuplicateKeys(root)) keepTree(text, { lc, root });
  // The document's toJSON, not the root's: it resolves aliases and merge keys.
  return varsOf(root, root === null ? null : doc.toJSON(), lc, file, errors);
}

function varsOf(root: Node | null, value: unknown, lc: LineCounter, file: string, errors: CarbonPlayError[]): Vars {
  if (root === null || value === null) return {}; // empty files are ignored, as Ansible does
  if (!isMap(root)) {
    const pos = lc.linePos(root.range?.[0] ?? 0);
    errors.push(new CarbonPlayError('parse', 'expected a mapping of variables, got a ' + (Array.isArray(value) ? 'sequence' : 'scalar'), { loc: { file, ...pos } }));
    return {};
  }
  return value as Vars;
}

/** Whether a mapping in the tree repeats a key (allowed in vars files, last one wins, as Ansible), or has a key that is not a scalar. */
function hasDuplicateKeys(node: unknown): boolean {
  const n = node as Node | null;
  if (n === null || typeof n !== 'object') return false;
  if (isMap(n)) {
    const seen = new Set<unknown>();
    for (const p of n.items) {
      if (!isScalar(p.key) || seen.has(p.key.value)) return true;
      seen.add(p.key.value);
      if (hasDuplicateKeys(p.value)) return true;
    }
    return false;
  }
  const items = (n as { items?: unknown[] }).items;
  return Array.isArray(items) && items.some(hasDuplicateKeys);
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  return statOf(path)?.isDirectory() ?? false;
}
