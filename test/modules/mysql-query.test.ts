// mysql_query against a real MariaDB: placeholders, rows in query_result, changed only on writes/DDL, transactions, check mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../src/connection/local.js';
import { executeModule } from '../../src/modules/execute.js';
import { mysqlQuery } from '../../src/modules/mysql-query.js';
import type { ModuleContext } from '../../src/modules/types.js';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
let db: Mariadb;
let login: Record<string, unknown>;

beforeAll(async () => {
  db = await startTestMariadb();
  login = { login_host: db.host, login_port: db.port, login_user: db.adminUser, login_password: db.adminPassword };
}, 60_000);
afterAll(async () => { await db?.stop(); h.cleanup(); });

describe('mysql_query', () => {
  it('DDL is changed; a list of statements runs in order', async () => {
    const r = await h.run('mysql_query', { ...login, query: ['CREATE DATABASE Q', 'CREATE TABLE Q.T (ID INT PRIMARY KEY, NAME VARCHAR(40))'] });
    expect(r).toMatchObject({ status: 'changed', data: { rowcount: [1, 0] } });
  });

  it.each([
    { name: 'positional ?', args: { query: 'INSERT INTO Q.T VALUES (?, ?)', positional_args: [1, "o'brien; --"] } },
    { name: "Ansible's %s", args: { query: 'INSERT INTO Q.T VALUES (%s, %s)', positional_args: [2, 'two'] } },
    { name: "Ansible's %(name)s", args: { query: 'INSERT INTO Q.T VALUES (%(id)s, %(name)s)', named_args: { id: 3, name: 'three' } } },
    { name: ':name', args: { query: 'INSERT INTO Q.T VALUES (:id, :name)', named_args: { id: 4, name: 'four' } } },
  ])('placeholders: $name', async ({ args }) => {
    expect(await h.run('mysql_query', { ...login, ...args })).toMatchObject({ status: 'changed', data: { rowcount: [1] } });
  });

  it('a SELECT returns rows in query_result, is ok, and runs in check mode too', async () => {
    const args = { ...login, login_db: 'Q', query: 'SELECT ID, NAME FROM T WHERE ID < ? ORDER BY ID', positional_args: [3] };
    for (const check of [false, true]) {
      const r = await h.run('mysql_query', args, { check });
      expect(r).toMatchObject({ status: 'ok', data: { query_result: [[{ ID: 1, NAME: "o'brien; --" }, { ID: 2, NAME: 'two' }]], rowcount: [2] } });
    }
  });

  it('an UPDATE that matches nothing is ok', async () => {
    expect((await h.run('mysql_query', { ...login, query: 'UPDATE Q.T SET NAME = ? WHERE ID = 99', positional_args: ['x'] })).status).toBe('ok');
  });

  it('check mode does not run writes', async () => {
    const r = await h.run('mysql_query', { ...login, query: 'DELETE FROM Q.T' }, { check: true });
    expect(r).toMatchObject({ status: 'changed', msg: 'run 1 statement' });
    const rows = await h.run('mysql_query', { ...login, query: 'SELECT COUNT(*) AS n FROM Q.T' });
    expect(rows.data?.query_result).toEqual([[{ n: 4 }]]);
  });

  it('single_transaction rolls back every statement when one fails', async () => {
    const r = await h.run('mysql_query', { ...login, single_transaction: true, query: ['DELETE FROM Q.T WHERE ID = 1', 'INSERT INTO Q.T VALUES (2, "dup")'] });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/query 2 of 2 failed \(transaction rolled back\): ER_DUP_ENTRY/) });
    const rows = await h.run('mysql_query', { ...login, query: 'SELECT COUNT(*) AS n FROM Q.T' });
    expect(rows.data?.query_result).toEqual([[{ n: 4 }]]);
  });

  it('a wrong password fails with the target and without the password', async () => {
    const r = await h.run('mysql_query', { ...login, login_password: 'wrong-secret', query: 'SELECT 1' });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/cannot connect to MySQL as carbon_admin@127\.0\.0\.1:\d+: Access denied/) });
    expect(r.msg).not.toContain('wrong-secret');
  });

  it('via: tunnels the session through the named host connection (forwardOut; a plain socket for LocalConnection)', async () => {
    const asked: string[] = [];
    const conn = new LocalConnection('localhost', {});
    const ctx: ModuleContext = {
      host: 'node1', conn, vars: {}, check: false, diff: false, signal: new AbortController().signal,
      connectionFor: (name) => { asked.push(name); return new LocalConnection(name, {}); },
      findFile: () => { throw new Error('unused'); }, render: (t) => t,
    };
    const r = await executeModule(mysqlQuery, { ...login, via: 'dbhost', query: 'SELECT COUNT(*) AS n FROM Q.T' }, ctx);
    expect(r).toMatchObject({ status: 'ok', data: { query_result: [[{ n: 4 }]] } });
    expect(asked).toEqual(['dbhost']);
  });
});
