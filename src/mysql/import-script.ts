// Runs a schema script into one database statement by statement; on failure drops what it created and names what it could not undo.
import { basename } from 'node:path';
import { quoteIdentifier } from './identifiers.js';
import { sqlErrorMessage, type SqlConnection } from './connect.js';
import { describeObject, objectKey, snapshotObjects, statementEffect, type SchemaObject } from './schema-objects.js';
import { findCreatedTables, type ScriptStatement } from './split-script.js';

export interface ImportOutcome {
  ok: boolean;
  msg: string;
  statements: number;
}

/** Tables present now in `db` among `names`. */
export async function listExistingTables(c: SqlConnection, db: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const [rows] = await c.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)', [db, names]);
  return (rows as { t: string }[]).map((r) => r.t);
}

/** What a statement that succeeded did to an object that was there before the import, when that cannot be undone; null otherwise. */
function irreversible(s: ScriptStatement, before: ReadonlyMap<string, SchemaObject>): string | null {
  const e = statementEffect(s.sql);
  const at = `line ${s.line}`;
  if (e.creates && e.replaces && before.has(objectKey(e.creates))) return `${at} replaced the existing ${describeObject(e.creates)}`;
  if (e.drops && before.has(objectKey(e.drops))) return `${at} dropped the existing ${describeObject(e.drops)}`;
  if (e.writes !== undefined && before.has(objectKey({ kind: 'TABLE', name: e.writes }))) return `${at} changed the existing table ${e.writes}`;
  return null;
}

/** Imports `statements` into `db`; `source` names the script in messages. */
export async function importScript(c: SqlConnection, db: string, statements: readonly ScriptStatement[], source: string): Promise<ImportOutcome> {
  const before = await snapshotObjects(c, db);
  await c.query(`USE ${quoteIdentifier(db)}`);
  const lasting: string[] = [];
  for (const [i, s] of statements.entries()) {
    try {
      await c.query(s.sql);
    } catch (err) {
      const where = `line ${s.line} of ${basename(source)}`;
      const undo = await undoImport(c, db, before, statements.slice(0, i));
      const left = [...lasting, ...undo.remaining];
      const state = left.length
        ? `; NOT restored: ${db} still differs from before the import (MySQL DDL is not transactional): ${left.join('; ')}`
        : `; ${db} is as before the import`;
      return { ok: false, statements: statements.length, msg: `import into ${db} failed at ${where}: ${sqlErrorMessage(err)}; ${undo.msg}${state}` };
    }
    const change = irreversible(s, before);
    if (change) lasting.push(change);
  }
  const tables = findCreatedTables(statements);
  return { ok: true, statements: statements.length, msg: `imported ${basename(source)} into ${db}: ${statements.length} statements, ${tables.length} tables` };
}

const DROP_ORDER: SchemaObject['kind'][] = ['TRIGGER', 'VIEW', 'INDEX', 'PROCEDURE', 'FUNCTION', 'TABLE'];

function dropStatement(o: SchemaObject): string {
  const name = quoteIdentifier(o.name, `${o.kind.toLowerCase()} name`);
  if (o.kind === 'INDEX') return `DROP INDEX ${name} ON ${quoteIdentifier(o.table!, 'table name')}`;
  return `DROP ${o.kind} IF EXISTS ${name}`;
}

function listNames(objects: SchemaObject[]): string {
  const shown = objects.slice(0, 8).map(describeObject).join(', ');
  return objects.length > 8 ? `${shown} and ${objects.length - 8} more` : shown;
}

/**
 * Drops the objects the executed statements created that were not there before (an index or trigger of a dropped table
 * goes with it), then looks again: whatever is still there is named in `remaining`.
 */
async function undoImport(c: SqlConnection, db: string, before: ReadonlyMap<string, SchemaObject>, executed: readonly ScriptStatement[]): Promise<{ msg: string; remaining: string[] }> {
  // Key → position in the script, so messages list objects in the script's order.
  const named = new Map<string, number>();
  executed.forEach((s, i) => {
    const o = statementEffect(s.sql).creates;
    if (o && !named.has(objectKey(o))) named.set(objectKey(o), i);
  });
  const isNew = (now: Map<string, SchemaObject>) => [...now].filter(([k]) => named.has(k) && !before.has(k)).sort(([a], [b]) => named.get(a)! - named.get(b)!).map(([, o]) => o);
  const failed = new Map<string, string>();
  let todo: SchemaObject[] = [];
  try {
    const created = isNew(await snapshotObjects(c, db));
    const droppedTables = new Set(created.filter((o) => o.kind === 'TABLE').map((o) => o.name.toUpperCase()));
    todo = created
      .filter((o) => !(o.table && droppedTables.has(o.table.toUpperCase())))
      .sort((a, b) => DROP_ORDER.indexOf(a.kind) - DROP_ORDER.indexOf(b.kind)); // stable: script order within a kind
    // Foreign keys between the new tables would otherwise force a drop order.
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const o of todo) {
      try {
        await c.query(dropStatement(o));
      } catch (err) {
        failed.set(objectKey(o), sqlErrorMessage(err));
      }
    }
    await c.query('SET FOREIGN_KEY_CHECKS = 1');
    const remaining = isNew(await snapshotObjects(c, db)).map((o) => {
      const why = failed.get(objectKey(o));
      return `${describeObject(o)} remains${why ? ` (could not drop it: ${why})` : ''}`;
    });
    const msg = todo.length === 0 ? 'the import had created nothing yet' : `dropped what the import had created (${listNames(todo)})`;
    return { msg, remaining };
  } catch (err) {
    const what = todo.length ? `; created before the failure: ${listNames(todo)}` : '';
    return { msg: 'could not undo the import', remaining: [`undo failed: ${sqlErrorMessage(err)}${what}`] };
  }
}
