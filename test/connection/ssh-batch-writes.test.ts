// ssh2's packets of one event-loop turn leave in one system call (writev), in order; end() sends what is held.
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { batchWrites } from '../../src/connection/ssh-connect.js';

let server: Server;
let port = 0;
let onConnection: ((got: { text: Promise<string> }) => void) | undefined;

beforeAll(async () => {
  server = createServer((sock) => {
    const text = new Promise<string>((resolve) => {
      let all = '';
      sock.on('data', (d) => (all += d.toString()));
      sock.on('end', () => resolve(all));
    });
    onConnection?.({ text });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A connected client socket with batching on, and how many times it went to the kernel (one _write or _writev each). */
async function connected(): Promise<{ sock: Socket; calls: () => number; text: Promise<string> }> {
  // Wrapped: a promise resolved with a promise would wait for the text itself.
  const accepted = new Promise<{ text: Promise<string> }>((r) => (onConnection = r));
  const sock = new Socket();
  await new Promise<void>((r) => sock.connect(port, '127.0.0.1', () => r()));
  let n = 0;
  const internals = sock as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  const [w, wv] = [internals._write, internals._writev];
  internals._write = function (...a: unknown[]) { n++; return w.apply(this, a); };
  internals._writev = function (...a: unknown[]) { n++; return wv.apply(this, a); };
  batchWrites(sock);
  return { sock, calls: () => n, text: (await accepted).text };
}

const nextTurn = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

test.each([
  ['five packets in one turn', [['a', 'b', 'c', 'd', 'e']], 1],
  ['two turns of two packets', [['a', 'b'], ['c', 'd']], 2],
  ['one packet', [['only']], 1],
])('%s: %i system call(s), bytes in order', async (_name, turns, expected) => {
  const { sock, calls, text } = await connected();
  try {
    for (const packets of turns) {
      for (const p of packets) sock.write(Buffer.from(p));
      await nextTurn();
    }
    expect(calls()).toBe(expected);
  } finally {
    sock.end();
  }
  expect(await text).toBe(turns.flat().join(''));
});

test('end() right after writes sends what is held', async () => {
  const { sock, text } = await connected();
  sock.write('x');
  sock.write('y');
  sock.end('z');
  expect(await text).toBe('xyz');
});

test('something without cork is left alone', () => {
  const plain = { write: () => true };
  batchWrites(plain);
  batchWrites(undefined);
  expect(plain.write()).toBe(true);
});
