#!/usr/bin/env node
// The carbon-play binary: the bundled CLI (dist/bundle, faster start-up) when it is as new as the compiled sources, else those.
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/*
 * CommonJS, as is the bundle: a CommonJS entry spares Node 20 from setting up its ES module loader, a fifth of a
 * bare `node` start on this project's machine. bin.js (the ES module entry of earlier builds) loads this file.
 */
const bundle = join(__dirname, '../../bundle/main.cjs');
const compiled = join(__dirname, 'main.js');
/** rolldown's chunk names: `name-` and eight characters of a hash of the chunk's content. */
const CHUNK_NAME = /-[\w-]{8}\.cjs$/;

function modifiedMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

async function start(): Promise<void> {
  // `tsc` rewrites main.js on every build, so a bundle older than it would run stale code.
  if (modifiedMs(bundle) >= modifiedMs(compiled)) {
    // The bundle is CommonJS so that V8's code cache applies to it (and to ssh2): see code-cache.cts.
    // CARBON_PLAY_NO_CACHE=1: neither compiled code nor learnt facts are kept (bench/startup.mjs compares both ways).
    const cacheDir = process.env.CARBON_PLAY_NO_CACHE ? undefined : join(__dirname, '../../bundle/.cache');
    if (cacheDir) {
      // The bundle, and the CommonJS packages it loads (ssh2 and its dependencies) wherever npm put them.
      const { installCodeCache } = require('./code-cache.cjs') as typeof import('./code-cache.cjs');
      // The bundle's files are keyed by name: a rebuild empties the cache (it is inside the bundle), and a chunk's name
      // carries a hash of its text besides (scripts/bundle.mjs: `[name]-[hash].cjs`). main.cjs has no hash in its name;
      // the facts kept beside the code cache hold for one build only, as its code does, so that is no new assumption.
      const bundleDir = join(__dirname, '../../bundle');
      // ssh2.cjs (ssh2's client, bundled on its own) is rebuilt with the bundle too.
      const ssh2 = join(bundleDir, 'ssh2.cjs');
      const keyedByName = (f: string): boolean => f === bundle || f === ssh2 || (f.startsWith(bundleDir + sep) && CHUNK_NAME.test(f));
      installCodeCache(join(cacheDir, 'v8'), [bundleDir, `${sep}node_modules${sep}`], keyedByName);
    }
    const { startCli } = require(bundle) as { startCli: (o: { cacheDir?: string }) => Promise<void> };
    await startCli({ cacheDir });
  } else {
    await import(pathToFileURL(compiled).href);
  }
}

void start();
