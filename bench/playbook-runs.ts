// The playbook bench's measuring tools: one timed process (wall and the controller's CPU), medians, ansible's settings.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Run {
  ms: number;
  /** CPU of the timed process and its children (user + system), 10 ms resolution. */
  cpuMs: number;
  /** CPU of the whole machine meanwhile (every process: the sandbox hosts' sshd and shells too), 10 ms resolution. */
  machineCpuMs: number;
  code: number;
  changed: string;
}

/** CPU ms of this process's waited-for children so far (utime + stime of /proc/self/stat, in 10 ms ticks). */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Busy CPU ms of all processes so far (user, nice, system, irq, softirq, steal of /proc/stat's `cpu` line; 10 ms ticks). */
function machineCpuMs(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) * 10;
}

/** Wall time and CPU of one whole process, start-up included; `changed` is the sum over the recap. */
export function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Run {
  const cpu0 = childCpuMs();
  const machine0 = machineCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const cpuMs = childCpuMs() - cpu0;
  const machineMs = machineCpuMs() - machine0;
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) console.error(`${cmd} exited ${r.status}:\n${out.slice(-3000)}`);
  const counts = [...out.matchAll(/changed=(\d+)/g)].map((m) => Number(m[1]));
  // carbon-play prints its own play time; the rest of the wall time is process start-up and loading.
  const inner = /run time: ([\d.]+)s/.exec(out);
  return { ms, cpuMs, machineCpuMs: machineMs, code: r.status ?? -1, changed: `changed=${counts.reduce((a, b) => a + b, 0)}${inner ? `  (play ${inner[1]} s)` : ''}` };
}

/** The same command on a terminal: `script` gives it a pseudo-terminal, so carbon-play draws its live view. */
export function timeOnTerminal(args: string[], env: NodeJS.ProcessEnv, cwd: string): Run {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return timeRun('script', ['-qec', quoted, '/dev/null'], { ...env, COLUMNS: '120', LINES: '40' }, cwd);
}

/** The middle run by wall time (a failed run counts as the slowest). */
export function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => (a.code !== 0 ? Infinity : a.ms) - (b.code !== 0 ? Infinity : b.ms));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** ansible-playbook as people tune it: pipelining, ControlPersist, no retry files; a strategy when asked. */
export function ansibleEnv(controlDir: string, strategy: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ANSIBLE_PIPELINING: 'True',
    ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_NOCOLOR: '1',
    ...(strategy === 'linear' ? {} : { ANSIBLE_STRATEGY: strategy }),
  };
}

/** Debian's ansible-mitogen puts mitogen_linear among ansible's strategies; installed with apt-get when missing (bench only). */
export function ensureMitogen(): boolean {
  const has = () => spawnSync('dpkg-query', ['-W', '-f', '${Status}', 'ansible-mitogen'], { encoding: 'utf8' }).stdout?.includes('install ok installed');
  if (has()) return true;
  console.log('installing ansible-mitogen (Debian) for --ansible-strategy mitogen_linear ...');
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'ansible-mitogen'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) console.error(`apt-get install ansible-mitogen failed (${r.status}): ${`${r.stdout}${r.stderr}`.slice(-800)}`);
  return has() ?? false;
}
