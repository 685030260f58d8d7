// Opens one authenticated ssh2 Client: key/agent/password auth, host-key check, jump hosts, timeout and retries.
import type { Duplex, Writable } from 'node:stream';
import type { AgentAuthMethod, AuthMethod, Client as SshClient, ConnectConfig, NoAuthMethod, ParsedKey, PasswordAuthMethod, PublicKeyAuthMethod } from 'ssh2';
import { CarbonPlayError } from '../core/errors.js';
import { checkHostKey, fingerprintKey, keyTypeOf, knownHostName, knownKeyTypes, loadKnownHosts, recordHostKey } from './ssh-known-hosts.js';
import { lookupSshConfig, resolveSshSettings, type SshSettings } from './ssh-settings.js';
import { ackNow, ackUnanswered } from './ssh-ack.js';
import { connectEarly } from './ssh-early.js';
import { loadSsh2, type Ssh2 } from './ssh2-load.js';
import { loadPrivateKey } from './ssh-key.js';
import { askLoginEarly, signFirst } from './ssh-sign-first.js';

type Client = SshClient;

export interface ConnectOptions {
  /** Record unknown host keys instead of refusing them (OpenSSH's accept-new). */
  acceptNewHostKeys?: boolean;
  /** Connect timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** False turns host-key checking off for every host (ANSIBLE_HOST_KEY_CHECKING=False); a warning is given. */
  hostKeyChecking?: boolean;
  /** Connect attempts before the host is unreachable (default 3, with backoff). */
  connectAttempts?: number;
  /** Passphrase of an encrypted private key (--ask-key-passphrase, else $CARBON_PLAY_SSH_PASSPHRASE). */
  passphrase?: string;
  /** Login password for hosts whose inventory gives none (-k/--ask-pass); ansible_password wins, as in Ansible. */
  password?: string;
  keepaliveMs?: number;
  /** Where warnings go (host key checking off, a host key recorded). */
  warn?: (message: string) => void;
}

function unreachable(s: SshSettings, reason: string, cause?: unknown): CarbonPlayError {
  return new CarbonPlayError('unreachable', `${s.name}: cannot connect to ${s.user}@${s.hostname}:${s.port}: ${reason}`, { host: s.name }, { cause });
}

function describe(e: Error & { code?: string; level?: string }, timeoutMs: number): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return 'no route to host';
  if (e.code === 'ETIMEDOUT' || /Timed out while waiting for handshake/.test(e.message)) return `timed out after ${timeoutMs} ms`;
  if (e.level === 'client-authentication') return 'authentication failed (the server refused every key and password offered)';
  return e.message;
}

interface HostKeyState {
  refused?: CarbonPlayError;
}

async function verifyHostKey(s: SshSettings, o: ConnectOptions, key: Buffer, state: HostKeyState): Promise<boolean> {
  if (!s.hostKeyChecking) return true;
  const entries = await loadKnownHosts(s.knownHostsFile);
  const verdict = checkHostKey(entries, s.hostname, s.port, keyTypeOf(key), key);
  if (verdict === 'match') return true;
  const fp = `${keyTypeOf(key)} ${fingerprintKey(key)}`;
  const name = knownHostName(s.hostname, s.port);
  if (verdict === 'unknown' && (o.acceptNewHostKeys || s.acceptNew)) {
    await recordHostKey(s.knownHostsFile, s.hostname, s.port, key);
    o.warn?.(`${s.name}: added ${name} (${fp}) to ${s.knownHostsFile}`);
    return true;
  }
  const msg = verdict === 'unknown'
    ? `${s.name}: host key of ${name} is not known (${fp}); expected it in ${s.knownHostsFile} (use --accept-new-host-keys to record it)`
    : verdict === 'revoked'
      ? `${s.name}: host key of ${name} is revoked in ${s.knownHostsFile} (${fp})`
      : `${s.name}: host key of ${name} has CHANGED: got ${fp}, which does not match ${s.knownHostsFile}; refusing to connect`;
  state.refused = new CarbonPlayError('unreachable', msg, { host: s.name });
  return false;
}

