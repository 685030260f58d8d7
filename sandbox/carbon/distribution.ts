// Reads a WSO2 distribution (the downloaded zip, or its unpacked folder) into memory and checks that it is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { CarbonPlayError } from '../../src/core/errors.js';
import { START_SCRIPTS } from './start-script.js';
import type { PackFile } from './standin-files.js';
import { readZipModes } from './zip-modes.js';

export interface Distribution {
  /** The top folder, `wso2ei-6.6.0`: the pack keeps it, and its zip is named after it. */
  top: string;
  key: string;
  version: string;
  /** Files under the top folder, by relative path. */
  files: Map<string, PackFile>;
  /** Folders under the top folder (empty ones included), relative, each ending in '/'. */
  dirs: Set<string>;
}

/** `wso2<key>-<version>`, as WSO2 names its distributions (wso2as-5.3.0, wso2ei-6.6.0, wso2is-km-5.7.0). */
const TOP = /^wso2([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(\d+\.\d+\.\d+(?:[.-][A-Za-z0-9]+)*)$/;

const fail = (msg: string) => new CarbonPlayError('options', `--pack-from: ${msg}`);

function fromZip(path: string): { top: string; files: Map<string, PackFile>; dirs: Set<string> } {
  let raw: Buffer;
  let entries: Record<string, Uint8Array>;
  try {
    raw = readFileSync(path);
    entries = unzipSync(raw);
  } catch (e) {
    throw fail(`cannot read ${path} as a zip: ${(e as Error).message}`);
  }
  const modes = readZipModes(raw);
  const tops = new Set(Object.keys(entries).map((n) => n.split('/')[0]));
  if (tops.size !== 1) throw fail(`${path} is not a WSO2 distribution: expected one top folder named like wso2ei-6.6.0, got ${tops.size} top-level entries`);
  const top = [...tops][0];
  const files = new Map<string, PackFile>();
  const dirs = new Set<string>();
  for (const [name, data] of Object.entries(entries)) {
    const rel = name.slice(top.length + 1);
    if (rel === '') continue;
    const mode = (modes.get(name) ?? 0) & 0o7777;
    if (name.endsWith('/')) dirs.add(rel);
    else files.set(rel, { data, mode: mode || 0o644 });
  }
  return { top, files, dirs };
}

function fromFolder(path: string): { top: string; files: Map<string, PackFile>; dirs: Set<string> } {
  const files = new Map<string, PackFile>();
  const dirs = new Set<string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(path, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      // stat follows links: a linked file or folder is packed as what it points at.
      const st = statSync(join(path, r));
      if (st.isDirectory()) { dirs.add(`${r}/`); walk(r); }
      else if (st.isFile()) files.set(r, { data: readFileSync(join(path, r)), mode: st.mode & 0o7777 });
    }
  };
  try { walk(''); } catch (e) { throw fail(`cannot read the folder ${path}: ${(e as Error).message}`); }
  return { top: basename(path.replace(/\/+$/, '')), files, dirs };
}

/** Loads and checks a distribution; every failure is one line naming what is wrong, and nothing is written. */
export function readDistribution(path: string): Distribution {
  if (!existsSync(path)) throw fail(`${path}: no such file or folder (expected a WSO2 distribution zip or its unpacked folder)`);
  const { top, files, dirs } = statSync(path).isDirectory() ? fromFolder(path) : fromZip(path);
  const m = TOP.exec(top);
  if (!m) throw fail(`${path} is not a WSO2 distribution: its folder is '${top}', expected a name like wso2ei-6.6.0`);
  if (!files.has('repository/conf/carbon.xml') && !files.has('conf/carbon.xml')) {
    throw fail(`${path} is not a WSO2 Carbon distribution: it has neither repository/conf/carbon.xml nor conf/carbon.xml`);
  }
  if (!START_SCRIPTS.some((s) => files.has(s))) throw fail(`${path} has no start script (${START_SCRIPTS.join(' or ')})`);
  if ([...files.keys()].some((f) => f.startsWith('standin/'))) throw fail(`${path} is already a carbon-play pack (it has standin/), not a WSO2 distribution`);
  return { top, key: m[1], version: m[2], files, dirs };
}
