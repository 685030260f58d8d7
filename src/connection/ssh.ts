// The SSH connection: one ssh2 client per host for the whole run (a long-lived shell, exec channels, one SFTP session), opened on first use.
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client, SFTPWrapper } from 'ssh2';
import { CarbonPlayError } from '../core/errors.js';
import { quoteArg, quoteArgv } from './quote.js';
import { buildCommandLine, needsBecome, planBecome } from './ssh-become.js';
import { endClient, forwardOutOn, openWithJumps, type ConnectOptions } from './ssh-connect.js';
import { execCommand, type ExecResult } from './ssh-exec.js';
import { resolveSshSettings, type SshSettings } from './ssh-settings.js';
import { leavesBackgroundJob, ShellSession } from './ssh-shell.js';
import { sftpChange, sftpReadFile, sftpStat, sftpStatAndRead, sftpWriteAtomic, trackSession, type SftpCounters } from './ssh-sftp.js';
import type { BecomeOptions, Command, Connection, FileChange, FileStat, HostConnectionVars, RunOptions, RunResult, WriteOptions, WriteResult } from './types.js';

export interface SshOptions extends ConnectOptions {
  /** Exec channels open at once on the connection (default 8: with the SFTP session and the shell, OpenSSH's default MaxSessions of 10). */
  maxChannels?: number;
  /**
   * Commands go through one long-lived `sh` per host when they can (default true; CARBON_PLAY_SSH_NO_SHELL=1 turns
   * it off): one round trip each instead of opening an exec channel, which sshd answers by starting a new session.
   */
  shell?: boolean;
}

/** What a connection sent: exec channels, shell commands, SFTP requests, and SFTP round trips (pipelined requests share one). */
export interface RequestCounts {
  exec: number;
  shell: number;
  sftpRequests: number;
  sftpRoundTrips: number;
}

