// V8's code cache for the bundled CLI and the CommonJS packages it loads: compiled code kept on disk between runs.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import vm from 'node:vm';

/*
 * CommonJS (.cts) like the bin that loads it: an ES module entry costs Node its ES loader at start-up.
 * Node 20 has no module.enableCompileCache() (Node 22), and no code cache for ES modules; for CommonJS, vm.Script
 * takes and produces V8's cached data. A cold start spends a large share of its time compiling the bundle and ssh2:
 * with the cache, the functions compiled in an earlier run (lazily compiled ones too) are read back instead.
 */

interface CompiledModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

interface Entry {
  script: vm.Script;
  file: string;
  fresh: boolean;
}

/**
 * CommonJS files under `roots` (folders, or path parts such as `/node_modules/`) compile with the cache in
 * `cacheDir`: one file per source text, named by its hash, so an edited or rebuilt file never gets another's code.
 * A file for which `keyedByName` is true is keyed by its name alone (`NAME.v8`; the function must accept the files of
 * one folder only): the caller knows that name stands for one text (the bundle's files: see bin.cts), and hashing
 * the text cost more than anything else here (~7 ms for the 650 kB chunk of loaders and modules). Nor is the name
 * hashed: a run whose files are all keyed by name (`--version`) never loads node:crypto.
 * New caches are written when the process exits; a cache that cannot be read or written costs only speed.
 */
export function installCodeCache(cacheDir: string, roots: string[], keyedByName: (filename: string) => boolean = () => false): void {
  const proto = (Module as unknown as { prototype: CompiledModule }).prototype;
  const compile = proto._compile;
  const entries: Entry[] = [];
  proto._compile = function (this: CompiledModule, content: string, filename: string): unknown {
    // A file with import() in it is compiled the ordinary way: see scripts/bundle.mjs (import-module.cjs).
    if (!roots.some((r) => (r.endsWith(sep) ? filename.includes(r) : filename.startsWith(r + sep))) || content.includes('import(')) return compile.call(this, content, filename);
    const file = join(cacheDir, `${keyedByName(filename) ? basename(filename) : sha1Hex(`${filename}\0${content}`)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    entries.push({ script, file, fresh: cachedData === undefined || script.cachedDataRejected === true });
    const folder = dirname(filename);
    const require = requireFrom(folder, filename, roots.includes(folder));
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  // At exit the cache holds every function compiled during the run, not only the top level.
  process.once('exit', () => saveEntries(cacheDir, entries));
}

// The one-shot crypto.hash (Node 20.12+) where Node has it: the same digest, less time (core/text-hash.ts does the same
// for the ES modules; a CommonJS file cannot import it on Node 20). node:crypto is required here, when a key needs a
// hash, not at load: a run whose files are all keyed by name (`--version`) does without its ~15 modules.
function sha1Hex(text: string): string {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  return typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
}

/*
 * A require() resolves from its file's folder (relative paths, node_modules, the package scope), so the files of one
 * folder (the bundle's chunks) share one: createRequire costs ~0.2 ms a file at start-up.
 * In a folder given as a root (the bundle), `./name.cjs` is that folder's file: loaded without Node's resolution (a
 * stat, a realpath walk and package.json lookups, ~0.4 ms of CPU for each of the ~20 chunks a syntax check loads).
 * The folder's path is already real (the bin's own folder, which Node resolved), as resolution would have made it.
 */
const requireByFolder = new Map<string, NodeJS.Require>();
const SIBLING = /^\.\/[^/\\]+\.cjs$/;

interface LoadableModule {
  exports: unknown;
  load(filename: string): void;
}

function requireFrom(folder: string, filename: string, siblings: boolean): NodeJS.Require {
  let require = requireByFolder.get(folder);
  if (!require) {
    const resolving = Module.createRequire(filename);
    require = resolving;
    if (siblings) {
      const direct = (spec: string): unknown => (SIBLING.test(spec) ? requireSibling(join(folder, spec.slice(2)), () => resolving(spec)) : resolving(spec));
      require = Object.assign(direct, { resolve: resolving.resolve, cache: resolving.cache, main: resolving.main, extensions: resolving.extensions }) as NodeJS.Require;
    }
    requireByFolder.set(folder, require);
  }
  return require;
}

/** What Module._load does for a resolved path: the cached module, or a new one loaded (and forgotten if it throws). */
function requireSibling(file: string, resolving: () => unknown): unknown {
  const cache = (Module as unknown as { _cache: Record<string, LoadableModule | undefined> })._cache;
  const cached = cache[file];
  if (cached) return cached.exports;
  const m = new (Module as unknown as new (id: string) => LoadableModule)(file);
  cache[file] = m;
  try {
    m.load(file);
  } catch (err) {
    delete cache[file];
    // The file itself is missing: Node's require says so, in its words (MODULE_NOT_FOUND).
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' && e.path === file) return resolving();
    throw err;
  }
  return m.exports;
}

function saveEntries(cacheDir: string, entries: Entry[]): void {
  const fresh = entries.filter((e) => e.fresh);
  if (fresh.length === 0) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const e of fresh) {
      // Written beside and renamed: a run starting now reads a whole cache or none.
      const tmp = `${e.file}.${process.pid}.tmp`;
      writeFileSync(tmp, e.script.createCachedData());
      renameSync(tmp, e.file);
    }
  } catch {
    // A read-only install: every run compiles, as without the cache.
  }
}
