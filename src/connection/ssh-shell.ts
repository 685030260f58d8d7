// One long-lived `sh` per host: commands framed by a random marker, one round trip each instead of a new exec channel.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Client } from 'ssh2';
import { quoteArg } from './quote.js';
import type { ExecResult } from './ssh-exec.js';

/**
 * What the shell does for one command: the line runs in a subshell (an `exit` or `cd` in it cannot touch the
 * session) with stdin from /dev/null, as an exec channel's command sees an empty stdin; then the exit code follows
 * the marker on stdout, and the marker alone on stderr. Output is whatever came before the marker on each stream,
 * byte for byte; the marker is new for every command, so no output can fake it.
 */
export function frameCommand(line: string, marker: string): string {
  return `( eval ${quoteArg(line)} ) </dev/null; printf '%s%d\\n' ${marker} "$?"; printf '%s\\n' ${marker} >&2\n`;
}

/** A lone `&` (not `&&`, `>&`, `<&`, `|&`, `&>`): a job put in the background, quoted or not. */
const BACKGROUND_AMP = /(?:^|[^&><|])&(?![&>])/;
const DETACHING_WORD = /\b(?:nohup|setsid|disown)\b/;

/**
 * True when a command line may leave a process behind that still holds the shell's stdout or stderr: its later
 * output would be lost between commands, or counted as a later command's. Such a line takes an exec channel,
 * which sshd keeps open until the last writer lets go. A `&` inside quotes counts too: that costs a channel, no more.
 */
export function leavesBackgroundJob(line: string): boolean {
  return BACKGROUND_AMP.test(line) || DETACHING_WORD.test(line);
}

/** Collects one stream up to the marker; what follows the marker (the exit code line on stdout) is kept apart. */
class MarkedStream {
  private chunks: Buffer[] = [];
  /** The last bytes before this chunk, where a marker split across chunks begins. */
  private tail = Buffer.alloc(0);
  /** The bytes after the marker, once seen. */
  rest: Buffer | null = null;

  constructor(private readonly marker: Buffer) {}

  push(chunk: Buffer): void {
    if (this.rest) {
      this.rest = Buffer.concat([this.rest, chunk]);
      return;
    }
    const joined = Buffer.concat([this.tail, chunk]);
    const at = joined.indexOf(this.marker);
    if (at < 0) {
      this.chunks.push(chunk);
      this.tail = joined.subarray(Math.max(0, joined.length - this.marker.length + 1));
      return;
    }
    // The marker began `cut` bytes back, in chunks already kept: take those off.
    const cut = this.tail.length - at;
    if (cut > 0) {
      const kept = Buffer.concat(this.chunks);
      this.chunks = [kept.subarray(0, kept.length - cut)];
    } else this.chunks.push(chunk.subarray(0, at - this.tail.length));
    this.rest = joined.subarray(at + this.marker.length);
  }

  text(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** What the session needs of its channel (an ssh2 ClientChannel; tests give a local `sh`). */
export interface ShellChannel {
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', fn: () => void): unknown;
  stderr: { on(event: 'data', fn: (chunk: Buffer) => void): unknown };
  write(data: string): unknown;
  signal(name: string): unknown;
  close(): unknown;
}

interface Pending {
  out: MarkedStream;
  err: MarkedStream;
  resolve: (r: ExecResult) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** A `sh` on one exec channel, running one command at a time. Closed for good when its channel closes. */
export class ShellSession {
  private pending: Pending | null = null;
  private closed = false;

  constructor(private readonly ch: ShellChannel) {
    ch.on('data', (chunk: Buffer) => this.onData(chunk, 'out'));
    ch.stderr.on('data', (chunk: Buffer) => this.onData(chunk, 'err'));
    ch.on('close', () => this.onClose());
    ch.on('error', () => this.onClose());
  }

  /** Opens the shell on its own channel (the login shell runs `sh`, as it runs an exec channel's command). */
  static open(client: Client): Promise<ShellSession> {
    return new Promise((resolve, reject) => {
      client.exec('exec sh', (e, ch) => (e ? reject(e) : resolve(new ShellSession(ch))));
    });
  }

  get open(): boolean {
    return !this.closed;
  }

  /** True when a command may be sent now: open, and not running another. */
  get idle(): boolean {
    return !this.closed && this.pending === null;
  }

  run(line: string, signal?: AbortSignal): Promise<ExecResult> {
    if (!this.idle) throw new Error('the shell session is busy or closed');
    const marker = `CARBON-PLAY-END-${randomBytes(12).toString('hex')}`;
    const mark = Buffer.from(marker);
    return new Promise((resolve) => {
      const p: Pending = { out: new MarkedStream(mark), err: new MarkedStream(mark), resolve, signal };
      this.pending = p;
      if (signal) {
        // As for an exec channel: a signal for the shell, then the close; the session is not used again.
        p.onAbort = () => {
          this.closed = true;
          this.ch.signal('TERM');
          this.ch.close();
          // Answered now, as a closed exec channel is (no exit status: 255): not whenever the command lets go.
          if (this.pending === p) this.finish(p, 255);
        };
        setMaxListeners(0, signal);
        signal.addEventListener('abort', p.onAbort, { once: true });
        if (signal.aborted) return p.onAbort();
      }
      this.ch.write(frameCommand(line, marker));
    });
  }

  close(): void {
    if (!this.closed) this.ch.close();
    this.closed = true;
  }

  private onData(chunk: Buffer, stream: 'out' | 'err'): void {
    const p = this.pending;
    // Output while no command runs (a background process writing late) belongs to no command: dropped.
    if (!p) return;
    p[stream].push(chunk);
    const code = p.out.rest && /^(\d+)\n/.exec(p.out.rest.toString('latin1'));
    if (code && p.err.rest) this.finish(p, Number(code[1]));
  }

  private finish(p: Pending, rc: number, note?: string): void {
    this.pending = null;
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    const stderr = note ? Buffer.concat([p.err.text(), Buffer.from(note)]) : p.err.text();
    p.resolve({ rc, stdout: p.out.text(), stderr });
  }

  private onClose(): void {
    this.closed = true;
    // The shell went away mid-command (killed, aborted, connection lost): no exit code, as an exec channel
    // closed without an exit status reports (255).
    if (this.pending) this.finish(this.pending, 255, this.pending.signal?.aborted ? '' : 'the shell session ended before the command did\n');
  }
}
