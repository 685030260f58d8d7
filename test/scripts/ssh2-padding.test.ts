// The bundle's ssh2 padding pool (scripts/ssh2-padding.mjs): every padding call rewritten, each pooled byte used once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no declarations
import { POOL, poolPadding } from '../../scripts/ssh2-padding.mjs';

const rewrite = poolPadding as (code: string) => string;
const cryptoJs = readFileSync(createRequire(import.meta.url).resolve('ssh2/lib/protocol/crypto.js'), 'utf8');

describe('poolPadding', () => {
  it("rewrites every padding call of the installed ssh2's protocol/crypto.js, and nothing else", () => {
    const calls = cryptoJs.match(/randomFillSync\(packet, 5 \+ payloadLen, padLen\)/g)?.length ?? 0;
    const out = rewrite(cryptoJs);
    expect(calls).toBeGreaterThan(0);
    expect([out.match(/fillPadding\(packet, 5 \+ payloadLen, padLen\)/g)?.length, out.includes('randomFillSync(packet')]).toEqual([calls, false]);
    // The destructured randomFillSync stays: the pool fills itself with it.
    expect(out.startsWith(cryptoJs.slice(0, cryptoJs.indexOf('randomFillSync(packet')))).toBe(true);
  });

  it('refuses a file without a padding call (an ssh2 that changed is looked at, not silently left unpooled)', () => {
    expect(() => rewrite('const x = 1;\n')).toThrow(/no padding call found/);
  });
});

describe('the pool', () => {
  /** fillPadding over a generator that numbers its bytes 0, 1, 2...; `fills` counts its calls. */
  function pool() {
    let next = 0;
    const counter = { fills: 0 };
    const randomFillSync = (b: Buffer) => {
      counter.fills++;
      for (let i = 0; i < b.length; i++) b[i] = next++ & 0xff;
      return b;
    };
    const fillPadding = new Function('randomFillSync', 'Buffer', `${POOL as string}\nreturn fillPadding;`)(randomFillSync, Buffer) as (b: Buffer, o: number, n: number) => Buffer;
    return { fillPadding, counter };
  }

  it('fills only the padding, with bytes no other packet got, drawing 4 KB per call', () => {
    const { fillPadding, counter } = pool();
    const a = fillPadding(Buffer.alloc(12, 0xee), 5, 7);
    const b = fillPadding(Buffer.alloc(12, 0xee), 5, 7);
    expect([...a]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0, 1, 2, 3, 4, 5, 6]);
    expect([...b.subarray(5)]).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(counter.fills).toBe(1);
  });

  it('draws again when what is left is shorter than the padding asked for, never reusing a byte', () => {
    const { fillPadding, counter } = pool();
    for (let i = 0; i < 4096 / 16; i++) fillPadding(Buffer.alloc(16), 0, 16);
    const last = fillPadding(Buffer.alloc(16), 0, 16);
    expect([counter.fills, last[0], last[15]]).toEqual([2, 4096 & 0xff, (4096 + 15) & 0xff]);
  });
});
