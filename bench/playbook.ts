// Benchmark: a 20-task playbook on sandbox hosts, carbon-play vs ansible-playbook (pipelining + ControlPersist, and Mitogen's
// mitogen_linear when asked), first and idempotent runs, the terminal view against plain output, then N hosts.
// Run from the project root as root: npx tsc -p tsconfig.bench.json && node scripts/bundle.mjs && node dist/bench/playbook.js [options]
//   --big N[,M...]     also N hosts with -f N (default 30; 0 skips); wall time and controller CPU ms per host-task
//   --repeat N         carbon-play runs per figure, median kept (default 5)
//   --ansible-strategy S[,S...]  linear and/or mitogen_linear (default linear; mitogen_linear installs Debian's ansible-mitogen)
//   --ansible-repeat N ansible-playbook runs per figure (default 1)     --no-ansible   carbon-play alone
// Brings up its own sandbox in .sandbox-bench (10.200.101.0/24, or $CARBON_PLAY_BENCH_SUBNET), under the machine-wide
// sandbox lock (flock /tmp/carbon-play-e2e.lock), and takes it down at the end.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { planHosts } from '../src/sandbox/plan.js';
import { sandboxUp } from '../src/sandbox/up.js';
import { sandboxDown } from '../src/sandbox/down.js';
import { ansibleEnv, ensureMitogen, median, medianOf, timeOnTerminal, timeRun, type Run } from './playbook-runs.js';

const LOCK = '/tmp/carbon-play-e2e.lock';
if (!process.env.CARBON_PLAY_BENCH_LOCKED) {
  // Other people's sandbox tests must not run beside ours: re-run this script holding the machine-wide lock.
  const r = spawnSync('flock', [LOCK, process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, CARBON_PLAY_BENCH_LOCKED: '1' } });
  process.exit(r.status ?? 1);
}

