// batchWrites: what is written in one turn of the event loop goes out as one write; close and exit flush it.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { batchWrites } from '../../src/output/batched-write.js';
import { createPlainRenderer } from '../../src/output/plain.js';

it('gathers the writes of one turn into one, and the next turn\'s into another', async () => {
  const writes: string[] = [];
  const out = batchWrites((t) => writes.push(t));
  out.write('a\n');
  out.write('b\n');
  expect(writes).toEqual([]);
  await nextTurn();
  out.write('c\n');
  await nextTurn();
  expect(writes).toEqual(['a\nb\n', 'c\n']);
  out.close();
});

it('close writes what is pending at once and stops listening for exit', () => {
  const listeners = process.listenerCount('exit');
  const writes: string[] = [];
  const out = batchWrites((t) => writes.push(t));
  expect(process.listenerCount('exit')).toBe(listeners + 1);
  out.write('recap\n');
  out.close();
  expect(writes).toEqual(['recap\n']);
  expect(process.listenerCount('exit')).toBe(listeners);
});

it('on exit (a second Ctrl-C) what is pending is still written', () => {
  const writes: string[] = [];
  const out = batchWrites((t) => writes.push(t));
  out.write('last line\n');
  process.emit('exit', 99);
  expect(writes).toEqual(['last line\n']);
  out.close();
});

it('the plain renderer writes a burst of 100 host results in one write', async () => {
  const writes: string[] = [];
  const r = createPlainRenderer({ write: (t) => void writes.push(t), verbosity: 0, diff: false });
  for (let i = 0; i < 100; i++) r.sink({ type: 'host_result', taskId: 't1', task: 'x', host: `h${i}`, status: 'ok', result: {}, durationMs: 1 });
  await r.done();
  expect(writes).toHaveLength(1);
  expect(writes[0].split('\n')).toHaveLength(101);
});
