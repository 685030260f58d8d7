// Runs a schema script into one database statement by statement; on failure drops what it created and says what it could not undo.
import { basename } from 'node:path';
import { quoteIdentifier } from './identifiers.js';
import { sqlErrorMessage, type SqlConnection } from './connect.js';
import { findCreatedRoutines, findCreatedTables, type ScriptStatement } from './split-script.js';

export interface ImportOutcome {
  ok: boolean;
  msg: string;
  statements: number;
}

const WRITE_TARGET = /^(?:INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|ALTER\s+TABLE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|TRUNCATE(?:\s+TABLE)?|RENAME\s+TABLE)\s+`?([A-Za-z0-9_$]+)`?/i;

/** Tables present now in `db` among `names`. */
export async function listExistingTables(c: SqlConnection, db: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const [rows] = await c.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)', [db, names]);
  return (rows as { t: string }[]).map((r) => r.t);
}

async function listExistingRoutines(c: SqlConnection, db: string): Promise<Set<string>> {
  const [rows] = await c.query('SELECT CONCAT(ROUTINE_TYPE, " ", ROUTINE_NAME) AS r FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [db]);
  return new Set((rows as { r: string }[]).map((r) => r.r.toUpperCase()));
}

/** Imports `statements` into `db`; `source` names the script in messages. */
export async function importScript(c: SqlConnection, db: string, statements: readonly ScriptStatement[], source: string): Promise<ImportOutcome> {
  const tables = findCreatedTables(statements);
  const before = new Set(await listExistingTables(c, db, tables));
  const routinesBefore = await listExistingRoutines(c, db);
  await c.query(`USE ${quoteIdentifier(db)}`);
  const created = new Set(tables.filter((t) => !before.has(t)));
  const notUndone: string[] = [];
  for (const s of statements) {
    try {
      await c.query(s.sql);
    } catch (err) {
      const where = `line ${s.line} of ${basename(source)}`;
      const undo = await undoImport(c, db, tables, before, findCreatedRoutines(statements), routinesBefore);
      const lost = !undo.restored ? '' : notUndone.length
        ? `; NOT restored: statements at ${notUndone.join(', ')} changed existing tables (MySQL DDL is not transactional)`
        : `; ${db} is as before the import`;
      return { ok: false, statements: statements.length, msg: `import into ${db} failed at ${where}: ${sqlErrorMessage(err)}; ${undo.msg}${lost}` };
    }
    const w = WRITE_TARGET.exec(s.sql);
    if (w && !created.has(w[1]!)) notUndone.push(`line ${s.line}`);
  }
  return { ok: true, statements: statements.length, msg: `imported ${basename(source)} into ${db}: ${statements.length} statements, ${tables.length} tables` };
}

async function undoImport(c: SqlConnection, db: string, tables: string[], before: Set<string>, routines: ReturnType<typeof findCreatedRoutines>, routinesBefore: Set<string>): Promise<{ restored: boolean; msg: string }> {
  try {
    const now = await listExistingTables(c, db, tables);
    const drop = now.filter((t) => !before.has(t));
    const dropRoutines = routines.filter((r) => !routinesBefore.has(`${r.kind} ${r.name}`.toUpperCase()));
    // Foreign keys between the new tables would otherwise force a drop order.
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    if (drop.length) await c.query(`DROP TABLE IF EXISTS ${drop.map((t) => quoteIdentifier(t, 'table name')).join(', ')}`);
    for (const r of dropRoutines) await c.query(`DROP ${r.kind} IF EXISTS ${quoteIdentifier(r.name, 'routine name')}`);
    await c.query('SET FOREIGN_KEY_CHECKS = 1');
    return { restored: true, msg: drop.length ? `dropped the ${drop.length} table(s) the import had created` : 'the import had created no tables yet' };
  } catch (err) {
    return { restored: false, msg: `could NOT restore ${db} (MySQL DDL is not transactional; tables created before the failure may remain): ${sqlErrorMessage(err)}` };
  }
}
