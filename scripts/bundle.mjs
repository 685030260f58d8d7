#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) into dist/bundle: a few files instead of ~250 modules to resolve and load at start-up.
// CommonJS, so that the bin can give V8 its code cache (src/cli/code-cache.cts). ssh2's client is bundled on its own,
// as ssh2.cjs (its native parts stay in node_modules); mysql2 and zx stay in node_modules. Each loads only when a run
// needs it.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deferBuiltins } from './defer-builtins.mjs';
import { ssh2Padding } from './ssh2-padding.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/bundle');
let rolldown;
try {
  ({ rolldown } = await import('rolldown'));
} catch {
  // The bin falls back to dist/src when there is no bundle, so a missing bundler costs speed only.
  console.error('bundle: rolldown is not installed; the bin runs the unbundled build (slower start-up)');
  process.exit(0);
}

// `import()` in code V8 compiled from a cache has no loader to call on Node 20 (only an experimental one), so every
// import() of a package or a computed path goes through one small file compiled the ordinary way.
const IMPORTER = 'import-module.cjs';
const importCall = /(?<![\w$.])import\(/g;
const routeImports = {
  name: 'route-dynamic-imports',
  renderChunk(code) {
    if (code.search(importCall) < 0) return null;
    return `const __importModule = require("./${IMPORTER}");\n${code.replace(importCall, '__importModule(')}`;
  },
};

rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: join(root, 'dist/src/cli/start-cli.js'),
  platform: 'node',
  external: [/^ssh2(\/|$)/, /^mysql2(\/|$)/, /^zx(\/|$)/, /^cpu-features(\/|$)/],
  plugins: [routeImports, deferBuiltins],
  logLevel: 'warn',
});
// A chunk's name changes with its content: the bin keys the chunks' code cache by name (src/cli/bin.cts).
await bundle.write({ dir: out, format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name]-[hash].cjs', charset: 'ascii', comments: false });
await bundle.close();

/*
 * ssh2's client and key parser, one file (src/connection/ssh2-load.ts loads it when it is there): from node_modules
 * they are ~30 files, each resolved by Node and keyed by a hash of its text, ~15 ms of every run that connects.
 * What must stay in node_modules is required from there by its package path: the native crypto binding (ssh2 falls
 * back to JavaScript when it was not built) and cpu-features, also native.
 */
const SSH2_OWN_FILES = /[\\/]ssh2[\\/]lib[\\/]protocol[\\/]crypto[\\/](build[\\/].*\.node)$/;
const ssh2External = {
  name: 'ssh2-native-parts',
  async resolveId(source, importer) {
    if (source === 'cpu-features') return { id: source, external: true };
    if (!importer || !source.startsWith('.')) return null;
    const path = join(dirname(importer), source);
    const m = SSH2_OWN_FILES.exec(path);
    return m ? { id: `ssh2/lib/protocol/crypto/${m[1].replace(/\\/g, '/')}`, external: true } : null;
  },
};
const ssh2 = await rolldown({ input: join(root, 'scripts/ssh2-entry.cjs'), platform: 'node', plugins: [ssh2External, ssh2Padding], logLevel: 'warn' });
await ssh2.write({ dir: out, format: 'cjs', entryFileNames: 'ssh2.cjs', charset: 'ascii', comments: false });
await ssh2.close();
writeFileSync(join(out, IMPORTER), '// import() for the bundle: compiled without a code cache, so Node\'s loader serves it.\nmodule.exports = (specifier) => import(specifier);\n');
