#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) into dist/bundle: a few files instead of ~250 modules to resolve and load at start-up.
// CommonJS, so that the bin can give V8 its code cache (src/cli/code-cache.cts). ssh2 (native bindings), mysql2 and zx
// stay in node_modules; they load only when a run needs them.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deferBuiltins } from './defer-builtins.mjs';

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
writeFileSync(join(out, IMPORTER), '// import() for the bundle: compiled without a code cache, so Node\'s loader serves it.\nmodule.exports = (specifier) => import(specifier);\n');
