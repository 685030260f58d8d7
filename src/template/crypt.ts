// SHA-256/SHA-512 crypt(3) ($5$, $6$), as the password_hash filter produces them through Python's crypt module.

import { createHash, randomInt } from 'node:crypto';
import { templateError } from './values.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ORDER512 = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
  [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];
const ORDER256 = [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]];

function b64(w: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++, w >>>= 6) out += ITOA64[w & 0x3f];
  return out;
}

/** `len` bytes of `block` repeated. */
function stretch(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = block[i % block.length];
  return out;
}

function shaCrypt(algo: 'sha256' | 'sha512', password: string, salt: string, rounds: number): Buffer {
  const H = (...parts: Buffer[]) => createHash(algo).update(Buffer.concat(parts)).digest();
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt, 'utf8');
  const B = H(P, S, P);
  const aParts = [P, S, stretch(B, P.length)];
  for (let n = P.length; n > 0; n >>= 1) aParts.push(n & 1 ? B : P);
  const A = H(...aParts);
  const pBytes = stretch(H(...Array.from({ length: P.length }, () => P)), P.length);
  const sBytes = stretch(H(...Array.from({ length: 16 + A[0] }, () => S)), S.length);
  let C = A;
  for (let i = 0; i < rounds; i++) {
    const parts = [i & 1 ? pBytes : C];
    if (i % 3) parts.push(sBytes);
    if (i % 7) parts.push(pBytes);
    parts.push(i & 1 ? C : pBytes);
    C = H(...parts);
  }
  return C;
}

/** `$6$salt$hash` (rounds shown only when given and not the default 5000); a random 16-character salt when none. */
export function cryptPassword(password: string, hashtype: string, salt?: string, rounds?: number, saltSize = 16): string {
  const type = hashtype.replace(/_crypt$/, '');
  if (type !== 'sha512' && type !== 'sha256') throw templateError(`password_hash: unsupported hash type '${hashtype}' (supported: sha512, sha256)`);
  const s = (salt ?? Array.from({ length: saltSize }, () => ITOA64[randomInt(64)]).join('')).slice(0, 16);
  const r = rounds ?? 5000;
  const h = shaCrypt(type, password, s, r);
  let enc = '';
  if (type === 'sha512') {
    for (const [a, b, c] of ORDER512) enc += b64((h[a] << 16) | (h[b] << 8) | h[c], 4);
    enc += b64(h[63], 2);
  } else {
    for (const [a, b, c] of ORDER256) enc += b64((h[a] << 16) | (h[b] << 8) | h[c], 4);
    enc += b64((h[31] << 8) | h[30], 3);
  }
  const id = type === 'sha512' ? '6' : '5';
  return `$${id}$${rounds !== undefined && rounds !== 5000 ? `rounds=${rounds}$` : ''}${s}$${enc}`;
}
