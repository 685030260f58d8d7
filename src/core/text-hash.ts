// SHA-1 of a text, for cache keys (known facts, kept YAML trees): the one-shot crypto.hash where Node has it.
import * as crypto from 'node:crypto';

/*
 * crypto.hash (Node 20.12+) is several times faster than createHash().update().digest() for the short texts
 * that caches key by (a template value: ~4 µs against ~20 µs), and gives the same digest.
 */
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function sha1Of(text: string, encoding: 'hex' | 'base64'): string {
  return oneShot ? oneShot('sha1', text, encoding) : crypto.createHash('sha1').update(text).digest(encoding);
}
