#!/usr/bin/env node
// Bundles the compiled CLI (dist/src) into dist/bundle: a few files instead of ~250 modules to resolve and load at start-up.
// ssh2 (native bindings), mysql2 and zx stay in node_modules; they load only when a run needs them.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: join(root, 'dist/src/cli/main.js'),
  platform: 'node',
  external: [/^ssh2(\/|$)/, /^mysql2(\/|$)/, /^zx(\/|$)/, /^cpu-features(\/|$)/],
  logLevel: 'warn',
});
await bundle.write({ dir: out, format: 'esm', entryFileNames: 'main.js' });
await bundle.close();
