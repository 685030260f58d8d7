// Passwords as the server stores them: which form a server takes, and whether a stored hash is of a given password.
import { createHash } from 'node:crypto';

export interface ServerInfo {
  /** `SELECT VERSION()`, e.g. `10.11.6-MariaDB-0+deb12u1` or `8.4.0`. */
  version: string;
  mariadb: boolean;
  major: number;
}

export function parseServerVersion(version: string): ServerInfo {
  const major = Number(/^(\d+)\./.exec(version)?.[1] ?? 0);
  return { version, mariadb: /mariadb/i.test(version), major };
}

/**
 * MySQL 8.4 disables mysql_native_password by default (and 9.0 removes it): there the password is given in clear in the
 * statement and hashed by the server's default plugin. MariaDB and MySQL before 8 take the native hash, so the clear
 * text never travels.
 */
export function usesNativePassword(server: ServerInfo): boolean {
  return server.mariadb || server.major < 8;
}

/** mysql_native_password's stored form: `*` + hex(SHA1(SHA1(password))), upper case. */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return '*' + createHash('sha1').update(inner).digest('hex').toUpperCase();
}

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `len` bytes of `block` repeated. */
function repeatTo(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length) block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

/** The SHA-256 crypt digest (Drepper's algorithm, which MySQL's caching_sha2_password uses), before encoding. */
export function sha256CryptDigest(key: Buffer, salt: Buffer, rounds: number): Buffer {
  const b = sha256(key, salt, key);
  const a = createHash('sha256').update(key).update(salt);
  a.update(repeatTo(b, key.length));
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? b : key);
  let digest = a.digest();
  const p = repeatTo(sha256(...Array<Buffer>(key.length).fill(key)), key.length);
  const s = repeatTo(sha256(...Array<Buffer>(16 + digest[0]!).fill(salt)), salt.length);
  for (let r = 0; r < rounds; r++) {
    const c = createHash('sha256');
    c.update(r & 1 ? p : digest);
    if (r % 3) c.update(s);
    if (r % 7) c.update(p);
    c.update(r & 1 ? digest : p);
    digest = c.digest();
  }
  return digest;
}

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The byte triples of the 32-byte digest, in the order crypt encodes them; the last group has 2 bytes (3 chars).
const ORDER = [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]];

/** crypt's base-64 of a SHA-256 digest: 43 characters. */
export function encodeSha256Crypt(d: Buffer): string {
  let out = '';
  const put = (w: number, n: number) => { for (let i = 0; i < n; i++, w >>= 6) out += B64[w & 0x3f]; };
  for (const [x, y, z] of ORDER) put((d[x!]! << 16) | (d[y!]! << 8) | d[z!]!, 4);
  put((d[31]! << 8) | d[30]!, 3);
  return out;
}

/**
 * True when `stored` (caching_sha2_password's `$A$RRR$` + 20-byte salt + 43-char digest, RRR = rounds / 1000)
 * is a hash of `password`; false when it is not, or is not in that form.
 */
export function cachingSha2Matches(stored: Buffer, password: string): boolean {
  const head = /^\$A\$(\d{3})\$/.exec(stored.subarray(0, 7).toString('latin1'));
  if (!head || stored.length !== 7 + 20 + 43) return false;
  const salt = stored.subarray(7, 27);
  const digest = sha256CryptDigest(Buffer.from(password, 'utf8'), salt, Number(head[1]) * 1000);
  return encodeSha256Crypt(digest) === stored.subarray(27).toString('latin1');
}

/** Whether the account's stored credential is a hash of `password`; null when the plugin's hash cannot be checked here. */
export function storedPasswordMatches(plugin: string, stored: Buffer, password: string): boolean | null {
  if (plugin === '' || plugin === 'mysql_native_password') return stored.toString('latin1') === nativePasswordHash(password);
  if (plugin === 'caching_sha2_password') return cachingSha2Matches(stored, password);
  return null;
}
