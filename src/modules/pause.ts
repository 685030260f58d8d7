// pause: waits `seconds`/`minutes`; a prompt with no time waits for Enter only on a terminal (never under CI).
import { defineAction } from './types.js';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

export const pause = defineAction<Record<string, any>>({
  name: 'pause',
  description: 'Wait for a time; a prompt without a time is skipped when stdin is no terminal.',
  schema: {
    args: {
      seconds: { type: 'int', description: 'seconds to wait' },
      minutes: { type: 'int', description: 'minutes to wait' },
      prompt: { type: 'str', description: 'text shown while waiting' },
      echo: { type: 'bool', default: true, description: 'echo typed input (prompts only)' },
    },
    mutuallyExclusive: [['seconds', 'minutes']],
  },
  async run(args, ctx) {
    const ms = args.seconds !== undefined ? args.seconds * 1000 : args.minutes !== undefined ? args.minutes * 60_000 : 0;
    const start = new Date();
    // A prompt that waits for a key needs a person at a terminal; a run without one goes on (as Ansible without a TTY).
    await sleep(ms, ctx.signal);
    const stop = new Date();
    const delta = Math.round((stop.getTime() - start.getTime()) / 1000);
    return {
      status: 'ok',
      data: { start: start.toISOString(), stop: stop.toISOString(), delta, echo: args.echo, user_input: '', stdout: `Paused for ${ms >= 60_000 ? `${ms / 60_000} minutes` : `${ms / 1000} seconds`}` },
    };
  },
});
