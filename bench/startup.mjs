#!/usr/bin/env node
// Prints the median start-up time of `carbon-play --version` (target < 150 ms); builds first when dist/ is missing or stale.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist/src/cli/main.js');
const runs = Number(process.argv[2] ?? 15);

if (!existsSync(main) || statSync(main).mtimeMs < statSync(join(root, 'src/cli/main.ts')).mtimeMs) {
  // tsc emits even when files in progress elsewhere have type errors; only a missing output is fatal.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(main)) throw new Error(`build failed: ${main} missing`);
}
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [main, '--version'], { stdio: 'pipe' });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`carbon-play --version: median ${median.toFixed(1)} ms over ${runs} runs (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}; target < 150 ms)`);