function connectOnce(Client: Ssh2['Client'], s: SshSettings, o: ConnectOptions, key: ParsedKey | undefined, sock?: Duplex): Promise<Client> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const client = new Client();
    const state: HostKeyState = {};
    client.once('ready', () => {
      client.removeAllListeners('error');
      client.on('error', () => undefined); // a later drop is seen as 'close' by the owner
      resolve(client);
    });
    // `on`, not `once`: ssh2 may report a second error (connection lost) after the first; only the first counts.
    client.on('error', (e: Error & { code?: string; level?: string }) => {
      client.end();
      reject(state.refused ?? unreachable(s, describe(e, timeoutMs), e));
    });
    const cfg: ConnectConfig = {
      host: s.hostname,
      port: s.port,
      username: s.user,
      sock,
      readyTimeout: timeoutMs,
      // ssh2 asks for 'none' first, a round trip (and sshd's work) before the key is offered; here it comes last.
      // Otherwise ssh2's own order. The key goes in already parsed (see ssh-key.ts).
      authHandler: authMethods(s.user, key, s.password ?? o.password, process.env.SSH_AUTH_SOCK),
      keepaliveInterval: o.keepaliveMs ?? 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (hostKey: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(s, o, hostKey, state).then(verify, (e: Error) => {
          state.refused = unreachable(s, `cannot check the host key: ${e.message}`, e);
          verify(false);
        });
      },
    };
    loadKnownHosts(s.knownHostsFile).then((entries) => {
      // Ask for a host key type we can check, as OpenSSH does.
      const types = s.hostKeyChecking ? knownKeyTypes(entries, s.hostname, s.port) : [];
      if (types.length) cfg.algorithms = { serverHostKey: { prepend: types } } as unknown as ConnectConfig['algorithms'];
      client.connect(cfg);
      // Small request/answer packets: Nagle + delayed ACKs add ~40 ms to a round trip. From the start, not from
      // 'ready': the handshake has one too (NEWKEYS then the ssh-userauth request, ~40 ms of each connect here).
      client.setNoDelay(true);
      batchWrites((client as unknown as { _sock?: unknown })._sock);
      ignoreHostKeyAnnouncements(client);
      ackUnanswered(client);
      if (key) signFirst(client, key);
      if (key?.type !== 'ssh-rsa' && !process.env.SSH_AUTH_SOCK) askLoginEarly(client);
    }, reject);
  });
}

/** What to try, in turn: those with nothing configured are left out, as ssh2 skips them. */
function authMethods(username: string, key: ParsedKey | undefined, password: string | undefined, agent: string | undefined): AuthMethod[] {
  const methods: Array<PasswordAuthMethod | PublicKeyAuthMethod | AgentAuthMethod | NoAuthMethod> = [
    ...(password !== undefined ? [{ type: 'password' as const, username, password }] : []),
    ...(key ? [{ type: 'publickey' as const, username, key }] : []),
    ...(agent ? [{ type: 'agent' as const, username, agent }] : []),
    { type: 'none' as const, username },
  ];
  return methods;
}

/**
 * ssh2 writes every SSH packet with its own write(), and each is a system call: the largest single cost of a
 * 30-host run under gVisor (a third of its CPU). The packets one turn of the event loop produces (an exec's
 * open and request, pipelined SFTP requests) leave together in one writev instead. Order and content are unchanged;
 * end() flushes what is held. `sock` is ssh2's own socket (or the jump host's stream), reached through its
 * `_sock` field: anything without cork/uncork is left alone.
 */
export function batchWrites(sock: unknown): void {
  const w = sock as (Writable & { write: (...args: unknown[]) => boolean }) | undefined;
  if (!w || typeof w.cork !== 'function' || typeof w.uncork !== 'function' || typeof w.write !== 'function') return;
  const write = w.write;
  let held = false;
  w.write = function (this: Writable, ...args: unknown[]): boolean {
    if (!held) {
      held = true;
      w.cork();
      setImmediate(() => {
        held = false;
        w.uncork();
      });
    }
    return write.apply(this, args);
  };
}

type GlobalRequestHandler = (proto: unknown, name: string, wantReply: boolean, data: unknown) => void;

/**
 * After login, OpenSSH announces all its host keys (`hostkeys-00@openssh.com`, no reply wanted) and ssh2 at once
 * asks it to prove each one, then checks the proofs: a signature per key on the server and a verification here
 * (5–20 ms of the controller's CPU per run, profiled), for an event ('hostkeys') that nothing here reads. The
 * announcement is dropped instead, and answered with an IGNORE (see ssh-ack.ts). The host key was already checked,
 * in the key exchange. `client` is reached through ssh2's `_protocol._handlers`; anything else is left alone.
 */
export function ignoreHostKeyAnnouncements(client: Client): void {
  const handlers = (client as unknown as { _protocol?: { _handlers?: { GLOBAL_REQUEST?: unknown } } })._protocol?._handlers;
  const original = handlers?.GLOBAL_REQUEST;
  if (!handlers || typeof original !== 'function') return;
  handlers.GLOBAL_REQUEST = ((proto, name, wantReply, data) => {
    if (name === 'hostkeys-00@openssh.com' && !wantReply) return void ackNow(proto);
    (original as GlobalRequestHandler)(proto, name, wantReply, data);
  }) satisfies GlobalRequestHandler;
}

function fatal(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : '';
  return /host key|authentication failed|private key/.test(msg);
}

const warnedUnchecked = new WeakSet<ConnectOptions>();

/** Connects with a bounded retry (backoff 250 ms, 500 ms, ...); host-key and auth refusals are not retried. */
export async function openClient(s: SshSettings, o: ConnectOptions, sock?: () => Promise<Duplex>): Promise<Client> {
  // A direct connection's first attempt starts its TCP connection before ssh2 loads (see ssh-early.ts).
  const early = sock ? undefined : connectEarly(s.hostname, s.port);
  try {
    return await openClientOn(s, o, sock ?? (async () => early?.take()));
  } finally {
    early?.drop();
  }
}

