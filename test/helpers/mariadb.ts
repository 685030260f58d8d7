// Vitest helpers around the throwaway MariaDB: one server per test file, torn down afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMariadb, type Mariadb } from '../../src/sandbox/mariadb.js';

/** Starts a MariaDB in a fresh temp dir; `stop` also removes the dir. */
export async function startTestMariadb(): Promise<Mariadb> {
  const dir = await mkdtemp(join(tmpdir(), 'mdb-'));
  const db = await startMariadb({ dir });
  return { ...db, stop: async () => { await db.stop(); await rm(dir, { recursive: true, force: true }); } };
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
