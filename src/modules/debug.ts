// debug: shows a message or a variable's value in the task's result.
import { evaluateCondition, evaluateExpression } from '../template/index.js';
import { defineAction, type ArgSchema, type ArgsOf, type ModuleContext } from './types.js';

const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

/** `var`'s value: any expression, as Ansible templates it; undefined says so (and why, from -v on) instead of failing. */
function showVar(expr: string, ctx: ModuleContext): unknown {
  if (evaluateCondition(`(${expr}) is defined`, ctx.vars)) return evaluateExpression(expr, ctx.vars);
  if (!ctx.verbosity) return NOT_DEFINED;
  try {
    evaluateExpression(expr, ctx.vars);
    return NOT_DEFINED;
  } catch (e) {
    return `${NOT_DEFINED}: ${e instanceof Error ? e.message : String(e)}`;
  }
}


const args = {
  msg: { type: 'raw', description: "the message (already templated); default 'Hello world!'" },
  var: { type: 'str', description: 'name of a variable to show (dotted path)' },
  verbosity: { type: 'int', default: 0, description: 'run only at this -v level or above (skipped below it)' },
} as const satisfies ArgSchema;

export const debug = defineAction<ArgsOf<typeof args>>({
  name: 'debug',
  description: 'Show a message, or the value of a variable.',
  schema: {
    args,
    mutuallyExclusive: [['msg', 'var']],
  },
  async run(args, ctx) {
    // Below its verbosity the task is skipped, as Ansible's debug action is.
    if (args.verbosity > (ctx.verbosity ?? 0)) return { status: 'skipped', data: { skipped_reason: 'Verbosity threshold not met.' } };
    // As Ansible: the result holds the variable's name and value and nothing else (no msg).
    if (args.var !== undefined) return { status: 'ok', data: { [args.var]: showVar(args.var, ctx) } };
    const msg = args.msg ?? 'Hello world!';
    return { status: 'ok', msg: typeof msg === 'string' ? msg : JSON.stringify(msg), data: { msg } };
  },
});
