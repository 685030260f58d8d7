// debug: shows a message or a variable's value in the task's result.
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

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

export const debug = defineModule<ArgsOf<typeof args>, undefined, never>({
  name: 'debug',
  description: 'Show a message, or the value of a variable.',
  schema: {
    args,
    mutuallyExclusive: [['msg', 'var']],
  },
  async read() {
    return undefined;
  },
  plan(args, _state, ctx) {
    if (args.var !== undefined) {
      const v = lookupVar(ctx.vars, args.var);
      return { kind: 'noop', reason: args.var, data: { [args.var]: v.found ? v.value : 'VARIABLE IS NOT DEFINED!' } };
    }
    const msg = args.msg ?? 'Hello world!';
    return { kind: 'noop', reason: typeof msg === 'string' ? msg : JSON.stringify(msg), data: { msg } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
