// command: runs a program with arguments on the host, without a shell.
import type { Command } from '../connection/types.js';
import { checkRunGuards } from '../facts/run-guards.js';
import { CarbonPlayError } from '../core/errors.js';
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

/** Runs a command and shapes the result as Ansible's command/shell do. */
export async function runForResult(command: Command, shown: string | string[], args: ArgsOf<typeof runGuardArgs>, ctx: ModuleContext): Promise<ModuleResult> {
  const stdin = args.stdin === undefined ? undefined : args.stdin + (args.stdin_add_newline ? '\n' : '');
  const start = new Date();
  const r = await ctx.conn.run(command, { cwd: args.chdir, stdin, become: ctx.become, signal: ctx.signal });
  const end = new Date();
  const strip = (s: string) => (args.strip_empty_ends ? s.replace(/\r?\n$/, '') : s);
  const stdout = strip(r.stdout);
  const stderr = strip(r.stderr);
  const data = {
    cmd: shown, rc: r.rc, stdout, stderr, stdout_lines: lines(stdout), stderr_lines: lines(stderr),
    start: start.toISOString(), end: end.toISOString(), delta: `${(end.getTime() - start.getTime()) / 1000}s`,
  };
  if (r.rc !== 0) return { status: 'failed', msg: 'non-zero return code', data };
  return { status: 'changed', data };
}

const args = {
  cmd: { type: 'str', aliases: ['_raw_params'], description: 'the command line, split into words like a shell would' },
  argv: { type: 'list', elements: 'str', description: 'the program and its arguments, unsplit' },
  ...runGuardArgs,
} as const satisfies ArgSchema;

export const command = defineModule<ArgsOf<typeof args>, string | undefined, string[]>({
  name: 'command',
  description: 'Run a program with arguments (no shell: no pipes, redirections or variables).',
  supportsCheck: false,
  schema: {
    freeForm: 'cmd',
    commandLine: true,
    args,
    mutuallyExclusive: [['cmd', 'argv']],
    requiredOneOf: [['cmd', 'argv']],
  },
  read: (args, ctx) => checkRunGuards(ctx.conn, args, ctx.become),
  plan(args, skipReason) {
    if (skipReason) return { kind: 'noop', reason: skipReason, data: { rc: 0, stdout: skipReason, stdout_lines: [skipReason], cmd: args.cmd ?? args.argv } };
    // The schema requires cmd or argv.
    const argv = args.argv ?? argvOf(args.cmd ?? '');
    return { kind: 'change', summary: `run ${argv.join(' ')}`, data: argv };
  },
  apply: (argv, args, ctx) => runForResult({ argv }, args.argv ?? args.cmd ?? '', args, ctx),
});

/** The words of a command line; a quoting mistake fails the task with the reason. */
function argvOf(cmd: string): string[] {
  try {
    return splitShellWords(cmd);
  } catch (e) {
    throw new CarbonPlayError('module', `cmd: ${(e as Error).message.toLowerCase()}`);
  }
}
