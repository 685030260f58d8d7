// mysql_db against a real MariaDB: create/drop, latin1, import once then ok, DELIMITER script, failing script, injection, check mode.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
let db: Mariadb;
let login: Record<string, unknown>;
const fixture = (n: string) => resolve('test/fixtures/mysql', n);

beforeAll(async () => {
  db = await startTestMariadb();
  login = { login_host: db.host, login_port: db.port, login_user: db.adminUser, login_password: db.adminPassword };
}, 60_000);
afterAll(async () => { await db?.stop(); h.cleanup(); });

async function sql<T = Record<string, unknown>>(query: string, values: unknown[] = []): Promise<T[]> {
  const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
  try { return (await c.query(query, values))[0] as T[]; } finally { await c.end(); }
}
/** Tables, views, indexes, triggers and routines of a database, sorted. */
const objectsOf = async (name: string) => (await sql<{ o: string }>(
  `SELECT CONCAT(IF(TABLE_TYPE = 'VIEW', 'VIEW ', 'TABLE '), TABLE_NAME) o FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
   UNION ALL SELECT DISTINCT CONCAT('INDEX ', TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?
   UNION ALL SELECT CONCAT('TRIGGER ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
   UNION ALL SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY 1`,
  [name, name, name, name],
)).map((r) => r.o);
const tablesOf = async (name: string) => (await sql<{ t: string }>('SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1', [name])).map((r) => r.t);

describe('mysql_db present/absent', () => {
  it('takes utf8 for the utf8mb3 the server reports: the second run is ok', async () => {
    const args = { ...login, name: 'CP_UTF8_DB', encoding: 'utf8', collation: 'utf8_general_ci' };
    expect((await h.run('mysql_db', args)).status).toBe('changed');
    expect((await h.run('mysql_db', args)).status).toBe('ok');
    expect((await h.run('mysql_db', { ...login, name: 'CP_UTF8_DB', encoding: 'latin1' })).status).toBe('changed');
  });

  it('creates latin1 databases once, then ok; drops them, then ok', async () => {
    const args = { ...login, names: ['REGISTRY_DB', 'WSO2_USER_DB'], encoding: 'latin1' };
    expect(await h.run('mysql_db', args)).toMatchObject({ status: 'changed', msg: expect.stringContaining('created REGISTRY_DB, WSO2_USER_DB') });
    expect(await sql('SELECT DEFAULT_CHARACTER_SET_NAME cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', ['REGISTRY_DB'])).toEqual([{ cs: 'latin1' }]);
    expect((await h.run('mysql_db', args)).status).toBe('ok');
    expect((await h.run('mysql_db', { ...args, state: 'absent' })).status).toBe('changed');
    expect(await sql('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', ['REGISTRY_DB'])).toEqual([]);
    expect((await h.run('mysql_db', { ...args, state: 'absent' })).status).toBe('ok');
  });

  it('check mode says what it would create and creates nothing', async () => {
    const r = await h.run('mysql_db', { ...login, name: 'CHECK_DB', state: 'import', target: fixture('wso2-shaped.sql') }, { check: true });
    expect(r).toMatchObject({ status: 'changed', msg: expect.stringMatching(/create CHECK_DB; import .*wso2-shaped\.sql \(\d+ statements, 7 tables\) into CHECK_DB/) });
    expect(await sql('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', ['CHECK_DB'])).toEqual([]);
  });

  it.each(['bad`name', 'x; DROP DATABASE mysql', "a'b", '', 'x'.repeat(65)])('rejects database name %j', async (name) => {
    const r = await h.run('mysql_db', { ...login, name });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/invalid database name/) });
  });

  it('state=import without target is refused before connecting', async () => {
    expect(await h.run('mysql_db', { ...login, name: 'X', state: 'import' })).toMatchObject({ status: 'failed', msg: expect.stringContaining('state=import needs target') });
  });

  it('rejects an injected encoding', async () => {
    expect(await h.run('mysql_db', { ...login, name: 'X', encoding: 'latin1; DROP DATABASE mysql' })).toMatchObject({ status: 'failed', msg: expect.stringMatching(/invalid encoding/) });
  });
});

