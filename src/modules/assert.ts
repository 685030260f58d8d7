// assert: fails the host when any of the `that` conditions is false, naming the first one that is.
import { evaluateCondition } from '../template/index.js';
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  that: { type: ['list', 'str'], required: true, description: 'conditions (Ansible expressions), all must hold' },
  fail_msg: { type: 'str', aliases: ['msg'], description: 'message when a condition is false' },
  success_msg: { type: 'str', default: 'All assertions passed', description: 'message when all hold' },
  quiet: { type: 'bool', default: false, description: 'shorter output' },
} as const satisfies ArgSchema;

export const assertModule = defineAction<ArgsOf<typeof args>>({
  name: 'assert',
  description: 'Check conditions; fail the host when one is false.',
  schema: {
    args,
  },
  async run(args, ctx) {
    const that: unknown[] = Array.isArray(args.that) ? args.that : [args.that];
    for (const cond of that) {
      // An already-rendered boolean (a `{{ }}` condition) counts as itself.
      const ok = typeof cond === 'boolean' ? cond : evaluateCondition(String(cond), ctx.vars as Record<string, unknown>);
      if (!ok) {
        // The registered result is Ansible's (msg, assertion, evaluated_to); what is shown also names the condition.
        const msg = args.fail_msg ?? 'Assertion failed';
        const shown = args.fail_msg ? `${msg} (failed: ${String(cond)})` : `${msg}: ${String(cond)}`;
        return { status: 'failed', msg, error: { kind: 'module', message: shown, context: { module: 'assert' } }, data: { msg, assertion: cond, evaluated_to: false } };
      }
    }
    return { status: 'ok', msg: args.success_msg, data: args.quiet ? {} : { msg: args.success_msg } };
  },
});
