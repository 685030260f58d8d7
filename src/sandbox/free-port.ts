// Free ports for servers the sandbox and the tests start: below the kernel's ephemeral range, each handed out once.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Outgoing connections and port-0 listeners take ports from the ephemeral range at any moment, so a port picked
// there can be gone by the time the server binds it (a CI run failed that way). Below the range only servers bind.
let ephemeralStart: number | undefined;
function firstEphemeralPort(): number {
  if (ephemeralStart === undefined) {
    try { ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768; } catch { ephemeralStart = 32768; }
  }
  return ephemeralStart;
}
const LOWEST = 1024;
const handedOut = new Set<number>();

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Claims every port of `ports` on `host` when all are free, below the ephemeral range and not handed out before. */
async function claimPorts(ports: number[], host: string): Promise<boolean> {
  if (ports.some((p) => p < LOWEST || p >= firstEphemeralPort() || handedOut.has(p))) return false;
  for (const p of ports) if (!(await canBind(p, host))) return false;
  for (const p of ports) handedOut.add(p);
  return true;
}

/** A free port on `host` now (a small race with other processes remains: for tests and the sandbox only). */
export async function pickFreePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = LOWEST + Math.floor(Math.random() * (firstEphemeralPort() - LOWEST));
    if (await claimPorts([port], host)) return port;
  }
}

/** An offset N, at least `min`, such that every `base + N` is a free port on all addresses (Carbon's port offset). */
export async function pickFreeOffset(bases: number[], min = 1000): Promise<number> {
  const span = firstEphemeralPort() - Math.max(...bases) - min;
  if (span <= 0) throw new Error(`no port offset above ${min} keeps ${Math.max(...bases)} below ${firstEphemeralPort()}`);
  for (;;) {
    const n = min + Math.floor(Math.random() * span);
    if (await claimPorts(bases.map((b) => b + n), '0.0.0.0')) return n;
  }
}
