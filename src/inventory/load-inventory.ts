// Loads inventory sources (INI or YAML files, or directories of them) into one Inventory, collecting all errors.
import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { CarbonPlayError, ErrorList } from '../core/errors.js';
import { isKnown, recordKnown } from '../core/known-facts.js';
import { createInventory } from './create-inventory.js';
import { InventoryData } from './inventory-data.js';
import { isHostList, parseHostList } from './host-list.js';
import { findAllVarsFiles, loadVarsDirs, prepareVarsDirKeys } from './load-vars-dirs.js';
import { parseIniInventory } from './parse-ini.js';
import { parseYamlInventory } from './parse-yaml.js';
import type { Inventory } from './types.js';
import { readYamlText, vaultYamlOptions } from '../vault/yaml-vault.js';

/** Ansible's INVENTORY_IGNORE_EXTS (REJECT_EXTS + .orig .ini .cfg .retry) and always-ignored names. */
const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const IGNORED_NAMES = ['host_vars', 'group_vars', 'vars_plugins'];
const YAML_EXTS = ['.yml', '.yaml', '.json'];

/**
 * Later sources add hosts and groups and override vars of the same names. Throws ErrorList.
 * `sealedVars`: vault data in group_vars/ and host_vars/ is left closed (see loadVarsDirs), for a syntax check:
 * ansible-playbook's reads no vars files, so it needs no vault password for them, and neither does ours.
 */
export async function loadInventory(sources: string[], opts: { cwd?: string; sealedVars?: boolean } = {}): Promise<Inventory> {
  const cwd = opts.cwd ?? process.cwd();
  const data = new InventoryData();
  const errors: CarbonPlayError[] = [];
  for (const source of sources) {
    const path = resolve(cwd, source);
    const st = statOrUndefined(path);
    if (isHostList(source, st !== undefined)) {
      errors.push(...parseHostList(source, data));
      continue;
    }
    if (!st) {
      errors.push(new CarbonPlayError('parse', `expected an inventory file or directory, got nothing at ${source}`));
      continue;
    }
    // group_vars/ and host_vars/ sit inside a directory source, or beside a file source
    data.varDirs.push(st.isDirectory() ? path : dirname(path));
    if (st.isDirectory()) loadDirectory(path, data, errors);
    else loadFile(path, data, errors);
  }
  if (errors.length === 0) {
    data.reconcile();
    const varsFiles = findAllVarsFiles(data);
    // The vars files' vault keys are derived on the thread pool: the caller may load its playbooks meanwhile.
    const texts = await prepareVarsDirKeys(varsFiles, opts.sealedVars);
    errors.push(...loadVarsDirs(data, varsFiles, texts, opts.sealedVars));
  }
  if (errors.length > 0) throw new ErrorList(errors);
  return createInventory(data, cwd);
}

function loadDirectory(dir: string, data: InventoryData, errors: CarbonPlayError[]): void {
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || IGNORED_NAMES.includes(entry) || IGNORED_EXTS.some((e) => entry.endsWith(e))) continue;
    const path = join(dir, entry);
    if (statOrUndefined(path)?.isDirectory()) loadDirectory(path, data, errors);
    else loadFile(path, data, errors);
  }
}

function loadFile(file: string, data: InventoryData, errors: CarbonPlayError[]): void {
  let text: string;
  try {
    text = readYamlText(file); // an inventory file may be vault-encrypted as a whole
  } catch (err) {
    if (!(err instanceof CarbonPlayError)) throw err;
    errors.push(new CarbonPlayError('parse', err.message, { loc: { file, line: 1, col: 1 } }));
    return;
  }
  data.sources.push(file);
  // Like Ansible's plugin order: YAML for .yml/.yaml/.json or any YAML mapping, else INI
  if (YAML_EXTS.includes(extname(file)) || looksLikeYamlMapping(text)) {
    errors.push(...parseYamlInventory(text, file, data).errors);
  } else {
    errors.push(...parseIniInventory(text, file, data));
  }
}

/** An INI file's text is remembered (as a hash, core/known-facts.ts) as not a mapping: the bin's next run skips this parse. */
const NOT_A_MAPPING = 'inventory-not-yaml-mapping';

function looksLikeYamlMapping(text: string): boolean {
  if (isKnown(NOT_A_MAPPING, text)) return false;
  const doc = parseDocument(text, { prettyErrors: false, ...vaultYamlOptions({ open: false }) });
  const mapping = doc.errors.length === 0 && isMap(doc.contents);
  if (!mapping) recordKnown(NOT_A_MAPPING, text);
  return mapping;
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
