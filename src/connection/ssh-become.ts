// Builds the remote command line: cwd, env, argv quoting, and the sudo/su wrapper for become.
import { randomBytes } from 'node:crypto';
import { CarbonPlayError } from '../core/errors.js';
import { quoteArg, quoteArgv } from './quote.js';
import { becomeFlagWords } from './become-flags.js';
import type { BecomeOptions, Command } from './types.js';

export interface BecomePlan {
  /** The whole remote command line. */
  line: string;
  /** Printed by the wrapped command once become succeeded: stdin is sent after it, and it is cut from stdout. */
  marker?: string;
  /** Prompt to answer with the password (sudo's, set with -p; su's own). */
  prompt?: RegExp;
  password?: string;
  /** su reads the password from a terminal only. */
  pty: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function buildCommandLine(command: Command, opts: { cwd?: string; env?: Record<string, string> } = {}): string {
  let line = 'argv' in command ? quoteArgv(command.argv) : `sh -c ${quoteArg(command.shell)}`;
  const env = Object.entries(opts.env ?? {});
  if (env.length) {
    for (const [k] of env) if (!ENV_NAME.test(k)) throw new CarbonPlayError('module', `environment: expected a variable name, got ${JSON.stringify(k)}`);
    line = `env ${env.map(([k, v]) => `${k}=${quoteArg(v)}`).join(' ')} ${line}`;
  }
  if (opts.cwd) line = `cd ${quoteArg(opts.cwd)} && ${line}`;
  return line;
}

/** Become is a no-op when we already log in as the target user. */
export function needsBecome(become: BecomeOptions | undefined, loginUser: string): become is BecomeOptions {
  return Boolean(become) && (become!.user ?? 'root') !== loginUser;
}

/** Wraps a command line for become; the password goes to stdin when the prompt shows, never onto the command line. */
export function planBecome(line: string, become: BecomeOptions): BecomePlan {
  const user = become.user ?? 'root';
  const method = become.method ?? 'sudo';
  const tag = randomBytes(8).toString('hex');
  const marker = `BECOME-SUCCESS-${tag}`;
  const inner = `echo ${marker}; ${line}`;
  if (method === 'su') {
    return { line: `su ${quoteArgv(becomeFlagWords(become, false))} ${quoteArg(user)} -c ${quoteArg(inner)}`, marker, prompt: /(?:^|\n)[^\n]*[Pp]assword[^\n]*: ?$/, password: become.password, pty: true };
  }
  if (become.password === undefined) {
    return { line: `sudo ${quoteArgv(becomeFlagWords(become, false))} -u ${quoteArg(user)} -- sh -c ${quoteArg(line)}`, pty: false };
  }
  const prompt = `[sudo via carbon-play ${tag}] password:`;
  return {
    line: `sudo ${quoteArgv(becomeFlagWords(become, true))} -p ${quoteArg(prompt)} -u ${quoteArg(user)} -- sh -c ${quoteArg(inner)}`,
    marker,
    prompt: new RegExp(prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    password: become.password,
    pty: false,
  };
}
