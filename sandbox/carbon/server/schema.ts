// The databases' schema: -Dsetup loads dbscripts/mysql.sql unless UM_USER is there; without it, missing tables are fatal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { FatalError, type Logger } from './log.js';
import type { DbUse } from './check-refs.js';

async function hasTable(c: Connection, table: string): Promise<boolean> {
  const [rows] = await c.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
  return Number((rows as { n: number }[])[0].n) > 0;
}

async function databaseName(c: Connection): Promise<string> {
  const [rows] = await c.query('SELECT DATABASE() AS db');
  return (rows as { db: string }[])[0].db;
}

/** Creates the tables under a named lock: a second node racing on the same database is the seeds' warning case. */
async function runSetup(c: Connection, db: string, dbscripts: string, log: Logger): Promise<void> {
  const lock = `carbon-setup:${db}`;
  const [got] = await c.query('SELECT GET_LOCK(?, 0) AS ok', [lock]);
  if (Number((got as { ok: number }[])[0].ok) !== 1) {
    log.warn('DatabaseCreator', `Another node is running -Dsetup against database '${db}' at the same time: start only one node with -Dsetup per shared database`);
    await c.query('SELECT GET_LOCK(?, 120)', [lock]);
  }
  try {
    if (await hasTable(c, 'UM_USER')) {
      log.info('DatabaseCreator', `Database tables already exist in '${db}'; skipping -Dsetup`);
      return;
    }
    log.info('DatabaseCreator', `Creating database tables in '${db}' from dbscripts/mysql.sql`);
    const delay = Number(process.env.CARBON_STANDIN_SETUP_DELAY_MS ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    try {
      await c.query(readFileSync(join(dbscripts, 'mysql.sql'), 'utf8'));
    } catch (e) {
      throw new FatalError('DatabaseCreator', `Error while creating the database tables in '${db}': ${(e as Error).message}`);
    }
    log.info('DatabaseCreator', `Database tables created in '${db}'`);
  } finally {
    await c.query('SELECT RELEASE_LOCK(?)', [lock]);
  }
}

/** One pass per database (several uses may share one); read-only uses are checked, never written. */
export async function ensureSchema(uses: { use: DbUse; conn: Connection }[], setup: boolean, dbscripts: string, log: Logger): Promise<void> {
  const done = new Set<string>();
  for (const { use, conn } of uses) {
    const db = await databaseName(conn);
    const table = use.schema === 'user' ? 'UM_USER' : 'REG_RESOURCE';
    if (setup && !use.readOnly && !done.has(db)) {
      done.add(db);
      await runSetup(conn, db, dbscripts, log);
    }
    if (!(await hasTable(conn, table))) {
      throw new FatalError('JDBCRegistry', `Table '${db}.${table}' doesn't exist: the ${use.purpose} database '${use.ds.name}' has no Carbon tables (start with -Dsetup or load dbscripts/mysql.sql)`);
    }
    log.info('JDBCRegistry', `Using ${use.purpose} database '${db}' through ${use.ds.jndi}${use.readOnly ? ' (read-only)' : ''}`);
  }
}
