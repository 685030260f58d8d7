// Benchmark: one templated string rendered 20,000 times (parsed once, then cached); prints the time and PASS/FAIL (target < 1.5 s).
// Run from the project root (Node 20 has no type stripping, so compile first):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --outDir /tmp/carbon-bench bench/template-render.ts && node /tmp/carbon-bench/bench/template-render.js
import { renderValue } from '../src/template/index.js';

const TARGET_MS = 1500;
const RUNS = 20_000;
// Only `{{ a.b }}` references, which every template syntax carbon-play has read alike.
const text = 'https://{{ db.host }}:{{ port }}/carbon {{ hostvars.am2.ansible_host }}:{{ hostvars.am2.member_port }}';
const scope = {
  port: 9443,
  db: { host: 'db.local' },
  hostvars: { am2: { ansible_host: '10.0.0.12', member_port: 4101 } },
};

function timeRuns(): number {
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) renderValue(text, scope);
  return performance.now() - t0;
}

const times = [timeRuns(), timeRuns(), timeRuns()].sort((a, b) => a - b);
const median = times[1];
console.log(`template render x${RUNS}: median ${median.toFixed(0)} ms of 3 (target < ${TARGET_MS} ms) ${median < TARGET_MS ? 'PASS' : 'FAIL'}`);
