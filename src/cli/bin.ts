#!/usr/bin/env node
// The carbon-play binary: the bundled CLI (dist/bundle, faster start-up) when it is as new as the compiled sources, else those.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../bundle/main.cjs', import.meta.url);
const compiled = new URL('./main.js', import.meta.url);

function modifiedMs(file: URL): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

// `tsc` rewrites main.js on every build, so a bundle older than it would run stale code.
if (modifiedMs(bundle) >= modifiedMs(compiled)) {
  // The bundle is CommonJS so that V8's code cache applies to it (and to ssh2): see code-cache.ts.
  // CARBON_PLAY_NO_CACHE=1: neither compiled code nor learnt facts are kept (bench/startup.mjs compares both ways).
  const cacheDir = process.env.CARBON_PLAY_NO_CACHE ? undefined : fileURLToPath(new URL('.cache', bundle));
  if (cacheDir) {
    const { installCodeCache } = await import('./code-cache.js');
    // The bundle, and the CommonJS packages it loads (ssh2 and its dependencies) wherever npm put them.
    installCodeCache(join(cacheDir, 'v8'), [fileURLToPath(new URL('.', bundle)).replace(/\/$/, ''), `${sep}node_modules${sep}`]);
  }
  const { startCli } = createRequire(import.meta.url)(fileURLToPath(bundle)) as { startCli: (o: { cacheDir?: string }) => Promise<void> };
  await startCli({ cacheDir });
} else {
  await import(compiled.href);
}
