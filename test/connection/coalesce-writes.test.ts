import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { coalesceWrites } from '../../src/connection/coalesce-writes.js';

/** A stream that records how it was asked to write: one call per chunk, or one call for several. */
function recorder(): { stream: Writable; calls: string[][] } {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) { calls.push([chunk.toString()]); cb(); },
    writev(chunks, cb) { calls.push(chunks.map((c) => String(c.chunk))); cb(); },
  });
  return { stream, calls };
}

describe('coalesceWrites', () => {
  it('sends the writes of one tick together, in order, and the next tick\'s apart', async () => {
    const { stream, calls } = recorder();
    coalesceWrites(stream);
    stream.write('a');
    stream.write('b');
    stream.write('c');
    await new Promise((r) => setImmediate(r));
    stream.write('d');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('without it, each write is its own call', async () => {
    const { stream, calls } = recorder();
    stream.write('a');
    stream.write('b');
    await new Promise((r) => setImmediate(r));
    expect(calls[0]).toEqual(['a']);
  });
});
