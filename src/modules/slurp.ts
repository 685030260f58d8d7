// slurp: a file's bytes from the host, base64-encoded in `content`.
import { CarbonPlayError } from '../core/errors.js';
import { defineModule } from './types.js';

export const slurp = defineModule<Record<string, any>, Buffer, never>({
  name: 'slurp',
  description: 'Read a file from the host (base64 in `content`); changes nothing.',
  schema: { args: { src: { type: 'path', required: true, aliases: ['path'], description: 'the file to read' } } },
  async read(args, ctx) {
    const st = await ctx.conn.stat(args.src, { become: ctx.become });
    if (!st) throw new CarbonPlayError('module', `file not found: ${args.src}`);
    if (st.type === 'directory') throw new CarbonPlayError('module', `source is a directory and must be a file: ${args.src}`);
    const data = await ctx.conn.readFile(args.src, { become: ctx.become });
    if (!data) throw new CarbonPlayError('module', `file not found: ${args.src}`);
    return data;
  },
  plan: (args, data) => ({ kind: 'noop', reason: `read ${args.src}`, data: { content: data.toString('base64'), encoding: 'base64', source: args.src } }),
  async apply() {
    return { status: 'ok' };
  },
});
