// Differential runs: one playbook through ansible-playbook (json callback) and through carbon-play (--json), results side by side.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from './temp-dir.js';

const run = promisify(execFile);

export const hasAnsible = existsSync('/usr/bin/ansible-playbook');

/** One task's outcome on one host, as both tools report it. */
export interface HostOutcome {
  task: string;
  host: string;
  result: Record<string, unknown>;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

// ansible-core 2.14 ships no json stdout callback here (ansible.posix is absent): a small one of our own, written per run.
const CALLBACK = `
import json
from ansible.plugins.callback import CallbackBase
from ansible.module_utils.common.json import AnsibleJSONEncoder

class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'cpjson'

    def __init__(self):
        super().__init__()
        self.outcomes = []

    def _add(self, result, **status):
        # An action plugin's failure (unarchive's missing src) carries no 'failed' key: the callback says it.
        self.outcomes.append({'task': result._task.get_name(), 'host': result._host.get_name(), 'result': {**status, **result._result}})

    def v2_runner_on_ok(self, result, **kwargs):
        self._add(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._add(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._add(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._add(result)

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        doc = {'outcomes': self.outcomes, 'stats': {h: stats.summarize(h) for h in hosts}}
        self._display.display(json.dumps(doc, cls=AnsibleJSONEncoder))
`;

const ANSIBLE_ENV = { ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_LOCALHOST_WARNING: 'False' };

/** ansible-playbook's stdout (a failed run's too), with its default callback unless `env` picks another. */
export async function runAnsibleText(dir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    return (await run('ansible-playbook', args, { cwd: dir, env: { ...process.env, ...ANSIBLE_ENV, ...env }, maxBuffer: 64 << 20 })).stdout;
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (!stdout) throw err;
    return stdout;
  }
}

/** ansible-playbook with a json stdout callback; every task result of every host, in run order. */
export async function runAnsible(dir: string, args: string[]): Promise<{ outcomes: HostOutcome[]; stats: Record<string, Record<string, number>> }> {
  const plugins = join(dir, '.cp-callbacks');
  writeFiles(plugins, { 'cpjson.py': CALLBACK });
  const stdout = await runAnsibleText(dir, args, { ANSIBLE_CALLBACK_PLUGINS: plugins, ANSIBLE_STDOUT_CALLBACK: 'cpjson' });
  if (!stdout.includes('{')) throw new Error(`ansible-playbook printed no results: ${stdout}`);
  const doc = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { outcomes: HostOutcome[]; stats: Record<string, Record<string, number>> };
  return { outcomes: doc.outcomes.map((o) => ({ ...o, task: o.task.replace(/^[^:]+ : /, '') })), stats: doc.stats };
}

/** carbon-play in-process (cwd `dir`): exit code, stdout and stderr, in the output mode `args` choose. */
export async function runCarbonText(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cwd = process.cwd();
  process.chdir(dir);
  let code: number;
  try {
    code = await runCli(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, { signals: { on: () => process, off: () => process } as never });
  } finally {
    process.chdir(cwd);
  }
  return { code, out, err };
}

/** carbon-play in-process with --json; every host_result in run order (its status as flags, as the callback adds them), and the recap. */
export async function runCarbon(dir: string, args: string[]): Promise<{ code: number; outcomes: HostOutcome[]; stats: Record<string, Record<string, number>>; err: string }> {
  const { code, out, err } = await runCarbonText(dir, [...args, '--json']);
  const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const flags = (s: unknown) => (s === 'failed' ? { failed: true } : s === 'skipped' ? { skipped: true } : {});
  const outcomes = events.filter((e) => e.type === 'host_result').map((e) => ({ task: String(e.task).replace(/^[^:]+ : /, ''), host: String(e.host), result: { ...flags(e.status), ...(e.result as Record<string, unknown>) } }));
  const recap = events.find((e) => e.type === 'recap') as { hosts?: Record<string, Record<string, number>> } | undefined;
  return { code, outcomes, stats: recap?.hosts ?? {}, err };
}

export type AnsibleRun = Awaited<ReturnType<typeof runAnsible>>;
export type CarbonRun = Awaited<ReturnType<typeof runCarbon>>;

/** Each tool's command line, for tables where each writes under its own folder (`a` ansible-playbook, `c` carbon-play). */
export type ArgsPerTool = (dir: string, side: 'a' | 'c') => string[];

/**
 * One differential table: `files` written to a temp dir (removed after the file's tests), then the same playbook
 * run by ansible-playbook and carbon-play at once. The fields are filled in before the first test runs.
 */
export function runBothPerTable(prefix: string, files: Record<string, string>, args: string[] | ArgsPerTool): { dir: string; theirs: AnsibleRun; ours: CarbonRun } {
  const table = {} as { dir: string; theirs: AnsibleRun; ours: CarbonRun };
  const argsOf = (side: 'a' | 'c') => (typeof args === 'function' ? args(table.dir, side) : args);
  beforeAll(async () => {
    table.dir = makeTempDir(prefix);
    writeFiles(table.dir, files);
    [table.theirs, table.ours] = await Promise.all([runAnsible(table.dir, argsOf('a')), runCarbon(table.dir, argsOf('c'))]);
  }, 120_000);
  afterAll(() => {
    if (table.dir) rmSync(table.dir, { recursive: true, force: true });
  });
  return table;
}

export function statusOf(r: Record<string, unknown>): string {
  return r.failed ? 'failed' : r.skipped ? 'skipped' : r.changed ? 'changed' : 'ok';
}

/** The fields compared: status, the keys asked for, and per loop item its status and those keys. */
export function summarize(r: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const pick = (x: Record<string, unknown>) => Object.fromEntries(keys.filter((k) => x[k] !== undefined).map((k) => [k, x[k]]));
  const out: Record<string, unknown> = { status: statusOf(r), ...pick(r) };
  if (Array.isArray(r.results)) out.results = (r.results as Record<string, unknown>[]).map((x) => ({ status: statusOf(x), ...pick(x) }));
  return out;
}