function backupName(path: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${path}.${process.pid}.${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}~`;
}

export class SshConnection implements Connection {
  private settings?: SshSettings;
  private client: Client | null = null;
  private releaseHops: (() => Promise<void>) | null = null;
  private connecting: Promise<Client> | null = null;
  private sftp: Promise<SFTPWrapper> | null = null;
  /** Exec channels open at once; OpenSSH refuses more than MaxSessions (10 by default, SFTP included). */
  private active = 0;
  private waiting: Array<() => void> = [];
  /** Once unreachable, the host stays unreachable for the run. */
  private failure: CarbonPlayError | null = null;
  private readonly sftpCounters: SftpCounters = { requests: 0, roundTrips: 0 };
  private execCount = 0;
  private shellCount = 0;
  /** The host's long-lived shell (null: could not be opened, so commands take exec channels). */
  private shell: Promise<ShellSession | null> | null = null;
  private shellOff: boolean;
  /**
   * Paths this connection last saw as regular files (its lstat, its own write), forgotten when a command runs (a
   * command may make anything of them): only these are read with the stat sent along (see statAndRead).
   */
  private regularFiles = new Set<string>();

  constructor(readonly host: string, private readonly vars: HostConnectionVars, private readonly opts: SshOptions = {}) {
    this.shellOff = opts.shell === false || Boolean(process.env.CARBON_PLAY_SSH_NO_SHELL);
  }

  async connect(): Promise<void> {
    await this.ensureClient();
  }

  private ensureClient(): Promise<Client> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = (async () => {
        this.settings ??= resolveSshSettings(this.host, this.vars, { hostKeyChecking: this.opts.hostKeyChecking });
        // A reconnect after a drop: let go of the old route's bastions first.
        const old = this.releaseHops;
        this.releaseHops = null;
        await old?.();
        const { client, releaseHops } = await openWithJumps(this.settings, this.opts);
        client.on('close', () => {
          // A dropped connection: the next use reconnects (with the same bounded retry), knowing no file (anything
          // may have been made of them meanwhile).
          if (this.client === client) {
            this.client = null;
            this.sftp = null;
            this.shell = null;
            this.regularFiles.clear();
          }
        });
        this.client = client;
        this.releaseHops = releaseHops;
        // The SFTP session and the shell are asked for now, not each at its first use: each is a round trip and a
        // process sshd starts (10–50 ms here), and nearly every play uses both. The shell once SFTP is up: the two
        // processes started together slowed the SFTP session most first tasks wait for (a command asks at once).
        const sftp = this.getSftp().catch(() => undefined);
        if (!this.shellOff) void sftp.then(() => (this.client === client ? this.getShell(client) : null));
        return client;
      })().catch((e: unknown) => {
        this.failure = e instanceof CarbonPlayError ? e : new CarbonPlayError('unreachable', `${this.host}: ${(e as Error).message}`, { host: this.host }, { cause: e });
        throw this.failure;
      }).finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private lost(e: unknown): CarbonPlayError {
    if (e instanceof CarbonPlayError) return e;
    return new CarbonPlayError('unreachable', `${this.host}: connection lost: ${(e as Error).message}`, { host: this.host }, { cause: e });
  }

  private getSftp(): Promise<SFTPWrapper> {
    if (!this.sftp) {
      const p = this.ensureClient().then((client) => new Promise<SFTPWrapper>((resolve, reject) => {
        client.sftp((e, sftp) => {
          if (e) return reject(e);
          trackSession(sftp, this.sftpCounters);
          sftp.on('close', () => {
            if (this.sftp === p) this.sftp = null;
          });
          resolve(sftp);
        });
      }));
      this.sftp = p;
      p.catch(() => {
        if (this.sftp === p) this.sftp = null;
      });
    }
    return this.sftp;
  }

  /** Requests sent so far on this connection (for benchmarks and round-trip tests). */
  requestCounts(): RequestCounts {
    return { exec: this.execCount, shell: this.shellCount, sftpRequests: this.sftpCounters.requests, sftpRoundTrips: this.sftpCounters.roundTrips };
  }

  /**
   * The open shell, opened on first use; a closed one (an aborted command ends it) is replaced. Null when the
   * server refused one: this connection then keeps to exec channels.
   */
  private async getShell(client: Client): Promise<ShellSession | null> {
    const current = this.shell;
    if (current) {
      const s = await current;
      if (!s || s.open) return s;
      if (this.shell === current) this.shell = null;
    }
    this.shell ??= ShellSession.open(client).catch(() => {
      this.shellOff = true;
      return null;
    });
    return this.shell;
  }

  private async exec(line: string, opts: RunOptions = {}): Promise<ExecResult> {
    this.regularFiles.clear();
    const client = await this.ensureClient();
    const become = needsBecome(opts.become, this.settings!.user) ? planBecome(line, opts.become) : undefined;
    // What only a channel of its own gives goes there: stdin, a timeout (its KILL), become's prompt or terminal.
    // A command sent while the shell runs another takes a channel too, so commands on one host still overlap;
    // and so does one that leaves a background job behind (its late output belongs to no later command).
    if (!this.shellOff && opts.stdin === undefined && !opts.timeoutMs && !become?.marker && !become?.pty && !leavesBackgroundJob(line)) {
      const shell = await this.getShell(client);
      if (shell?.idle) {
        this.shellCount++;
        return shell.run(become?.line ?? line, opts.signal);
      }
    }
    this.execCount++;
    if (this.active >= (this.opts.maxChannels ?? 8)) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await execCommand(client, line, { stdin: opts.stdin, become, timeoutMs: opts.timeoutMs, signal: opts.signal });
    } catch (e) {
      throw this.lost(e);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  async run(command: Command, opts: RunOptions = {}): Promise<RunResult> {
    const r = await this.exec(buildCommandLine(command, opts), opts);
    // Become failing is not the command failing: say why, once, as the task's message (the password never is).
    if (r.becomeFailed) {
      const method = opts.become?.method ?? 'sudo';
      const why = opts.become?.password === undefined ? 'a password is required' : `incorrect ${method} password`;
      throw new CarbonPlayError('module', `become failed: ${why} (to ${opts.become?.user ?? 'root'} as ${this.settings!.user})`, { host: this.host });
    }
    return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }

  private becomes(become: BecomeOptions | undefined): become is BecomeOptions {
    this.settings ??= resolveSshSettings(this.host, this.vars, { hostKeyChecking: this.opts.hostKeyChecking });
    return needsBecome(become, this.settings.user);
  }

  private failed(what: string, path: string, r: ExecResult): CarbonPlayError {
    return new CarbonPlayError('connection', `${this.host}: ${what} ${path}: ${r.stderr.toString('utf8').trim() || `exit ${r.rc}`}`, { host: this.host });
  }

  async readFile(path: string, opts: { become?: BecomeOptions } = {}): Promise<Buffer | null> {
    if (this.becomes(opts.become)) {
      const r = await this.exec(`if [ -e ${quoteArg(path)} ]; then cat -- ${quoteArg(path)}; else exit 3; fi`, { become: opts.become });
      if (r.rc === 3) return null;
      if (r.rc !== 0) throw this.failed('cannot read', path, r);
      return r.stdout;
    }
    try {
      return await sftpReadFile(await this.getSftp(), path);
    } catch (e) {
      throw this.fileError('cannot read', path, e);
    }
  }

  async stat(path: string, opts: { become?: BecomeOptions } = {}): Promise<FileStat | null> {
    if (this.becomes(opts.become)) {
      const q = quoteArg(path);
      const r = await this.exec(`if [ -e ${q} ] || [ -L ${q} ]; then stat -c '%f %u %g %s %Y' -- ${q}; readlink -- ${q} || true; else exit 3; fi`, { become: opts.become });
      if (r.rc === 3) return null;
      if (r.rc !== 0) throw this.failed('cannot stat', path, r);
      const [head, link] = r.stdout.toString('utf8').split('\n');
      const [rawMode, uid, gid, size, mtime] = head.split(' ');
      const mode = parseInt(rawMode, 16);
      const fmt = mode & 0o170000;
      const type = fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'link' : 'other';
      return { type, mode: mode & 0o7777, uid: Number(uid), gid: Number(gid), size: Number(size), mtimeMs: Number(mtime) * 1000, ...(type === 'link' ? { linkTarget: link } : {}) };
    }
    try {
      return this.noteStat(path, await sftpStat(await this.getSftp(), path));
    } catch (e) {
      throw this.fileError('cannot stat', path, e);
    }
  }

  private noteStat(path: string, stat: FileStat | null): FileStat | null {
    if (stat?.type === 'file') this.regularFiles.add(path);
    else this.regularFiles.delete(path);
    return stat;
  }

  /**
   * A file this connection knows as a regular file is read with its lstat sent along: one round trip fewer (an
   * edit's read, e.g. lineinfile after lineinfile). Any other path is stat'ed first: an SFTP open of a FIFO or a
   * device can wait for ever, and the session with it.
   */
  async statAndRead(path: string, opts: { become?: BecomeOptions } = {}): Promise<{ stat: FileStat | null; content: Buffer | null }> {
    if (this.becomes(opts.become) || !this.regularFiles.has(path)) {
      const stat = await this.stat(path, opts);
      return { stat, content: stat?.type === 'file' ? await this.readFile(path, opts) : null };
    }
    try {
      const r = await sftpStatAndRead(await this.getSftp(), path);
      this.noteStat(path, r.stat);
      return r;
    } catch (e) {
      throw this.fileError('cannot read', path, e);
    }
  }

  async changeFile(change: FileChange, opts: { become?: BecomeOptions } = {}): Promise<boolean> {
    // SFTP runs as the login user: another user's change goes through the command.
    if (this.becomes(opts.become)) return false;
    const path = 'mkdir' in change ? change.mkdir : 'chmod' in change ? change.chmod : change.symlink;
    this.regularFiles.delete(path);
    try {
      await sftpChange(await this.getSftp(), change);
      return true;
    } catch (e) {
      const err = this.fileError('cannot change', path, e);
      // A lost connection is the host's failure; any other refusal is the command's to make or explain.
      if (err.kind === 'unreachable') throw err;
      return false;
    }
  }

  private fileError(what: string, path: string, e: unknown): CarbonPlayError {
    if (e instanceof CarbonPlayError) return e;
    // The session went away under us (sshd killed, network gone): the host is unreachable, not the file bad.
    if (!this.client || /No response from server|SFTP session (is )?closed|Not connected|ECONNRESET/.test((e as Error).message)) return this.lost(e);
    return new CarbonPlayError('connection', `${this.host}: ${what} ${path}: ${(e as Error).message}`, { host: this.host }, { cause: e });
  }

  async writeFile(path: string, data: Buffer, opts: WriteOptions = {}): Promise<WriteResult> {
    if (this.becomes(opts.become)) return this.writeWithBecome(path, data, opts);
    try {
      const sftp = await this.getSftp();
      let target = path;
      // The module's own reading of the path, when it passes one on, saves a round trip.
      let existing = opts.current !== undefined ? opts.current : await sftpStat(sftp, target);
      if (existing?.type === 'link' && existing.linkTarget) {
        // Write through the link, as cp does; the link itself stays.
        target = posix.resolve(posix.dirname(path), existing.linkTarget);
        existing = await sftpStat(sftp, target);
      }
      const backupPath = opts.backup && existing ? backupName(target) : undefined;
      const chown = opts.owner || opts.group ? `${opts.owner ?? ''}${opts.group ? `:${opts.group}` : ''}` : undefined;
      await sftpWriteAtomic(sftp, target, data, {
        mode: opts.mode ?? existing?.mode ?? 0o644,
        owner: existing ? { uid: existing.uid, gid: existing.gid } : undefined,
        beforeRename: backupPath || chown ? async (tmp) => {
          const steps = [backupPath && quoteArgv(['cp', '-p', '--', target, backupPath]), chown && quoteArgv(['chown', '--', chown, tmp])].filter(Boolean);
          const r = await this.exec(steps.join(' && '));
          if (r.rc !== 0) throw this.failed('cannot prepare', path, r);
        } : undefined,
      });
      this.regularFiles.add(target);
      return backupPath ? { backupPath } : {};
    } catch (e) {
      throw this.fileError('cannot write', path, e);
    }
  }

  /** As another user: one sudo'ed shell writes stdin to a temp file beside the target and renames it. */
  private async writeWithBecome(path: string, data: Buffer, opts: WriteOptions): Promise<WriteResult> {
    const backupPath = opts.backup ? backupName(path) : '';
    const chown = opts.owner || opts.group ? `${opts.owner ?? ''}${opts.group ? `:${opts.group}` : ''}` : '';
    const mode = opts.mode !== undefined ? opts.mode.toString(8) : '';
    const script = [
      'set -e; p="$1"; t=$(mktemp "$(dirname "$p")/.carbon-play.XXXXXX"); trap \'rm -f "$t"\' EXIT',
      'cat > "$t"',
      'if [ -e "$p" ]; then chmod --reference="$p" "$t"; chown --reference="$p" "$t"; [ -z "$2" ] || cp -p -- "$p" "$2"; else chmod 644 "$t"; fi',
      '[ -z "$3" ] || chmod "$3" "$t"', '[ -z "$4" ] || chown -- "$4" "$t"',
      'sync "$t" 2>/dev/null || true', 'mv -f -- "$t" "$p" 2>/dev/null || { cat "$t" > "$p"; }',
    ].join('\n');
    const r = await this.exec(quoteArgv(['sh', '-c', script, 'sh', path, backupPath, mode, chown]), { stdin: data, become: opts.become });
    if (r.rc !== 0) throw this.failed('cannot write', path, r);
    return backupPath ? { backupPath } : {};
  }

  async forwardOut(host: string, port: number): Promise<Duplex> {
    const client = await this.ensureClient();
    try {
      return await forwardOutOn(client, host, port);
    } catch (e) {
      throw new CarbonPlayError('connection', `${this.host}: cannot open a tunnel to ${host}:${port}: ${(e as Error).message}`, { host: this.host }, { cause: e });
    }
  }

  async close(): Promise<void> {
    // CARBON_PLAY_SSH_COUNTS=1: where the time goes, per host (the playbook bench reads this line).
    const c = this.requestCounts();
    if (process.env.CARBON_PLAY_SSH_COUNTS && (c.exec || c.shell || c.sftpRequests)) {
      this.opts.warn?.(`${this.host}: ${c.exec} exec channels, ${c.shell} shell commands, ${c.sftpRequests} SFTP requests in ${c.sftpRoundTrips} round trips`);
    }
    const client = this.client;
    const releaseHops = this.releaseHops;
    this.client = null;
    this.sftp = null;
    this.shell = null;
    this.releaseHops = null;
    if (client) await endClient(client);
    // Bastions are shared with other targets: ended when the last of them closes.
    await releaseHops?.();
  }
}