describe('mysql_db import', () => {
  it('imports the WSO2-shaped script into a latin1 database once; the second run is ok', async () => {
    const args = { ...login, name: 'GOVREG', state: 'import', encoding: 'latin1', target: fixture('wso2-shaped.sql') };
    const r1 = await h.run('mysql_db', args);
    expect(r1).toMatchObject({ status: 'changed', msg: expect.stringContaining('7 tables') });
    expect(await tablesOf('GOVREG')).toEqual(['REG_CLUSTER_LOCK', 'REG_PATH', 'REG_PROPERTY', 'UM_ROLE', 'UM_TENANT', 'UM_USER', 'UM_USER_ROLE']);
    expect(await sql('SELECT UM_ROLE_NAME n FROM GOVREG.UM_ROLE ORDER BY 1')).toEqual([{ n: 'admin; not a delimiter' }, { n: 'everyone -- not a comment' }]);
    const r2 = await h.run('mysql_db', args);
    expect(r2).toMatchObject({ status: 'ok', msg: expect.stringContaining('not imported again: GOVREG already has 7') });
  });

  it('force re-imports (and the unguarded UM_* tables make that fail, reported with its line)', async () => {
    const r = await h.run('mysql_db', { ...login, name: 'GOVREG', state: 'import', target: fixture('wso2-shaped.sql'), force: true });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/failed at line 20 of wso2-shaped\.sql: ER_DUP_KEYNAME/) });
    expect(await tablesOf('GOVREG')).toHaveLength(7);
  });

  it('imports a script with DELIMITER blocks (trigger, procedure, CALL)', async () => {
    const args = { ...login, name: 'IDN_DB', state: 'import', target: fixture('with-delimiter.sql') };
    expect((await h.run('mysql_db', args)).status).toBe('changed');
    expect(await sql('SELECT NAME n, VALUE v FROM IDN_DB.IDN_COUNTER')).toEqual([{ n: 'boot', v: 2 }]);
    expect((await h.run('mysql_db', args)).status).toBe('ok');
  });

  it('a failing script reports its line and drops the tables it created', async () => {
    const r = await h.run('mysql_db', { ...login, name: 'FAIL_DB', state: 'import', target: fixture('failing.sql') });
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(/import into FAIL_DB failed at line 13 of failing\.sql: ER_PARSE_ERROR/);
    expect(r.msg).toMatch(/dropped what the import had created \(table FAIL_A, table FAIL_B\); FAIL_DB is as before the import$/);
    expect(await tablesOf('FAIL_DB')).toEqual([]);
  });

  // Indexes, views and triggers on a table that was there before, and routines: undone one by one.
  it('a failing script drops the indexes, views, triggers and procedures it created on an existing table', async () => {
    await sql('CREATE DATABASE UNDO_DB');
    await sql('CREATE TABLE UNDO_DB.BASE (ID INT)');
    const before = await objectsOf('UNDO_DB');
    const r = await h.run('mysql_db', { ...login, name: 'UNDO_DB', state: 'import', target: fixture('failing-undoable.sql') });
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(/failed at line 14 of failing-undoable\.sql: ER_PARSE_ERROR/);
    expect(r.msg).toContain('dropped what the import had created (trigger BASE_TRG, view BASE_V, index BASE_IDX on BASE, index BASE_UIDX on BASE, procedure UNDO_P, table UNDO_T); UNDO_DB is as before the import');
    expect(await objectsOf('UNDO_DB')).toEqual(before);
  });

  it('a failing script that changed an existing table says NOT restored and names what remains', async () => {
    await sql('CREATE DATABASE NR_DB');
    await sql('CREATE TABLE NR_DB.BASE (ID INT)');
    const r = await h.run('mysql_db', { ...login, name: 'NR_DB', state: 'import', target: fixture('failing-on-existing.sql') });
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(/failed at line 10 of failing-on-existing\.sql: ER_PARSE_ERROR/);
    expect(r.msg).toContain('NOT restored: NR_DB still differs from before the import (MySQL DDL is not transactional): line 5 changed the existing table BASE; line 6 changed the existing table BASE');
    expect(r.msg).not.toContain('as before the import');
    // What could be undone was; what the message names is indeed still there.
    expect(await objectsOf('NR_DB')).toEqual(['TABLE BASE']);
    expect(await sql('SELECT ID, EXTRA FROM NR_DB.BASE')).toEqual([{ ID: 1, EXTRA: 2 }]);
  });

  it('remote_src reads the script from the task host', async () => {
    const path = h.write('remote.sql', 'CREATE TABLE R1 (ID INT);\n');
    expect((await h.run('mysql_db', { ...login, name: 'REMOTE_DB', state: 'import', target: path, remote_src: true })).status).toBe('changed');
    expect(await tablesOf('REMOTE_DB')).toEqual(['R1']);
    expect(await h.run('mysql_db', { ...login, name: 'REMOTE_DB', state: 'import', target: '/nonexistent.sql', remote_src: true })).toMatchObject({ status: 'failed', msg: expect.stringMatching(/not found on localhost/) });
  });

  // The product's own kernel scripts, when the shared fixtures are present: latin1 import once, then ok.
  // CI places shared/ beside the clone: ../shared/fixtures/wso2/*/dbscripts/mysql.sql, relative to the project.
  const wso2 = resolve(import.meta.dirname, '../../../shared/fixtures/wso2');
  const kernels = existsSync(wso2)
    ? readdirSync(wso2).sort().map((d) => join(wso2, d, 'dbscripts', 'mysql.sql')).filter((f) => existsSync(f))
    : [];
  it.skipIf(kernels.length === 0).each(kernels)('imports %s into latin1 once, then ok', async (target) => {
    const name = `K${kernels.indexOf(target)}`;
    const args = { ...login, name, state: 'import', encoding: 'latin1', target };
    expect(await h.run('mysql_db', args)).toMatchObject({ status: 'changed' });
    expect(await tablesOf(name)).toEqual(expect.arrayContaining(['REG_PATH', 'UM_USER']));
    expect((await h.run('mysql_db', args)).status).toBe('ok');
  });
});
