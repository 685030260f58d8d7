// The connection interface: the only way the engine touches a host.
import type { Duplex } from 'node:stream';

export type Command =
  /** Run a program with arguments; the connection quotes them (no shell injection). */
  | { argv: string[] }
  /** Run a script with `sh -c` (the `shell` module); the caller owns its quoting. */
  | { shell: string };

export interface BecomeOptions {
  /** `sudo` (default) or `su`. */
  method?: 'sudo' | 'su';
  user?: string;
  /** Never logged, never on a command line, never in a file. */
  password?: string;
  /** become_flags: replace the method's default flags (see become-flags.ts). */
  flags?: string;
}

export interface RunOptions {
  stdin?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  become?: BecomeOptions;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface FileStat {
  type: 'file' | 'directory' | 'link' | 'other';
  mode: number; // permission bits, e.g. 0o644
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  linkTarget?: string;
}

export interface WriteOptions {
  /** Permission bits for a new file; an existing file keeps its own unless given. */
  mode?: number;
  owner?: string;
  group?: string;
  /** Keep a timestamped copy of the old file first; its path is returned. */
  backup?: boolean;
  become?: BecomeOptions;
  /** The path's stat as the module read it (null: missing), so the write need not stat it again; undefined: unknown. */
  current?: FileStat | null;
}

/** A change to one path that a connection may make without a shell (over SFTP): see Connection.changeFile. */
export type FileChange =
  /** One level: the parent must exist. Default mode (0777 less the umask). */
  | { mkdir: string }
  /** Permission bits; follows a link, as chmod does. */
  | { chmod: string; mode: number }
  /** Replaces a link or file at `symlink` (not a directory), as `ln -sfn` does. */
  | { symlink: string; target: string };

export interface WriteResult {
  backupPath?: string;
}

export interface Connection {
  /** Inventory name of the host this connection reaches. */
  readonly host: string;
  /** Opened on first use by the others; idempotent. Throws CarbonPlayError('unreachable') when the host cannot be reached. */
  connect(): Promise<void>;
  close(): Promise<void>;
  run(command: Command, opts?: RunOptions): Promise<RunResult>;
  /** The file's bytes, or null when it does not exist. */
  readFile(path: string, opts?: { become?: BecomeOptions }): Promise<Buffer | null>;
  /** Atomic: temp file in the same directory, fsync, keep mode/owner, rename; EBUSY (bind mount) falls back to writing in place. */
  writeFile(path: string, data: Buffer, opts?: WriteOptions): Promise<WriteResult>;
  /** lstat; null when missing. */
  stat(path: string, opts?: { become?: BecomeOptions }): Promise<FileStat | null>;
  /** Optional: the lstat, and the bytes when it is a regular file (null otherwise), in fewer round trips than the two. */
  statAndRead?(path: string, opts?: { become?: BecomeOptions }): Promise<{ stat: FileStat | null; content: Buffer | null }>;
  /**
   * Optional: a change made without starting a program (SFTP: one request, no channel, no shell). True when done;
   * false when this connection cannot or did not (become to another user, a missing parent, any refusal): the caller
   * then runs the equivalent command, which makes the change or reports why not.
   */
  changeFile?(change: FileChange, opts?: { become?: BecomeOptions }): Promise<boolean>;
  /** A TCP stream to host:port as seen from this host (ssh2 forwardOut; a plain socket for local). */
  forwardOut(host: string, port: number): Promise<Duplex>;
}

/** Host variables a connection reads (ansible_host, ansible_port, ...), already templated. */
export type HostConnectionVars = Record<string, unknown>;

/**
 * Every variable a connection reads (src/connection/ssh-settings.ts, factory.ts): only these are templated for a task,
 * as Ansible templates only its connection plugin's own variables (a broken unrelated `ansible_*` does not fail a task).
 */
export const CONNECTION_VARS = [
  'ansible_connection', 'ansible_host', 'ansible_ssh_host', 'ansible_port', 'ansible_ssh_port', 'ansible_user', 'ansible_ssh_user',
  'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_private_key_file', 'ansible_ssh_private_key_file',
  'ansible_ssh_common_args', 'ansible_ssh_extra_args', 'ansible_jump_host',
] as const;

export interface ConnectionFactory {
  /** One connection per host for the whole run; the factory caches it. */
  get(host: string, vars: HostConnectionVars): Connection;
  closeAll(): Promise<void>;
}
