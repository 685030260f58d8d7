// SHA-1 of a text, for cache keys (known facts, kept YAML trees): the one-shot crypto.hash where Node has it.
import { createHash, hash } from 'node:crypto';

/*
 * crypto.hash (Node 20.12+) is several times faster than createHash().update().digest() for the short texts
 * that caches key by (a template value: ~4 µs against ~20 µs), and gives the same digest.
 * Named imports, looked up when called: the bundle loads node:crypto on first use (scripts/defer-builtins.mjs).
 */
export function sha1Of(text: string, encoding: 'hex' | 'base64'): string {
  return typeof hash === 'function' ? hash('sha1', text, encoding) : createHash('sha1').update(text).digest(encoding);
}