const dir = resolve('.sandbox-bench');
const SUBNET = process.env.CARBON_PLAY_BENCH_SUBNET ?? '10.200.101.0/24';
// The bin, as users run it: the bundled build when it is fresh (scripts/bundle.mjs after tsc), else dist/src.
const cli = resolve('dist/src/cli/bin.cjs');
const argv = process.argv.slice(2);
const TASK_COUNT = 20;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The whole numbers after `flag` (comma-separated, each at least `min`), `fallback` without the flag. */
function countsOption(flag: string, fallback: number[], min: number): number[] {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = argv[at + 1];
  const parts = value?.split(',') ?? [];
  if (value === undefined || parts.some((p) => !/^\d+$/.test(p) || Number(p) < min)) fail(`${flag}: expected whole numbers >= ${min}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return parts.map(Number);
}

const bigs = countsOption('--big', [30], 0).filter((n) => n > 0);
// carbon-play runs are repeated and the median kept: other work on a 2-core machine moves single runs by 2x.
const repeat = countsOption('--repeat', [5], 1)[0];
const ansibleRepeat = countsOption('--ansible-repeat', [1], 1)[0];
const strategyAt = argv.indexOf('--ansible-strategy');
const strategies = strategyAt < 0 ? ['linear'] : (argv[strategyAt + 1] ?? '').split(',');
for (const s of strategies) if (!['linear', 'mitogen_linear'].includes(s)) fail(`--ansible-strategy: expected linear or mitogen_linear, got ${JSON.stringify(s)}`);
const ansibleVersion = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
const ansibleFound = !ansibleVersion.error && ansibleVersion.status === 0;
const withAnsible = !argv.includes('--no-ansible') && ansibleFound;
if (withAnsible && strategies.includes('mitogen_linear') && !ensureMitogen()) fail('mitogen_linear asked for, but ansible-mitogen could not be installed');
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

/** Removes what the playbook made, on every host, with OpenSSH (not timed). */
function reset(inventoryKey: string, knownHosts: string, ips: string[]): void {
  const procs = ips.map((ip) => spawnSync('ssh', ['-i', inventoryKey, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', `root@${ip}`, 'rm -rf /opt/bench'], { encoding: 'utf8' }));
  for (const p of procs) if (p.status !== 0) throw new Error(`reset failed: ${p.stderr}`);
}

interface Figures {
  hosts: number;
  cp1: Run;
  cp2: Run;
  /** CPU ms per host-task, medians of the first and the second runs. */
  cpu1: number;
  cpu2: number;
  term2?: Run;
  ansible: Record<string, { an1: Run; an2: Run }>;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const row = (label: string, r: Run, extra = '') => console.log(`${label.padEnd(44)} ${secs(r.ms).padStart(8)}  exit ${r.code}  ${r.changed}${extra}`);
const spread = (rs: Run[]) => `  [${rs.map((r) => (r.ms / 1000).toFixed(2)).join(' ')}]`;

/** Requests per host for one untimed run (first run on a reset host, then the idempotent one). */
function roundTrips(cpArgs: string[], label: string): void {
  const r = spawnSync(process.execPath, cpArgs, { cwd: work, env: { ...process.env, CARBON_PLAY_SSH_COUNTS: '1' }, encoding: 'utf8' });
  const line = /\[WARNING\]: (node1: .*)/.exec(`${r.stdout}${r.stderr}`);
  console.log(`${`requests, ${label}`.padEnd(44)} ${line ? `${line[1]} (${TASK_COUNT} tasks)` : '(not reported)'}`);
}

async function benchOn(hosts: number, forks: number, ansible: string[], terminal: boolean): Promise<Figures> {
  const up0 = performance.now();
  const { layout, state } = await sandboxUp({ dir, hosts: planHosts({ hosts, db: false, lb: false }), subnet: SUBNET });
  console.log(`\n== ${hosts} hosts (sandbox up in ${((performance.now() - up0) / 1000).toFixed(1)} s), -f ${forks}, load average ${loadavg()[0].toFixed(1)}`);
  const ips = state.hosts.map((h) => h.ip);
  const wipe = () => reset(layout.clientKey, layout.knownHosts, ips);

  const cpArgs = [cli, join(work, 'site.yaml'), '-i', layout.inventory, '-f', String(forks)];
  // One warm-up (page cache, sshd's first fork), not counted.
  wipe();
  timeRun(process.execPath, cpArgs, process.env, work);
  const firsts: Run[] = [];
  const seconds: Run[] = [];
  const terms: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    wipe();
    firsts.push(timeRun(process.execPath, cpArgs, process.env, work));
    seconds.push(timeRun(process.execPath, cpArgs, process.env, work));
    // The same idempotent run drawn on a terminal, right after the plain one, so both see the same load.
    if (terminal) terms.push(timeOnTerminal(cpArgs, process.env, work));
  }
  const perHostTask = (rs: Run[]) => medianOf(rs.map((r) => r.cpuMs)) / (hosts * TASK_COUNT);
  const f: Figures = { hosts, cp1: median(firsts), cp2: median(seconds), cpu1: perHostTask(firsts), cpu2: perHostTask(seconds), ansible: {} };
  const m = repeat > 1 ? ` (median of ${repeat})` : '';
  row(`carbon-play, first run${m}`, f.cp1, spread(firsts));
  row(`carbon-play, second run${m}`, f.cp2, spread(seconds));
  if (terminal) {
    f.term2 = median(terms);
    row(`carbon-play, second run, terminal view${m}`, f.term2, spread(terms));
  }
  console.log(`${'controller CPU per host-task'.padEnd(44)} ${f.cpu1.toFixed(2)} ms first run, ${f.cpu2.toFixed(2)} ms second run (${hosts} x ${TASK_COUNT})`);
  // The sandbox's hosts share the machine's cores with the controller: what the whole machine spent during a run, against
  // what two cores can give in its wall time, says how much of the wall time is the hosts' own work.
  const machine = (rs: Run[]) => `${(medianOf(rs.map((r) => r.machineCpuMs)) / 1000).toFixed(2)} s (controller ${(medianOf(rs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s)`;
  console.log(`${'machine CPU per run, all processes'.padEnd(44)} ${machine(firsts)} first run, ${machine(seconds)} second run; ${cpus().length} cores`);
  if (hosts <= 3) {
    wipe();
    roundTrips(cpArgs, 'first run');
    roundTrips(cpArgs, 'second run');
  }
  for (const strategy of ansible) {
    const controlDir = mkdtempSync(join(tmpdir(), 'cp-bench-cp-'));
    const env = ansibleEnv(controlDir, strategy);
    const anArgs = [join(work, 'site.yaml'), '-i', layout.inventory, '-f', String(forks)];
    const an1s: Run[] = [];
    const an2s: Run[] = [];
    for (let i = 0; i < ansibleRepeat; i++) {
      wipe();
      an1s.push(timeRun('ansible-playbook', anArgs, env, work));
      an2s.push(timeRun('ansible-playbook', anArgs, env, work));
    }
    f.ansible[strategy] = { an1: median(an1s), an2: median(an2s) };
    row(`ansible-playbook (${strategy}), first run`, f.ansible[strategy].an1, ansibleRepeat > 1 ? spread(an1s) : '');
    row(`ansible-playbook (${strategy}), second run`, f.ansible[strategy].an2, ansibleRepeat > 1 ? spread(an2s) : '');
    // Close the ControlPersist masters now rather than leave ssh processes behind for 60 s.
    spawnSync('sh', ['-c', `for s in "$1"/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit x; done; true`, 'sh', controlDir], { stdio: 'ignore' });
    rmSync(controlDir, { recursive: true, force: true });
  }
  return f;
}

const verdicts: boolean[] = [];
function target(label: string, value: string, ok: boolean, goal: string): void {
  verdicts.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${label.padEnd(44)} ${value.padStart(8)}   (target ${goal})`);
}
const info = (label: string, value: string) => console.log(`      ${label.padEnd(44)} ${value.padStart(8)}`);

mkdirSync(join(work, 'files'));
copyFileSync('test/fixtures/xml/axis2.xml', join(work, 'files', 'axis2.xml'));
writeFileSync(join(work, 'site.yaml'), TASKS);
if (!ansibleFound) console.log('ansible-playbook not found on PATH: measuring carbon-play alone (apt-get install ansible-core to compare).');
try {
  const small = await benchOn(3, 10, withAnsible ? strategies : [], true);
  const large: Figures[] = [];
  for (const n of bigs) {
    await sandboxDown(dir);
    large.push(await benchOn(n, n, [], false));
  }
  const ok = (r: Run) => r.code === 0;
  console.log(`\n== targets (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  target('carbon-play first run, 3 hosts', secs(small.cp1.ms), small.cp1.ms < 700 && ok(small.cp1), '< 0.70 s');
  target('carbon-play second run, 3 hosts', secs(small.cp2.ms), small.cp2.ms < 600 && ok(small.cp2) && /changed=0\b/.test(small.cp2.changed), '< 0.60 s, changed=0');
  if (small.term2) target('terminal view / plain, second run', `${(small.term2.ms / small.cp2.ms).toFixed(2)}x`, ok(small.term2) && small.term2.ms / small.cp2.ms <= 1.15, '<= 1.15x');
  const goals: Record<string, number> = { linear: 10, mitogen_linear: 20 };
  for (const [strategy, { an1, an2 }] of Object.entries(small.ansible)) {
    target(`ansible (${strategy}) / carbon-play, first run`, `${(an1.ms / small.cp1.ms).toFixed(1)}x`, ok(an1) && an1.ms / small.cp1.ms >= goals[strategy], `>= ${goals[strategy]}x`);
    target(`ansible (${strategy}) / carbon-play, second run`, `${(an2.ms / small.cp2.ms).toFixed(1)}x`, ok(an2) && an2.ms / small.cp2.ms >= goals[strategy], `>= ${goals[strategy]}x`);
  }
  if (Object.keys(small.ansible).length === 0) console.log('SKIP  ansible ratios (ansible-playbook not run)');
  info('controller CPU per host-task, 3 hosts', `${small.cpu1.toFixed(2)} / ${small.cpu2.toFixed(2)} ms`);
  for (const f of large) {
    if (f.hosts <= 30) {
      target(`${f.hosts} hosts / 3 hosts, first run`, `${(f.cp1.ms / small.cp1.ms).toFixed(2)}x`, ok(f.cp1) && f.cp1.ms / small.cp1.ms <= 2, '<= 2x');
      target(`${f.hosts} hosts / 3 hosts, second run`, `${(f.cp2.ms / small.cp2.ms).toFixed(2)}x`, ok(f.cp2) && f.cp2.ms / small.cp2.ms <= 2, '<= 2x');
    } else {
      info(`${f.hosts} hosts, first / second run`, `${secs(f.cp1.ms)} / ${secs(f.cp2.ms)}`);
    }
    info(`controller CPU per host-task, ${f.hosts} hosts`, `${f.cpu1.toFixed(2)} / ${f.cpu2.toFixed(2)} ms`);
  }
  process.exitCode = verdicts.every(Boolean) ? 0 : 1;
} finally {
  await sandboxDown(dir);
  rmSync(work, { recursive: true, force: true });
}
