// The throwaway MariaDB helper: starts fast on loopback, admin works over TCP, root does not, stop ends it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { startMariadb } from '../../src/sandbox/mariadb.js';
import { isPortOpen } from '../helpers/mariadb.js';

describe('startMariadb', () => {
  const dirs: string[] = [];
  afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  it('serves the admin user over TCP on loopback, refuses root over TCP, restarts on the same datadir, stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mdb-'));
    dirs.push(dir);
    const db = await startMariadb({ dir });
    expect(db.host).toBe('127.0.0.1');
    const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
    const [rows] = await c.query('SELECT CURRENT_USER() AS u');
    expect((rows as { u: string }[])[0].u).toBe(`${db.adminUser}@%`);
    await c.end();
    await expect(createConnection({ host: db.host, port: db.port, user: 'root' })).rejects.toThrow(/Access denied/);
    await db.stop();
    expect(await isPortOpen(db.host, db.port)).toBe(false);
    const again = await startMariadb({ dir });
    const c2 = await createConnection({ host: again.host, port: again.port, user: again.adminUser, password: again.adminPassword });
    await c2.end();
    await again.stop();
  });
});
