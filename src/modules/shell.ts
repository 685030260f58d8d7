// shell: runs a command line through a shell on the host (pipes, redirections, variables).
import { checkRunGuards, type RunGuardSkip } from '../facts/run-guards.js';
import { runForResult, runGuardArgs, skippedByGuard } from './command.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  cmd: { type: 'str', required: true, aliases: ['_raw_params'], description: 'the shell command line' },
  executable: { type: 'path', description: 'the shell to use, e.g. /bin/bash (default sh)' },
  ...runGuardArgs,
} as const satisfies ArgSchema;

export const shell = defineModule<ArgsOf<typeof args>, RunGuardSkip | undefined, string>({
  name: 'shell',
  description: 'Run a command line with a shell (sh, or `executable`).',
  // apply runs in check mode to report what would have run, as Ansible's shell module does.
  appliesInCheckMode: true,
  schema: { freeForm: 'cmd', commandLine: true, args },
  read: (args, ctx) => checkRunGuards(ctx.conn, args, ctx.become),
  plan(args, skip, ctx) {
    if (skip) return skippedByGuard(args.cmd, skip, ctx.check);
    return { kind: 'change', summary: `run ${args.cmd}`, data: args.cmd };
  },
  apply(cmd, args, ctx) {
    const command = args.executable ? { argv: [args.executable, '-c', cmd] } : { shell: cmd };
    return runForResult(command, cmd, args, ctx);
  },
});
