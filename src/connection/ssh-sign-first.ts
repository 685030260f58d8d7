// The login in fewer round trips: the signed request goes first (no "may I use this key?" query), and without waiting
// for the server's yes to the ssh-userauth service.
import type { Client, ParsedKey } from 'ssh2';
import { ackNow } from './ssh-ack.js';

type SignCallback = (blob: Buffer, done: (signature: Buffer) => void) => void;
type AuthPK = (this: unknown, username: string, pubKey: unknown, keyAlgo?: string | SignCallback, cbSign?: SignCallback) => void;

/** The hash each RSA signature algorithm signs with; other key types have one hash of their own (undefined: the key's). */
const RSA_HASHES: Record<string, string> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512', 'ssh-rsa': 'sha1' };

/**
 * ssh2 offers a key in two steps: a request without a signature (the server answers PK_OK: "this key would do"),
 * then the signed request. RFC 4252 (7) lets a client send the signed request at once, and OpenSSH's own client
 * does so for a key it holds: one round trip, and one look-up of authorized_keys by sshd, less per login. `key` is
 * the key carbon-play hands ssh2; other keys (an agent's) keep ssh2's two steps, and so does a key that fails to sign
 * here (ssh2 then reports why, at the server's PK_OK). Reached through ssh2's protocol object (`_protocol.authPK`);
 * anything else found there is left alone, and the login then runs as ssh2 does it.
 */
export function signFirst(client: Client, key: ParsedKey): void {
  const proto = (client as unknown as { _protocol?: { authPK?: unknown } })._protocol;
  const authPK = proto?.authPK as AuthPK | undefined;
  if (!proto || typeof authPK !== 'function') return;
  proto.authPK = function (this: unknown, username: string, pubKey: unknown, keyAlgo?: string | SignCallback, cbSign?: SignCallback): void {
    if (pubKey !== key || cbSign !== undefined || typeof keyAlgo === 'function') return authPK.call(this, username, pubKey, keyAlgo, cbSign);
    authPK.call(this, username, pubKey, keyAlgo, (blob, done) => {
      const signature: Buffer | Error = key.sign(blob, RSA_HASHES[keyAlgo ?? key.type]);
      if (signature instanceof Error) return authPK.call(this, username, pubKey, keyAlgo);
      done(signature);
    });
  } satisfies AuthPK;
}

type ServiceAccept = (proto: unknown, name: string) => void;

/**
 * ssh2 asks for the `ssh-userauth` service and waits for the server's yes before its first login request. RFC 4253
 * (10) has the server answer requests in order, so the login request may follow at once: one round trip less
 * (OpenSSH's sshd reads them in turn). Only when the login cannot depend on what the server says at that point: its
 * EXT_INFO (server-sig-algs) arrives with the service's yes, and ssh2 picks an RSA key's signature algorithm from it,
 * so a run with an RSA key or an ssh-agent (whose keys may be RSA) waits as ssh2 does. The server's later yes is
 * then not acted on a second time, only answered with an IGNORE: the login's answer would otherwise wait for the
 * ACK of this yes (see ssh-ack.ts). Reached through ssh2's protocol object (`service`, `_handlers.SERVICE_ACCEPT`);
 * anything else found there is left alone.
 */
export function askLoginEarly(client: Client): void {
  const proto = (client as unknown as { _protocol?: { service?: unknown; _handlers?: { SERVICE_ACCEPT?: unknown } } })._protocol;
  const service = proto?.service as ((this: unknown, name: string) => void) | undefined;
  const handlers = proto?._handlers;
  const accepted = handlers?.SERVICE_ACCEPT as ServiceAccept | undefined;
  if (!proto || !handlers || typeof service !== 'function' || typeof accepted !== 'function') return;
  let early = false;
  proto.service = function (this: unknown, name: string): void {
    service.call(this, name);
    if (name !== 'ssh-userauth' || early) return;
    early = true;
    accepted(this, name);
  };
  handlers.SERVICE_ACCEPT = ((p, name) => {
    if (early && name === 'ssh-userauth') {
      early = false;
      ackNow(p);
      return;
    }
    accepted(p, name);
  }) satisfies ServiceAccept;
}
