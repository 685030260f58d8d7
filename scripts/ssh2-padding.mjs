// A rolldown plugin for the bundle's ssh2.cjs: each packet's random padding comes from a pool, not a call of its own.
/*
 * ssh2 fills every packet's 4–19 bytes of padding with its own randomFillSync call: ~340 calls in a 3-host,
 * 20-task run, ~25 µs each here (the call into OpenSSL, not the bytes), ~8 ms of the controller's CPU. The bytes
 * come from the same generator, drawn 4 KB at a time and each used once. Only protocol/crypto.js's padding calls
 * are rewritten (the key exchange's cookie is drawn as before); a build against an ssh2 whose calls read otherwise
 * fails, so that the change is looked at, not silently dropped.
 */

const PADDING_CALL = /\brandomFillSync\(packet, 5 \+ payloadLen, padLen\)/g;

export const POOL = `
// carbon-play (scripts/ssh2-padding.mjs): padding drawn from a pool of random bytes, each byte used once.
let padPool = Buffer.alloc(0);
let padAt = 0;
function fillPadding(buf, offset, size) {
  if (padAt + size > padPool.length) {
    padPool = randomFillSync(Buffer.allocUnsafe(4096));
    padAt = 0;
  }
  padPool.copy(buf, offset, padAt, padAt + size);
  padAt += size;
  return buf;
}
`;

/** ssh2's protocol/crypto.js with its padding calls drawing from the pool; throws when it has none. */
export function poolPadding(code) {
  const out = code.replace(PADDING_CALL, 'fillPadding(packet, 5 + payloadLen, padLen)');
  if (out === code) throw new Error('ssh2-padding: no padding call found in ssh2/lib/protocol/crypto.js (ssh2 changed: see scripts/ssh2-padding.mjs)');
  return `${out}\n${POOL}`;
}

export const ssh2Padding = {
  name: 'ssh2-padding',
  transform(code, id) {
    return /[\\/]ssh2[\\/]lib[\\/]protocol[\\/]crypto\.js$/.test(id) ? { code: poolPadding(code) } : null;
  },
};
