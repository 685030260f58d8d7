// mysql_user against a real MariaDB: create, idempotent grants (ALL, GRANT option), revoke, passwords with quotes, injection, check mode, drop.
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { createHarness } from '../helpers/module-harness.js';
import { identifiedClause } from '../../src/modules/mysql-user.js';

const h = createHarness();
let db: Mariadb;
let login: Record<string, unknown>;
const nasty = `p a'ss"w\\o&r<d> ;--`;

beforeAll(async () => {
  db = await startTestMariadb();
  login = { login_host: db.host, login_port: db.port, login_user: db.adminUser, login_password: db.adminPassword };
  const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
  for (const d of ['REGISTRY_DB', 'WSO2_USER_DB', 'OTHER_DB']) await c.query(`CREATE DATABASE ${d}`);
  await c.end();
}, 60_000);
afterAll(async () => { await db?.stop(); h.cleanup(); });

async function grantsOf(user: string): Promise<string[]> {
  const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
  try {
    const [rows] = await c.query(`SHOW GRANTS FOR '${user}'@'%'`);
    return (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!.replace(/ IDENTIFIED BY PASSWORD '[^']*'/, '')).sort();
  } finally { await c.end(); }
}

async function canLogin(user: string, password: string, database: string | null = 'REGISTRY_DB'): Promise<boolean> {
  try {
    const c = await createConnection({ host: db.host, port: db.port, user, password, database: database ?? undefined });
    await c.end();
    return true;
  } catch { return false; }
}

describe('mysql_user', () => {
  const base = () => ({ ...login, name: 'regadmin', password: nasty, priv: 'REGISTRY_DB.*:ALL/WSO2_USER_DB.*:ALL,GRANT' });

  it('check mode says what it would do and creates nothing', async () => {
    const r = await h.run('mysql_user', base(), { check: true });
    expect(r).toMatchObject({ status: 'changed', msg: expect.stringMatching(/create user regadmin@%; grant ALL PRIVILEGES on REGISTRY_DB\.\*/) });
    expect(r.msg).not.toContain(nasty);
    expect(await canLogin('regadmin', nasty)).toBe(false);
  });

  it('creates the user with ALL and GRANT option; the password with quotes and spaces logs in; second run ok', async () => {
    const r1 = await h.run('mysql_user', base());
    expect(r1.status).toBe('changed');
    expect(JSON.stringify(r1)).not.toContain(nasty);
    expect(await grantsOf('regadmin')).toEqual([
      'GRANT ALL PRIVILEGES ON `REGISTRY_DB`.* TO `regadmin`@`%`',
      'GRANT ALL PRIVILEGES ON `WSO2_USER_DB`.* TO `regadmin`@`%` WITH GRANT OPTION',
      'GRANT USAGE ON *.* TO `regadmin`@`%`',
    ]);
    expect(await canLogin('regadmin', nasty)).toBe(true);
    expect(await h.run('mysql_user', base())).toMatchObject({ status: 'ok', msg: expect.stringContaining('has that password and those privileges') });
  });

  it('reads the server version and the account in one query, then SHOW GRANTS', async () => {
    const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
    // The general log, as a table: every statement the module's own connection sent.
    const statements = async (run: () => Promise<unknown>) => {
      await c.query('TRUNCATE mysql.general_log');
      await run();
      const [rows] = await c.query("SELECT CONVERT(argument USING utf8mb4) AS q FROM mysql.general_log WHERE command_type = 'Query' AND thread_id <> CONNECTION_ID()");
      return (rows as { q: string }[]).map((r) => r.q.split(/\s+/).slice(0, 2).join(' '));
    };
    try {
      await c.query("SET GLOBAL log_output = 'TABLE', GLOBAL general_log = 1");
      expect(await statements(() => h.run('mysql_user', { ...base(), name: 'nobody_here' }, { check: true }))).toEqual(['SELECT VERSION()']);
      expect(await statements(() => h.run('mysql_user', base(), { check: true }))).toEqual(['SELECT VERSION()', 'SHOW GRANTS']);
    } finally {
      await c.query('SET GLOBAL general_log = 0');
      await c.end();
    }
  });

  it('changes only what differs: a new password, a revoked grant option, a target no longer wanted', async () => {
    const r = await h.run('mysql_user', { ...base(), password: 'other secret', priv: 'REGISTRY_DB.*:ALL' });
    expect(r).toMatchObject({ status: 'changed', msg: 'user regadmin@%: password changed; revoke ALL PRIVILEGES,GRANT on WSO2_USER_DB.*' });
    expect(await canLogin('regadmin', 'other secret')).toBe(true);
    expect(await canLogin('regadmin', nasty)).toBe(false);
    expect(await grantsOf('regadmin')).toEqual(['GRANT ALL PRIVILEGES ON `REGISTRY_DB`.* TO `regadmin`@`%`', 'GRANT USAGE ON *.* TO `regadmin`@`%`']);
    expect((await h.run('mysql_user', { ...base(), password: 'other secret', priv: 'REGISTRY_DB.*:ALL' })).status).toBe('ok');
  });

  it('append_privs adds without revoking; SELECT,INSERT then ok', async () => {
    const args = { ...login, name: 'regadmin', priv: 'OTHER_DB.*:SELECT,INSERT', append_privs: true };
    expect((await h.run('mysql_user', args)).status).toBe('changed');
    expect(await grantsOf('regadmin')).toContain('GRANT SELECT, INSERT ON `OTHER_DB`.* TO `regadmin`@`%`');
    expect(await grantsOf('regadmin')).toContain('GRANT ALL PRIVILEGES ON `REGISTRY_DB`.* TO `regadmin`@`%`');
    expect((await h.run('mysql_user', args)).status).toBe('ok');
  });

  it.each([
    { name: 'injection in priv target', args: { name: 'u1', priv: 'x`.* TO u; DROP DATABASE mysql; --.*:ALL' }, msg: /invalid grant target/ },
    { name: 'injection in a privilege', args: { name: 'u1', priv: 'REGISTRY_DB.*:ALL ON *.* TO x' }, msg: /invalid privilege/ },
  ])('rejects $name', async ({ args, msg }) => {
    expect(await h.run('mysql_user', { ...login, ...args })).toMatchObject({ status: 'failed', msg: expect.stringMatching(msg) });
  });

  it("a user name with quotes is quoted as a string, not injected", async () => {
    const name = "x'@'%'; DROP DATABASE OTHER_DB; --";
    expect((await h.run('mysql_user', { ...login, name, password: 'pw' })).status).toBe('changed');
    expect(await canLogin(name, 'pw', null)).toBe(true);
    expect(await canLogin('regadmin', 'other secret')).toBe(true);
    expect((await h.run('mysql_user', { ...login, name, state: 'absent' })).status).toBe('changed');
  });

  // The clause MySQL 8+ gets (the password in clear, for the server's default plugin) also works on MariaDB: the quoting
  // of a password with quotes, backslash, & < > and spaces is checked against a real server.
  it('the MySQL 8 form of the password clause logs in with a nasty password', async () => {
    const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
    try {
      await c.query(`CREATE USER 'clear8'@'%'${identifiedClause(nasty, false)}`);
    } finally { await c.end(); }
    expect(await canLogin('clear8', nasty, null)).toBe(true);
    expect(await canLogin('clear8', 'p a', null)).toBe(false);
  });

  it('drops the user, then ok', async () => {
    expect((await h.run('mysql_user', { ...login, name: 'regadmin', state: 'absent' })).status).toBe('changed');
    expect(await canLogin('regadmin', 'other secret')).toBe(false);
    expect((await h.run('mysql_user', { ...login, name: 'regadmin', state: 'absent' })).status).toBe('ok');
  });
});
