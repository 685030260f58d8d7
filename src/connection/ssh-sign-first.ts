// The public-key login in one round trip: the signed request goes first, without ssh2's "may I use this key?" query.
import type { Client, ParsedKey } from 'ssh2';

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
