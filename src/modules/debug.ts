// debug: shows a message or a variable's value in the task's result.
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

/** Dotted (and [n]) path lookup in the task's variables. */
export function lookupVar(vars: Readonly<Record<string, unknown>>, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = vars;
  for (const part of path.replace(/\[(\d+|'[^']*'|"[^"]*")\]/g, '.$1').split('.').filter(Boolean)) {
    const key = part.replace(/^['"]|['"]$/g, '');
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return { found: false };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

const args = {
  msg: { type: 'raw', description: "the message (already templated); default 'Hello world!'" },
  var: { type: 'str', description: 'name of a variable to show (dotted path)' },
  verbosity: { type: 'int', default: 0, description: 'show only at this -v level or above' },
} as const satisfies ArgSchema;

export const debug = defineAction<ArgsOf<typeof args>>({
  name: 'debug',
  description: 'Show a message, or the value of a variable.',
  schema: {
    args,
    mutuallyExclusive: [['msg', 'var']],
  },
  async run(args, ctx) {
    if (args.var !== undefined) {
      const v = lookupVar(ctx.vars, args.var);
      return { status: 'ok', msg: args.var, data: { [args.var]: v.found ? v.value : 'VARIABLE IS NOT DEFINED!' } };
    }
    const msg = args.msg ?? 'Hello world!';
    return { status: 'ok', msg: typeof msg === 'string' ? msg : JSON.stringify(msg), data: { msg } };
  },
});
