// wait_for_connection: retries the connection and a trivial command until the host answers, or the timeout passes.
import { CarbonPlayError } from '../core/errors.js';
import { defineAction } from './types.js';

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((r) => (signal.aborted ? r() : (setTimeout(r, ms), signal.addEventListener('abort', () => r(), { once: true }))));

export const waitForConnection = defineAction<Record<string, any>>({
  name: 'wait_for_connection',
  description: 'Wait until the host can be reached and runs a command.',
  schema: {
    args: {
      timeout: { type: 'int', default: 600, description: 'seconds to wait in all' },
      delay: { type: 'int', default: 0, description: 'seconds to wait before the first try' },
      sleep: { type: 'int', default: 1, description: 'seconds between tries' },
      connect_timeout: { type: 'int', default: 5, description: 'accepted; the connection keeps its own timeout' },
    },
  },
  async run(args, ctx) {
    const start = Date.now();
    await sleep(args.delay * 1000, ctx.signal);
    let last = '';
    while (!ctx.signal.aborted) {
      try {
        const r = await ctx.conn.run({ argv: ['true'] }, { signal: ctx.signal });
        if (r.rc === 0) return { status: 'ok', data: { elapsed: Math.round((Date.now() - start) / 1000) } };
        last = `rc ${r.rc}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() - start >= args.timeout * 1000) break;
      await sleep(args.sleep * 1000, ctx.signal);
    }
    throw new CarbonPlayError('module', `timed out waiting for connection after ${args.timeout} seconds: ${last}`);
  },
});
