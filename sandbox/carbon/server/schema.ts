// -Dsetup as Carbon 4.4 runs it (user store first, then the registry), and the tables every start needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { FatalError, StartFailure, type Logger } from './log.js';
import type { DbUse } from './check-refs.js';
import { queryAnswers, runScript, ScriptError } from './db-creator.js';

type Use = { use: DbUse; conn: Connection };

async function hasTable(c: Connection, table: string): Promise<boolean> {
  const [rows] = await c.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
  return Number((rows as { n: number }[])[0].n) > 0;
}

async function databaseName(c: Connection): Promise<string> {
  const [rows] = await c.query('SELECT DATABASE() AS db');
  return (rows as { db: string }[])[0].db;
}

/** The stand-in's test hook: the time a real server may spend between its check and the script (CARBON_STANDIN_SETUP_DELAY_MS). */
async function pause(): Promise<void> {
  const delay = Number(process.env.CARBON_STANDIN_SETUP_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
}

function causes(e: ScriptError): string[] {
  return [`Caused by: java.lang.Exception: ${e.message}`, `Caused by: ${e.cause}`];
}

/**
 * user.core's DefaultRealmService.initializeDatabase: `select * from UM_SYSTEM_USER` decides, and with no lock at all
 * DatabaseCreator runs the whole script. Two -Dsetup nodes on one empty database both find it empty and both run it;
 * the one that reaches an unguarded statement second (an index or a UM_ table the other made) fails there. Its
 * Activator logs "Cannot start User Manager Core bundle" with the cause and swallows it: the server never gets ready.
 */
async function setupUserStore(c: Connection, db: string, script: string, log: Logger): Promise<void> {
  if (await queryAnswers(c, 'select * from UM_SYSTEM_USER')) {
    log.info('DefaultRealmService', 'Database already exists. Not creating a new database.');
    return;
  }
  log.info('DatabaseCreator', `Creating database tables in '${db}' from dbscripts/mysql.sql`);
  await pause();
  try {
    await runScript(c, script);
  } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    const exception = ['java.lang.Exception: Error in creating the database', ...causes(e)];
    throw new StartFailure([{ component: 'Activator', msg: 'Cannot start User Manager Core bundle', exception }], false);
  }
}

/**
 * The registry's EmbeddedRegistryService.configure: under NodeGroupLock's INITIALIZE_LOCK (JDBCClusterLock, a row in
 * REG_CLUSTER_LOCK; here a MySQL named lock), JDBCDataAccessManager.isDatabaseExisting asks REG_PATH and, when that
 * fails, createDatabase runs the same script. A failure is logged there and by RegistryCoreServiceComponent.
 */
async function setupRegistry(c: Connection, db: string, script: string, log: Logger): Promise<void> {
  const lock = `carbon-registry-init:${db}`;
  await c.query('SELECT GET_LOCK(?, 300)', [lock]);
  try {
    if (await queryAnswers(c, "SELECT REG_PATH_ID FROM REG_PATH WHERE REG_PATH_VALUE='/'")) return;
    log.info('DatabaseCreator', `Creating database tables in '${db}' from dbscripts/mysql.sql`);
    await pause();
    try {
      await runScript(c, script);
    } catch (e) {
      if (!(e instanceof ScriptError)) throw e;
      const exception = ['org.wso2.carbon.registry.core.exceptions.RegistryException: Error occurred while creating the database',
        'Caused by: org.wso2.carbon.registry.core.exceptions.RegistryException: Error in creating the database', ...causes(e)];
      throw new StartFailure([
        { component: 'EmbeddedRegistryService', msg: 'Error occurred while creating the database' },
        { component: 'RegistryCoreServiceComponent', msg: 'Failed to activate Registry Core bundle ', exception },
      ], true);
    }
  } finally {
    await c.query('SELECT RELEASE_LOCK(?)', [lock]);
  }
}

/** -Dsetup once per database (several uses may share one), user store first as Carbon starts it; read-only uses are checked, never written. */
export async function ensureSchema(uses: Use[], setup: boolean, dbscripts: string, log: Logger): Promise<void> {
  const ordered = [...uses.filter((u) => u.use.schema === 'user'), ...uses.filter((u) => u.use.schema !== 'user')];
  const done = new Set<string>();
  for (const { use, conn } of ordered) {
    const db = await databaseName(conn);
    if (!setup || use.readOnly || done.has(db)) continue;
    done.add(db);
    const script = readFileSync(join(dbscripts, 'mysql.sql'), 'utf8');
    if (use.schema === 'user') await setupUserStore(conn, db, script, log);
    else await setupRegistry(conn, db, script, log);
  }
  for (const { use, conn } of uses) {
    const db = await databaseName(conn);
    const table = use.schema === 'user' ? 'UM_USER' : 'REG_RESOURCE';
    if (!(await hasTable(conn, table))) {
      throw new FatalError('JDBCRegistry', `Table '${db}.${table}' doesn't exist: the ${use.purpose} database '${use.ds.name}' has no Carbon tables (start with -Dsetup or load dbscripts/mysql.sql)`);
    }
    log.info('JDBCRegistry', `Using ${use.purpose} database '${db}' through ${use.ds.jndi}${use.readOnly ? ' (read-only)' : ''}`);
  }
}
