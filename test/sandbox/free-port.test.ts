// Ports for servers the tests start: free, below the kernel's ephemeral range, never handed out twice.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pickFreeOffset, pickFreePort } from '../../src/sandbox/free-port.js';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
const listenOn = (port: number, host: string) => new Promise<void>((resolve, reject) => {
  const srv = createServer();
  srv.once('error', reject);
  srv.listen(port, host, () => srv.close(() => resolve()));
});

describe('free ports', () => {
  it('pickFreePort: distinct ports below the ephemeral range that a server can bind', async () => {
    const ports = [];
    for (let i = 0; i < 40; i++) ports.push(await pickFreePort('127.0.0.1'));
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(1024);
      expect(p).toBeLessThan(ephemeralStart);
    }
    await Promise.all(ports.map((p) => listenOn(p, '127.0.0.1')));
  });

  it('pickFreeOffset: every base + N is below the range, bindable, and no port of one offset is another\'s', async () => {
    const bases = [9763, 9443, 8280, 8243];
    const taken: number[] = [];
    for (let i = 0; i < 20; i++) {
      const n = await pickFreeOffset(bases);
      expect(n).toBeGreaterThanOrEqual(1000);
      for (const b of bases) {
        expect(b + n).toBeLessThan(ephemeralStart);
        await listenOn(b + n, '0.0.0.0');
        taken.push(b + n);
      }
    }
    expect(new Set(taken).size).toBe(taken.length);
  });

  it('pickFreeOffset refuses bases that leave no room below the range', async () => {
    await expect(pickFreeOffset([ephemeralStart])).rejects.toThrow(/no port offset above 1000/);
  });
});
