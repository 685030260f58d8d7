// pause: waits `seconds`/`minutes`, or for Enter at a terminal (a prompt); without a terminal it goes on, as Ansible does.
import { formatPyDateTime } from '../core/py-time.js';
import { defineAction } from './types.js';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** Ansible's words when nobody can answer; the run goes on without waiting. */
export const NOT_INTERACTIVE = 'Not waiting for response to prompt as stdin is not interactive';

interface PauseArgs {
  seconds?: number;
  minutes?: number;
  prompt?: string;
  echo: boolean;
}

/** What to do: wait `ms` (then any prompt is only shown), or wait for a line typed at the terminal. */
type PauseData = { ms: number; unit: 'seconds' | 'minutes' } | { ms: undefined; unit: 'minutes' };

/** As Ansible: a time under one second waits one second. */
export function pauseFor(args: PauseArgs): PauseData {
  if (args.minutes !== undefined) return { ms: Math.max(1, args.minutes * 60) * 1000, unit: 'minutes' };
  if (args.seconds !== undefined) return { ms: Math.max(1, args.seconds) * 1000, unit: 'seconds' };
  return { ms: undefined, unit: 'minutes' };
}

export const pause = defineAction<PauseArgs>({
  name: 'pause',
  description: 'Wait for a time, or for Enter at the terminal; without a terminal a prompt does not wait.',
  schema: {
    args: {
      seconds: { type: 'int', description: 'seconds to wait (at least 1)' },
      minutes: { type: 'int', description: 'minutes to wait' },
      prompt: { type: 'str', description: 'question shown; with no time, the answer typed is `user_input`' },
      echo: { type: 'bool', default: true, description: 'echo typed input (prompts only)' },
    },
    mutuallyExclusive: [['seconds', 'minutes']],
  },
  bypassHostLoop: true,
  async run(args, ctx) {
    const data = pauseFor(args);
    const start = new Date();
    let userInput = '';
    const warnings: string[] = [];
    if (data.ms !== undefined) await sleep(data.ms, ctx.signal);
    else if (ctx.askUser) {
      const hidden = args.echo ? '' : ' (output is hidden)';
      userInput = await ctx.askUser(`${args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt'}${hidden}:`, args.echo);
    } else warnings.push(NOT_INTERACTIVE);
    const stop = new Date();
    const seconds = (stop.getTime() - start.getTime()) / 1000;
    const shown = Math.round((data.unit === 'minutes' ? seconds / 60 : seconds) * 100) / 100;
    return {
      status: 'ok',
      warnings,
      data: {
        rc: 0, stderr: '', start: formatPyDateTime(start), stop: formatPyDateTime(stop), delta: Math.floor(seconds), echo: args.echo, user_input: userInput,
        stdout: `Paused for ${Number.isInteger(shown) ? shown.toFixed(1) : shown} ${data.unit}`,
      },
    };
  },
});
