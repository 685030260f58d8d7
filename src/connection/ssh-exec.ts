// One exec channel: run a command line, feed stdin (after become's password), collect output, exit code, timeout.
import { setMaxListeners } from 'node:events';
import type { Client, ClientChannel } from 'ssh2';
import type { BecomePlan } from './ssh-become.js';

export interface ExecOptions {
  stdin?: string | Buffer;
  become?: BecomePlan;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  /** Become failed (wrong or missing password): the command never ran. */
  becomeFailed?: boolean;
}

/**
 * Listeners go on in the exec callback itself, not after an await: a fast command's reply, output, exit status
 * and close can arrive in one TCP read, and ssh2 emits `exit` at once (a microtask later it is gone).
 */
export function execCommand(client: Client, line: string, opts: ExecOptions = {}): Promise<ExecResult> {
  const become = opts.become;
  return new Promise((resolve, reject) => {
    client.exec(become?.line ?? line, become?.pty ? { pty: { term: 'dumb', rows: 24, cols: 200 } } : {}, (openErr, ch) => {
      if (openErr) return reject(openErr);
      collect(ch, become, opts, resolve, reject);
    });
  });
}

function collect(ch: ClientChannel, become: BecomePlan | undefined, opts: ExecOptions, resolve: (r: ExecResult) => void, reject: (e: Error) => void): void {
  {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let rc: number | null = null;
    let becomeFailed = false;
    let timedOut = false;
    // With a marker, output before it is become's own chatter (prompts): held back, then dropped.
    let pending: Buffer | null = become?.marker ? Buffer.alloc(0) : null;
    let prompts = 0;

    const sendStdin = () => {
      if (opts.stdin !== undefined) ch.end(opts.stdin);
      else ch.end();
    };
    const answerPrompt = (text: string) => {
      if (!become?.prompt || !become.prompt.test(text)) return false;
      prompts++;
      if (prompts > 1 || become.password === undefined) {
        becomeFailed = true;
        ch.close();
      } else ch.write(`${become.password}\n`);
      return true;
    };
    ch.on('data', (chunk: Buffer) => {
      if (pending === null) return void out.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      const text = pending.toString('utf8');
      const at = text.indexOf(`${become!.marker}`);
      if (at >= 0) {
        const rest = text.slice(at + become!.marker!.length).replace(/^\r?\n/, '');
        pending = null;
        if (rest) out.push(Buffer.from(rest));
        sendStdin();
      } else if (become!.pty && answerPrompt(text)) pending = Buffer.alloc(0);
    });
    let errText = '';
    ch.stderr.on('data', (chunk: Buffer) => {
      if (pending !== null && become?.prompt && !become.pty) {
        errText += chunk.toString('utf8');
        if (answerPrompt(errText)) {
          errText = '';
          return;
        }
      }
      err.push(chunk);
    });
    ch.on('exit', (code: number | null, signal?: string) => {
      rc = code ?? (signal ? 128 + 9 : 255);
    });
    const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; ch.signal('KILL'); ch.close(); }, opts.timeoutMs) : null;
    // As the timeout does: a signal for the remote command (where the server honours the request), then the close.
    const onAbort = () => {
      ch.signal('TERM');
      ch.close();
    };
    if (opts.signal) {
      // One run signal, a listener per open channel: 30 hosts at once is not a leak, so no MaxListeners warning.
      setMaxListeners(0, opts.signal);
      opts.signal.addEventListener('abort', onAbort, { once: true });
    }
    ch.on('close', () => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      let stderr = Buffer.concat(err);
      if (becomeFailed) stderr = Buffer.from(`become failed: ${become?.password === undefined ? 'a password is required' : 'incorrect password'}\n`);
      else if (timedOut) stderr = Buffer.concat([stderr, Buffer.from(`timed out after ${opts.timeoutMs} ms\n`)]);
      else if (pending !== null && rc !== 0) stderr = Buffer.concat([stderr, Buffer.from('become failed before the command ran\n')]);
      let stdout = Buffer.concat(out);
      // A terminal (su) turns every \n into \r\n: give callers the program's own line ends back.
      if (become?.pty) stdout = Buffer.from(stdout.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
      resolve({ rc: becomeFailed ? 1 : timedOut ? 124 : rc ?? 255, stdout, stderr, becomeFailed: becomeFailed || undefined });
    });
    ch.on('error', reject);
    if (pending === null) sendStdin();
  }
}
