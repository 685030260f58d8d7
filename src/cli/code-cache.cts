// V8's code cache for the bundled CLI and the CommonJS packages it loads: compiled code kept on disk between runs.
import * as crypto from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, sep } from 'node:path';
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
 * A file for which `namedByContent` is true is keyed by its path alone: its name already changes with its text (the
 * bundle's chunks, `name-HASH.cjs`), and hashing the text cost more than anything else here (~7 ms for the 650 kB
 * chunk of loaders and modules, whose characters are not all ASCII).
 * New caches are written when the process exits; a cache that cannot be read or written costs only speed.
 */
export function installCodeCache(cacheDir: string, roots: string[], namedByContent: (filename: string) => boolean = () => false): void {
  const proto = (Module as unknown as { prototype: CompiledModule }).prototype;
  const compile = proto._compile;
  const entries: Entry[] = [];
  proto._compile = function (this: CompiledModule, content: string, filename: string): unknown {
    // A file with import() in it is compiled the ordinary way: see scripts/bundle.mjs (import-module.cjs).
    if (!roots.some((r) => (r.endsWith(sep) ? filename.includes(r) : filename.startsWith(r + sep))) || content.includes('import(')) return compile.call(this, content, filename);
    const file = join(cacheDir, `${sha1Hex(namedByContent(filename) ? filename : `${filename}\0${content}`)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    entries.push({ script, file, fresh: cachedData === undefined || script.cachedDataRejected === true });
    const require = requireFrom(dirname(filename), filename);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  // At exit the cache holds every function compiled during the run, not only the top level.
  process.once('exit', () => saveEntries(cacheDir, entries));
}

// The one-shot crypto.hash (Node 20.12+) where Node has it: the same digest, less time (core/text-hash.ts does the same
// for the ES modules; a CommonJS file cannot import it on Node 20).
function sha1Hex(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
}

/*
 * A require() resolves from its file's folder (relative paths, node_modules, the package scope), so the files of one
 * folder (the bundle's chunks) share one: createRequire costs ~0.2 ms a file at start-up.
 */
const requireByFolder = new Map<string, NodeJS.Require>();

function requireFrom(folder: string, filename: string): NodeJS.Require {
  let require = requireByFolder.get(folder);
  if (!require) requireByFolder.set(folder, (require = Module.createRequire(filename)));
  return require;
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
