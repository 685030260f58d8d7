import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../src/sandbox/limit.js';

describe('forEachLimited', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachLimited(Array.from({ length: 30 }, (_, i) => i), 8, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      running--;
      done.push(i);
    });
    expect(peak).toBe(8);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('throws the first failure after the started items end', async () => {
    const ended: number[] = [];
    const p = forEachLimited([1, 2, 3], 3, async (i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      if (i === 1) throw new Error('host 1 failed');
      ended.push(i);
    });
    await expect(p).rejects.toThrow('host 1 failed');
    expect(ended).toEqual([2, 3]);
  });

  it('starts no further item once one has failed', async () => {
    const started: number[] = [];
    const p = forEachLimited(Array.from({ length: 10 }, (_, i) => i), 2, async (i) => {
      started.push(i);
      await new Promise((r) => setTimeout(r, i === 0 ? 1 : 10));
      if (i === 0) throw new Error('host 0 failed');
    });
    await expect(p).rejects.toThrow('host 0 failed');
    expect(started).toEqual([0, 1]);
  });
});
