// mysql_db against a real MariaDB: create/drop, latin1, import once then ok, DELIMITER script, failing script, injection, check mode.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
const tablesOf = async (name: string) => (await sql<{ t: string }>('SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1', [name])).map((r) => r.t);

describe('mysql_db present/absent', () => {
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
    expect(r.msg).toMatch(/dropped the 2 table\(s\) the import had created; FAIL_DB is as before the import/);
    expect(await tablesOf('FAIL_DB')).toEqual([]);
  });

  it('remote_src reads the script from the task host', async () => {
    const path = h.write('remote.sql', 'CREATE TABLE R1 (ID INT);\n');
    expect((await h.run('mysql_db', { ...login, name: 'REMOTE_DB', state: 'import', target: path, remote_src: true })).status).toBe('changed');
    expect(await tablesOf('REMOTE_DB')).toEqual(['R1']);
    expect(await h.run('mysql_db', { ...login, name: 'REMOTE_DB', state: 'import', target: '/nonexistent.sql', remote_src: true })).toMatchObject({ status: 'failed', msg: expect.stringMatching(/not found on localhost/) });
  });

  // The product's own kernel scripts, when the shared fixtures are present: latin1 import once, then ok.
  const kernels = ['4.4.11', '4.4.40'].map((v) => `/work/shared/fixtures/wso2/carbon-kernel-${v}/dbscripts/mysql.sql`).filter((f) => existsSync(f));
  it.skipIf(kernels.length === 0).each(kernels)('imports %s into latin1 once, then ok', async (target) => {
    const name = `K${kernels.indexOf(target)}`;
    const args = { ...login, name, state: 'import', encoding: 'latin1', target };
    expect(await h.run('mysql_db', args)).toMatchObject({ status: 'changed' });
    expect(await tablesOf(name)).toEqual(expect.arrayContaining(['REG_PATH', 'UM_USER']));
    expect((await h.run('mysql_db', args)).status).toBe('ok');
  });
});
