// Asks for a connection secret (SSH password, key passphrase) on the terminal, without echo; never on a pipe.
import { CarbonPlayError } from '../core/errors.js';

export interface SecretTerminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);

/**
 * Writes `prompt`, reads one line in raw mode (nothing echoed), and returns it. `option` names the flag in messages.
 * Stdin that is not a terminal is refused: a secret read from a pipe would be a secret kept in a file or a history.
 */
export function askSecret(prompt: string, option: string, term: SecretTerminal = { input: process.stdin, output: process.stderr }): Promise<string> {
  const { input, output } = term;
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new CarbonPlayError('options', `${option}: expected a terminal on stdin to ask for the secret, got ${input.isTTY ? 'a terminal without raw mode' : 'a pipe or file'} (run it from a terminal, or use an ssh-agent / CARBON_PLAY_SSH_PASSPHRASE / the inventory's ansible_password)`));
  }
  const setRaw = input.setRawMode.bind(input);
  return new Promise((resolve, reject) => {
    let value = '';
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onError);
      setRaw(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === CTRL_C) return finish(new CarbonPlayError('options', `${option}: interrupted at the prompt`));
        if (ch === CTRL_D) {
          if (value === '') return finish(new CarbonPlayError('options', `${option}: expected a line, got end of input`));
          return finish();
        }
        if (ch === CTRL_U) value = '';
        else if (BACKSPACES.has(ch)) value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    // The terminal went away (hangup, closed stdin) before Enter: no secret, and no wait forever.
    const onEnd = () => finish(new CarbonPlayError('options', `${option}: expected a line ended by Enter, got end of input (stdin closed)`));
    const onError = (e: Error) => finish(new CarbonPlayError('options', `${option}: cannot read stdin: ${e.message}`, {}, { cause: e }));
    // Decoded as a stream: a character whose bytes arrive in two chunks stays one character.
    input.setEncoding('utf8');
    // Raw mode first: whatever is typed once the prompt shows is never echoed.
    setRaw(true);
    output.write(prompt);
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    if ((input as { readableEnded?: boolean }).readableEnded) return onEnd();
    input.resume();
  });
}
