// shell: runs a command line through a shell on the host (pipes, redirections, variables).
import { checkRunGuards } from '../facts/run-guards.js';
import { runForResult, runGuardArgs } from './command.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  cmd: { type: 'str', required: true, aliases: ['_raw_params'], description: 'the shell command line' },
  executable: { type: 'path', description: 'the shell to use, e.g. /bin/bash (default sh)' },
  ...runGuardArgs,
} as const satisfies ArgSchema;

export const shell = defineModule<ArgsOf<typeof args>, string | undefined, string>({
  name: 'shell',
  description: 'Run a command line with a shell (sh, or `executable`).',
  supportsCheck: false,
  schema: { freeForm: 'cmd', commandLine: true, args },
  read: (args, ctx) => checkRunGuards(ctx.conn, args, ctx.become),
  plan(args, skipReason) {
    if (skipReason) return { kind: 'noop', reason: skipReason, data: { rc: 0, stdout: skipReason, stdout_lines: [skipReason], cmd: args.cmd } };
    return { kind: 'change', summary: `run ${args.cmd}`, data: args.cmd };
  },
  apply(cmd, args, ctx) {
    const command = args.executable ? { argv: [args.executable, '-c', cmd] } : { shell: cmd };
    return runForResult(command, cmd, args, ctx);
  },
});
