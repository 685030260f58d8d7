// ping: the host answers a command over its connection; returns `ping: pong` (or `data`).
import { CarbonPlayError } from '../core/errors.js';
import { defineModule } from './types.js';

export const ping = defineModule<Record<string, any>, undefined, never>({
  name: 'ping',
  description: 'Check that the host can be reached and run a command.',
  schema: { args: { data: { type: 'str', default: 'pong', description: "what to answer; 'crash' makes the module fail" } } },
  async read(args, ctx) {
    if (args.data === 'crash') throw new CarbonPlayError('module', 'boom');
    const r = await ctx.conn.run({ argv: ['true'] }, { become: ctx.become });
    if (r.rc !== 0) throw new CarbonPlayError('module', `ping: 'true' exited ${r.rc}: ${r.stderr.trim()}`);
    return undefined;
  },
  plan: (args) => ({ kind: 'noop', reason: args.data, data: { ping: args.data } }),
  async apply() {
    return { status: 'ok' };
  },
});
