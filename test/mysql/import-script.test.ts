// importScript over a fake connection that keeps a set of tables: on failure, what ran before the failing statement is undone.
import { describe, expect, it } from 'vitest';
import type { SqlConnection } from '../../src/mysql/connect.js';
import { importScript } from '../../src/mysql/import-script.js';
import type { ScriptStatement } from '../../src/mysql/split-script.js';

/** Understands the snapshot query, CREATE TABLE (fails when the table exists), DROP TABLE, USE and SET. */
function fakeConnection(): { conn: SqlConnection; tables: Set<string> } {
  const tables = new Set<string>();
  const query = async (sql: string) => {
    if (sql.includes('information_schema.TABLES')) return [[...tables].map((n) => ({ k: 'TABLE', n, t: null }))];
    const create = /^CREATE TABLE (\w+)/.exec(sql);
    if (create) {
      if (tables.has(create[1]!)) throw Object.assign(new Error('exists'), { sqlMessage: `Table '${create[1]}' already exists`, code: 'ER_TABLE_EXISTS_ERROR' });
      tables.add(create[1]!);
      return [[]];
    }
    const drop = /^DROP TABLE IF EXISTS `(\w+)`/.exec(sql);
    if (drop) tables.delete(drop[1]!);
    return [[]];
  };
  return { conn: { query } as unknown as SqlConnection, tables };
}

describe('importScript', () => {
  it('undoes every statement before the failing one, even when the failing one repeats an earlier statement', async () => {
    const { conn, tables } = fakeConnection();
    const a: ScriptStatement = { sql: 'CREATE TABLE a (id INT)', line: 1 };
    const b: ScriptStatement = { sql: 'CREATE TABLE b (id INT)', line: 2 };
    const r = await importScript(conn, 'REG', [a, b, a], 'schema.sql');
    expect(r.ok).toBe(false);
    expect(r.msg).toContain('failed at line 1 of schema.sql');
    expect(r.msg).toContain('dropped what the import had created (table a, table b)');
    expect(r.msg).toContain('REG is as before the import');
    expect([...tables]).toEqual([]);
  });
});