async function openClientOn(s: SshSettings, o: ConnectOptions, sock: () => Promise<Duplex | undefined>): Promise<Client> {
  const { Client, utils } = await loadSsh2();
  const key = loadPrivateKey(utils.parseKey, s, o.passphrase ?? process.env.CARBON_PLAY_SSH_PASSPHRASE, (reason) => unreachable(s, reason));
  if (!key && !s.password && !o.password && !process.env.SSH_AUTH_SOCK) throw unreachable(s, `no usable private key (tried ${s.keyFiles.join(', ')}), no password and no ssh-agent`);
  if (!s.hostKeyChecking && !warnedUnchecked.has(o)) {
    // Once per run (the options object is the run's), naming the first host: not one line per host.
    warnedUnchecked.add(o);
    o.warn?.(`host key checking is off (first host: ${s.name}): the servers' identities are not verified`);
  }
  const attempts = Math.max(1, o.connectAttempts ?? 3);
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 250 * 2 ** (i - 1)));
    try {
      return await connectOnce(Client, s, o, key, await sock());
    } catch (e) {
      last = e;
      if (fatal(e)) break;
    }
  }
  throw last;
}

export function forwardOutOn(client: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => client.forwardOut('127.0.0.1', 0, host, port, (e, stream) => (e ? reject(e) : resolve(stream))));
}

/** Ends a client and waits (at most 1 s) for its socket to close. */
export function endClient(c: Client): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 1000);
    c.once('close', () => { clearTimeout(t); resolve(); });
    c.end();
  });
}

/** A jump host's connection, shared by every target that goes through it in one run; ended with its last user. */
interface SharedHop {
  client: Promise<Client>;
  refs: number;
  release(): Promise<void>;
}

/** Per run (the options object is the run's): chain of hops so far (user@host:port>...) → its shared connection. */
const hopPools = new WeakMap<ConnectOptions, Map<string, SharedHop>>();

async function acquireHop(pool: Map<string, SharedHop>, key: string, prev: SharedHop | undefined, open: () => Promise<Client>): Promise<SharedHop> {
  let entry = pool.get(key);
  if (!entry) {
    // The new hop holds its predecessor for as long as it lives.
    if (prev) prev.refs++;
    const created: SharedHop = {
      refs: 0,
      client: open(),
      release: async () => {
        if (--created.refs > 0) return;
        if (pool.get(key) === created) pool.delete(key);
        await created.client.then(endClient, () => undefined);
        await prev?.release();
      },
    };
    const forget = () => {
      if (pool.get(key) === created) pool.delete(key);
    };
    // A dropped or failed bastion is not handed out again: the next target opens a new one.
    created.client.then((c) => c.once('close', forget), forget);
    pool.set(key, created);
    entry = created;
  }
  entry.refs++;
  try {
    await entry.client;
  } catch (e) {
    await entry.release();
    throw e;
  }
  return entry;
}

/** How to reach a hop: its own ~/.ssh/config entry (User, IdentityFile, UserKnownHostsFile) when it has one, else the target's. */
function hopSettings(s: SshSettings, hop: SshSettings['jumps'][number]): SshSettings {
  const cfg = lookupSshConfig(hop.host);
  const strict = s.hostKeyChecking ? (s.acceptNew ? ' -o StrictHostKeyChecking=accept-new' : '') : ' -o StrictHostKeyChecking=no';
  const hs = resolveSshSettings(hop.host, {
    ansible_host: hop.host, ansible_port: hop.port,
    ansible_user: hop.user ?? (cfg.User ? undefined : s.user),
    ansible_ssh_private_key_file: cfg.IdentityFile ? undefined : s.keyExplicit ? s.keyFiles[0] : undefined,
    ansible_ssh_common_args: `${cfg.UserKnownHostsFile ? '' : `-o UserKnownHostsFile=${s.knownHostsFile}`}${strict}`,
  });
  return { ...hs, name: `${s.name} (jump ${hop.host})` };
}

/**
 * Through each jump host in turn (ssh2 forwardOut, no ssh binary). Targets behind the same bastion share one
 * connection to it. Returns the target's client and a release for the hops (ended when their last target lets go).
 */
export async function openWithJumps(s: SshSettings, o: ConnectOptions): Promise<{ client: Client; releaseHops: () => Promise<void> }> {
  let pool = hopPools.get(o);
  if (!pool) hopPools.set(o, (pool = new Map()));
  let via: SharedHop | undefined;
  let key = '';
  try {
    for (const hop of s.jumps) {
      const hs = hopSettings(s, hop);
      key += `>${hs.user}@${hs.hostname}:${hs.port}`;
      const prev: SharedHop | undefined = via;
      const prevClient = prev ? await prev.client : undefined;
      via = await acquireHop(pool, key, prev, () => openClient(hs, o, prevClient ? () => forwardOutOn(prevClient, hs.hostname, hs.port) : undefined));
      // The new hop holds its predecessor now; this walk lets go of it.
      await prev?.release();
    }
    const last = via ? await via.client : undefined;
    const client = await openClient(s, o, last ? () => forwardOutOn(last, s.hostname, s.port) : undefined);
    const held = via;
    return { client, releaseHops: async () => { await held?.release(); } };
  } catch (e) {
    await via?.release();
    throw e;
  }
}
