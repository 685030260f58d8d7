#!/usr/bin/env node
// The carbon-play binary: the bundled CLI (dist/bundle, faster start-up) when it is as new as the compiled sources, else those.
import { statSync } from 'node:fs';

const bundle = new URL('../../bundle/main.js', import.meta.url);
const compiled = new URL('./main.js', import.meta.url);

function modifiedMs(file: URL): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

// `tsc` rewrites main.js on every build, so a bundle older than it would run stale code.
await import(modifiedMs(bundle) >= modifiedMs(compiled) ? bundle.href : compiled.href);
