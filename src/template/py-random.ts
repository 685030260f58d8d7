// Python's random.Random(seed) (Mersenne Twister, seeded as CPython seeds it), so `random(seed=...)` picks what Ansible picks.

import { createHash, randomInt } from 'node:crypto';
import { templateError } from './values.js';

const N = 624;
const M = 397;

class MersenneTwister {
  private mt = new Uint32Array(N);
  private i = N + 1;

  constructor(key: number[]) {
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = ((this.mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = ((this.mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1];
        i = 1;
      }
    }
    this.mt[0] = 0x80000000;
  }

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(prev, 1812433253) + i) >>> 0;
    }
    this.i = N;
  }

  uint32(): number {
    if (this.i >= N) {
      for (let k = 0; k < N; k++) {
        const y = (this.mt[k] & 0x80000000) | (this.mt[(k + 1) % N] & 0x7fffffff);
        this.mt[k] = this.mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.i = 0;
    }
    let y = this.mt[this.i++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** CPython's key for an int or str seed (str: version 2, the text followed by its SHA-512). */
function seedKey(seed: unknown): number[] {
  let bytes: Buffer;
  if (typeof seed === 'number' || typeof seed === 'boolean') {
    let n = BigInt(Math.abs(Math.trunc(Number(seed))));
    const words: number[] = [];
    while (n > 0n) {
      words.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    return words.length ? words : [0];
  }
  const text = Buffer.from(String(seed), 'utf8');
  bytes = Buffer.concat([text, createHash('sha512').update(text).digest()]);
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  const words: number[] = [];
  for (let end = bytes.length; end > 0; end -= 4) {
    let w = 0;
    for (let b = Math.max(0, end - 4); b < end; b++) w = (w * 256 + bytes[b]) >>> 0;
    words.push(w);
  }
  return words.length ? words : [0];
}

/** A seeded generator (Python's Random(seed)), or the system's when there is no seed. */
export class PyRandom {
  private mt?: MersenneTwister;
  constructor(seed?: unknown) {
    if (seed !== undefined && seed !== null) this.mt = new MersenneTwister(seedKey(seed));
  }

  /** Python's _randbelow_with_getrandbits. */
  below(n: number): number {
    if (n <= 0) throw templateError('empty range for random');
    if (!this.mt) return randomInt(n);
    if (n > 0xffffffff) throw templateError('random: range too large');
    const k = Math.floor(Math.log2(n)) + 1;
    for (;;) {
      const r = this.mt.uint32() >>> (32 - k);
      if (r < n) return r;
    }
  }

  randrange(start: number, stop: number, step: number): number {
    const width = stop - start;
    if (step === 1) return start + this.below(width);
    const n = step > 0 ? Math.floor((width + step - 1) / step) : Math.floor((width + step + 1) / step);
    return start + step * this.below(n);
  }

  shuffle<T>(items: T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
