// command: runs a program with arguments on the host, without a shell.
import type { Command } from '../connection/types.js';
import { checkRunGuards, type RunGuardSkip } from '../facts/run-guards.js';
import { CarbonPlayError } from '../core/errors.js';
import { formatPyDateTime, formatPyTimedelta } from '../core/py-time.js';
import { splitShellWords } from '../core/shell-words.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext, type ModuleResult } from './types.js';

export const runGuardArgs = {
  chdir: { type: 'path', description: 'run in this directory' },
  creates: { type: 'path', description: 'skip when this path exists' },
  removes: { type: 'path', description: 'skip unless this path exists' },
  stdin: { type: 'str', description: 'text fed to the program' },
  stdin_add_newline: { type: 'bool', default: true, description: 'end stdin with a newline' },
  strip_empty_ends: { type: 'bool', default: true, description: 'drop the trailing newline of stdout/stderr' },
} as const satisfies ArgSchema;

const lines = (s: string) => (s === '' ? [] : s.split(/\r?\n/));

/** The keys every command/shell result has, as Ansible's command module fills them when it ran nothing. */
function notRun(cmd: string | string[], msg: string, stdout = ''): Record<string, unknown> {
  return { cmd, rc: 0, stdout, stderr: '', stdout_lines: lines(stdout), stderr_lines: [], start: null, end: null, delta: null, msg };
}

/**
 * A holding creates/removes guard: nothing runs, the task is ok. Ansible's message says "Would" in check mode;
 * its stdout keeps the older wording.
 */
export function skippedByGuard(cmd: string | string[], skip: RunGuardSkip, check: boolean): { kind: 'noop'; reason: string; data: Record<string, unknown> } {
  const reason = `${check ? 'Would' : 'Did'} not run command since '${skip.path}' ${skip.exists ? 'exists' : 'does not exist'}`;
  return { kind: 'noop', reason, data: notRun(cmd, reason, `skipped, since ${skip.path} ${skip.exists ? 'exists' : 'does not exist'}`) };
}

/**
 * Check mode, guards not holding: nothing runs. As Ansible's command module: a task with a creates/removes guard
 * reports changed (it would run), one without is skipped.
 */
export function wouldRun(cmd: string | string[], args: ArgsOf<typeof runGuardArgs>): ModuleResult {
  const msg = 'Command would have run if not in check mode';
  return { status: args.creates || args.removes ? 'changed' : 'skipped', msg, data: notRun(cmd, msg) };
}

/** Runs a command and shapes the result as Ansible's command/shell do: a non-zero rc fails, and is changed all the same. */
export async function runForResult(command: Command, shown: string | string[], args: ArgsOf<typeof runGuardArgs>, ctx: ModuleContext): Promise<ModuleResult> {
  if (ctx.check) return wouldRun(shown, args);
  const stdin = args.stdin === undefined ? undefined : args.stdin + (args.stdin_add_newline ? '\n' : '');
  const start = new Date();
  const r = await ctx.conn.run(command, { cwd: args.chdir, stdin, become: ctx.become, signal: ctx.signal });
  const end = new Date();
  const strip = (s: string) => (args.strip_empty_ends ? s.replace(/\r?\n$/, '') : s);
  const stdout = strip(r.stdout);
  const stderr = strip(r.stderr);
  const data = {
    cmd: shown, rc: r.rc, stdout, stderr, stdout_lines: lines(stdout), stderr_lines: lines(stderr),
    start: formatPyDateTime(start), end: formatPyDateTime(end), delta: formatPyTimedelta(end.getTime() - start.getTime()),
  };
  if (r.rc !== 0) return { status: 'failed', changed: true, msg: 'non-zero return code', data: { ...data, msg: 'non-zero return code' } };
  return { status: 'changed', data: { ...data, msg: '' } };
}

const args = {
  cmd: { type: 'str', aliases: ['_raw_params'], description: 'the command line, split into words like a shell would' },
  argv: { type: 'list', elements: 'str', description: 'the program and its arguments, unsplit' },
  ...runGuardArgs,
} as const satisfies ArgSchema;

export const command = defineModule<ArgsOf<typeof args>, RunGuardSkip | undefined, string[]>({
  name: 'command',
  description: 'Run a program with arguments (no shell: no pipes, redirections or variables).',
  // apply runs in check mode to report what would have run (wouldRun), as Ansible's command module does.
  appliesInCheckMode: true,
  schema: {
    freeForm: 'cmd',
    commandLine: true,
    args,
    mutuallyExclusive: [['cmd', 'argv']],
    requiredOneOf: [['cmd', 'argv']],
  },
  read: (args, ctx) => checkRunGuards(ctx.conn, args, ctx.become),
  plan(args, skip, ctx) {
    // The schema requires cmd or argv; Ansible's result shows the words either way.
    const argv = args.argv ?? argvOf(args.cmd ?? '');
    if (skip) return skippedByGuard(argv, skip, ctx.check);
    return { kind: 'change', summary: `run ${argv.join(' ')}`, data: argv };
  },
  apply: (argv, args, ctx) => runForResult({ argv }, argv, args, ctx),
});

/** The words of a command line; a quoting mistake fails the task with the reason. */
function argvOf(cmd: string): string[] {
  try {
    return splitShellWords(cmd);
  } catch (e) {
    throw new CarbonPlayError('module', `cmd: ${(e as Error).message.toLowerCase()}`);
  }
}
