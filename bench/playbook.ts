// Benchmark: a 20-task playbook on sandbox hosts, carbon-play vs ansible-playbook (pipelining + ControlPersist), first and idempotent runs.
// Run from the project root as root (Node 20 has no type stripping, so compile first; into dist/ so node_modules resolves):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --rootDir . --outDir dist bench/playbook.ts src/cli/main.ts && node dist/bench/playbook.js [--big 30] [--no-ansible] [--repeat 5]
// Brings up its own sandbox in .sandbox-bench (10.200.101.0/24, or $CARBON_PLAY_BENCH_SUBNET): 3 hosts, then (with --big N,
// default 30; 0 skips) N hosts; takes it down at the end. Both tools run on the same hosts; targets are checked at the end.
// Without ansible-playbook on PATH it says so and measures carbon-play alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { planHosts } from '../src/sandbox/plan.js';
import { sandboxUp } from '../src/sandbox/up.js';
import { sandboxDown } from '../src/sandbox/down.js';

const dir = resolve('.sandbox-bench');
const SUBNET = process.env.CARBON_PLAY_BENCH_SUBNET ?? '10.200.101.0/24';
const cli = resolve('dist/src/cli/main.js');
const argv = process.argv.slice(2);

/** The whole number after `flag` (at least `min`), `fallback` without the flag; anything else ends the bench with a message. */
function countOption(flag: string, fallback: number, min: number): number {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = argv[at + 1];
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) {
    console.error(`${flag}: expected a whole number >= ${min}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
    process.exit(2);
  }
  return Number(value);
}

const big = countOption('--big', 30, 0);
const ansibleVersion = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
const ansibleFound = !ansibleVersion.error && ansibleVersion.status === 0;
const withAnsible = !argv.includes('--no-ansible') && ansibleFound;
// carbon-play runs are repeated and the median kept: other work on a 2-core machine moves single runs by 2x.
const repeat = countOption('--repeat', 5, 1);
const work = mkdtempSync(join(tmpdir(), 'cp-bench-pb-'));

// The same YAML for both tools: only features both understand, idempotent on a second run.
const TASKS = `- hosts: carbon
  gather_facts: false
  tasks:
    - { name: base dir, file: { path: /opt/bench, state: directory, mode: '0755' } }
    - { name: conf dir, file: { path: /opt/bench/conf, state: directory } }
    - { name: logs dir, file: { path: /opt/bench/logs, state: directory, mode: '0750' } }
    - { name: lib dir, file: { path: /opt/bench/lib, state: directory } }
    - { name: axis2.xml, copy: { src: axis2.xml, dest: /opt/bench/conf/axis2.xml, mode: '0644' } }
    - { name: properties, copy: { dest: /opt/bench/conf/carbon.properties, content: "offset=0\\nhost=carbon\\n", mode: '0644' } }
    - { name: node file, copy: { dest: /opt/bench/conf/node.conf, content: "node={{ inventory_hostname }}\\n", mode: '0644' } }
    - { name: jvm xms, lineinfile: { path: /opt/bench/conf/jvm.conf, create: true, regexp: '^-Xms', line: '-Xms256m' } }
    - { name: jvm xmx, lineinfile: { path: /opt/bench/conf/jvm.conf, regexp: '^-Xmx', line: '-Xmx1024m' } }
    - { name: jvm gc, lineinfile: { path: /opt/bench/conf/jvm.conf, line: '-XX:+UseG1GC' } }
    - { name: jvm home, lineinfile: { path: /opt/bench/conf/jvm.conf, regexp: '^-Dcarbon.home=', line: '-Dcarbon.home=/opt/bench' } }
    - { name: jvm encoding, lineinfile: { path: /opt/bench/conf/jvm.conf, line: '-Dfile.encoding=UTF-8' } }
    - { name: hostname, command: hostname, changed_when: false }
    - { name: read jvm.conf, command: cat /opt/bench/conf/jvm.conf, changed_when: false }
    - { name: first start marker, command: touch /opt/bench/logs/started, args: { creates: /opt/bench/logs/started } }
    - { name: marker mode, file: { path: /opt/bench/logs/started, mode: '0600' } }
    - { name: count clustering, shell: grep -c clustering /opt/bench/conf/axis2.xml, changed_when: false }
    - { name: ready file, shell: echo ready > /opt/bench/logs/ready, args: { creates: /opt/bench/logs/ready } }
    - { name: current link, file: { path: /opt/bench/current, src: /opt/bench/conf, state: link } }
    - { name: axis2 size, shell: wc -c < /opt/bench/conf/axis2.xml, changed_when: false }
`;

interface Run { ms: number; code: number; changed: string }

/** Wall time of one whole process, start-up included; `changed` is the sum over the recap. */
function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: work, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) console.error(`${cmd} exited ${r.status}:\n${out.slice(-3000)}`);
  const counts = [...out.matchAll(/changed=(\d+)/g)].map((m) => Number(m[1]));
  // carbon-play prints its own play time; the rest of the wall time is process start-up and loading.
  const inner = /run time: ([\d.]+)s/.exec(out);
  return { ms, code: r.status ?? -1, changed: `changed=${counts.reduce((a, b) => a + b, 0)}${inner ? `  (play ${inner[1]} s)` : ''}` };
}

/** Removes what the playbook made, on every host, with OpenSSH (not timed). */
function reset(inventoryKey: string, knownHosts: string, ips: string[]): void {
  const procs = ips.map((ip) => spawnSync('ssh', ['-i', inventoryKey, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', `root@${ip}`, 'rm -rf /opt/bench'], { encoding: 'utf8' }));
  for (const p of procs) if (p.status !== 0) throw new Error(`reset failed: ${p.stderr}`);
}

interface Figures { cp1: Run; cp2: Run; an1?: Run; an2?: Run }

const row = (label: string, r: Run, extra = '') => console.log(`${label.padEnd(40)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  exit ${r.code}  ${r.changed}${extra}`);

/** The middle run by wall time (a failed run counts as the slowest). */
function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => (a.code !== 0 ? Infinity : a.ms) - (b.code !== 0 ? Infinity : b.ms));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Requests per host for one untimed run (first run on a reset host, then the idempotent one). */
function roundTrips(cpArgs: string[], label: string): void {
  const r = spawnSync(process.execPath, cpArgs, { cwd: work, env: { ...process.env, CARBON_PLAY_SSH_COUNTS: '1' }, encoding: 'utf8' });
  const line = /\[WARNING\]: (node1: .*)/.exec(`${r.stdout}${r.stderr}`);
  console.log(`${`requests, ${label}`.padEnd(30)} ${line ? `${line[1]} (20 tasks)` : '(not reported)'}`);
}

async function benchOn(hosts: number, forks: number, ansible: boolean): Promise<Figures> {
  const up0 = performance.now();
  const { layout, state } = await sandboxUp({ dir, hosts: planHosts({ hosts, db: false, lb: false }), subnet: SUBNET });
  console.log(`\n== ${hosts} hosts (sandbox up in ${((performance.now() - up0) / 1000).toFixed(1)} s), -f ${forks}`);
  const ips = state.hosts.map((h) => h.ip);

  const cpArgs = [cli, join(work, 'site.yaml'), '-i', layout.inventory, '-f', String(forks)];
  // One warm-up (page cache, sshd's first fork), not counted.
  reset(layout.clientKey, layout.knownHosts, ips);
  timeRun(process.execPath, cpArgs, process.env);
  const firsts: Run[] = [];
  const seconds: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    reset(layout.clientKey, layout.knownHosts, ips);
    firsts.push(timeRun(process.execPath, cpArgs, process.env));
    seconds.push(timeRun(process.execPath, cpArgs, process.env));
  }
  const cp1 = median(firsts);
  const cp2 = median(seconds);
  const spread = (rs: Run[]) => `  [${rs.map((r) => (r.ms / 1000).toFixed(2)).join(' ')}]`;
  row(`carbon-play, first run${repeat > 1 ? ` (median of ${repeat})` : ''}`, cp1, spread(firsts));
  row(`carbon-play, second run${repeat > 1 ? ` (median of ${repeat})` : ''}`, cp2, spread(seconds));
  if (hosts <= 3) {
    reset(layout.clientKey, layout.knownHosts, ips);
    roundTrips(cpArgs, 'first run');
    roundTrips(cpArgs, 'second run');
  }
  if (!ansible) return { cp1, cp2 };

  reset(layout.clientKey, layout.knownHosts, ips);
  const controlDir = mkdtempSync(join(tmpdir(), 'cp-bench-cp-'));
  const env = {
    ...process.env,
    ANSIBLE_PIPELINING: 'True',
    ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_NOCOLOR: '1',
  };
  const anArgs = [join(work, 'site.yaml'), '-i', layout.inventory, '-f', String(forks)];
  const an1 = timeRun('ansible-playbook', anArgs, env);
  row('ansible-playbook, first run', an1);
  const an2 = timeRun('ansible-playbook', anArgs, env);
  row('ansible-playbook, second run', an2);
  // Close the ControlPersist masters now rather than leave ssh processes behind for 60 s.
  spawnSync('sh', ['-c', `for s in "$1"/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit x; done; true`, 'sh', controlDir], { stdio: 'ignore' });
  rmSync(controlDir, { recursive: true, force: true });
  return { cp1, cp2, an1, an2 };
}

const verdicts: boolean[] = [];
function target(label: string, value: string, ok: boolean, goal: string): void {
  verdicts.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${label.padEnd(36)} ${value.padStart(8)}   (target ${goal})`);
}

mkdirSync(join(work, 'files'));
copyFileSync('test/fixtures/xml/axis2.xml', join(work, 'files', 'axis2.xml'));
writeFileSync(join(work, 'site.yaml'), TASKS);
if (!ansibleFound) console.log('ansible-playbook not found on PATH: measuring carbon-play alone (apt-get install ansible-core to compare).');
try {
  const small = await benchOn(3, 10, withAnsible);
  let large: Figures | undefined;
  if (big > 0) {
    await sandboxDown(dir);
    large = await benchOn(big, big, false);
  }
  const s = (r: Run) => `${(r.ms / 1000).toFixed(2)} s`;
  console.log('\n== targets');
  target('carbon-play first run, 3 hosts', s(small.cp1), small.cp1.ms < 700 && small.cp1.code === 0, '< 0.70 s');
  target('carbon-play second run, 3 hosts', s(small.cp2), small.cp2.ms < 600 && small.cp2.code === 0 && /changed=0\b/.test(small.cp2.changed), '< 0.60 s, changed=0');
  if (small.an1 && small.an2) {
    target('ansible / carbon-play, first run', `${(small.an1.ms / small.cp1.ms).toFixed(1)}x`, small.an1.ms / small.cp1.ms >= 10, '>= 10x');
    target('ansible / carbon-play, second run', `${(small.an2.ms / small.cp2.ms).toFixed(1)}x`, small.an2.ms / small.cp2.ms >= 10, '>= 10x');
  } else {
    console.log('SKIP  ansible ratios (ansible-playbook not run)');
  }
  if (large) {
    target(`${big} hosts / 3 hosts, first run`, `${(large.cp1.ms / small.cp1.ms).toFixed(2)}x`, large.cp1.ms / small.cp1.ms <= 2, '<= 2x');
    target(`${big} hosts / 3 hosts, second run`, `${(large.cp2.ms / small.cp2.ms).toFixed(2)}x`, large.cp2.ms / small.cp2.ms <= 2, '<= 2x');
  }
  process.exitCode = verdicts.every(Boolean) ? 0 : 1;
} finally {
  await sandboxDown(dir);
  rmSync(work, { recursive: true, force: true });
}
