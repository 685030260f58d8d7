// mysql_user: creates users, sets passwords and grants only what differs from SHOW GRANTS, from the control node.
import { createHash } from 'node:crypto';
import { mysqlConnectionArgs, withMysql, type MysqlLoginArgs } from '../mysql/connect.js';
import { describeChanges, diffPrivs, parsePrivString, parseShowGrants, renderGrantStatements, type GrantChange } from '../mysql/grants.js';
import { quoteAccount, quoteString } from '../mysql/identifiers.js';
import { defineModule } from './types.js';

interface UserArgs extends MysqlLoginArgs {
  name: string;
  host: string;
  password?: string;
  priv?: string | Record<string, string>;
  append_privs: boolean;
  update_password: 'always' | 'on_create';
  state: 'present' | 'absent';
}

interface UserState {
  exists: boolean;
  plugin?: string;
  hash?: string;
  grants: string[];
}

interface UserChange {
  create: boolean;
  drop: boolean;
  setPassword: boolean;
  grants: GrantChange[];
}

/** mysql_native_password's stored form: `*` + hex(SHA1(SHA1(password))), upper case. */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return '*' + createHash('sha1').update(inner).digest('hex').toUpperCase();
}

function passwordDiffers(a: UserArgs, s: UserState): boolean {
  if (a.password === undefined || a.update_password === 'on_create') return false;
  // Only the native hash can be compared without the server's help; other plugins get the password set again.
  if (s.plugin === '' || s.plugin === 'mysql_native_password') return s.hash !== nativePasswordHash(a.password);
  return true;
}

export const mysqlUser = defineModule<UserArgs, UserState, UserChange>({
  name: 'mysql_user',
  description: 'Create or drop a MySQL/MariaDB user, set its password and grants (runs on the control node).',
  schema: {
    args: {
      name: { type: 'str', required: true, aliases: ['user'], description: 'user name' },
      host: { type: 'str', default: '%', description: 'host part of the account' },
      password: { type: 'str', secret: true, description: 'password (stored as mysql_native_password)' },
      priv: { type: ['str', 'dict'], description: "privileges, Ansible's form: 'DB.*:ALL/DB2.*:SELECT,GRANT'" },
      append_privs: { type: 'bool', default: false, description: 'add priv to the current grants instead of replacing them' },
      update_password: { type: 'str', default: 'always', choices: ['always', 'on_create'], description: 'on_create: never change an existing password' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'wanted state' },
      ...mysqlConnectionArgs,
    },
  },
  async read(a, ctx) {
    const account = quoteAccount(a.name, a.host);
    if (a.priv !== undefined) parsePrivString(a.priv);
    return withMysql(a, ctx, async (c) => {
      const [rows] = await c.query('SELECT plugin, authentication_string AS hash FROM mysql.user WHERE User = ? AND Host = ?', [a.name, a.host]);
      const row = (rows as { plugin: string; hash: string }[])[0];
      if (!row) return { exists: false, grants: [] };
      const [g] = await c.query(`SHOW GRANTS FOR ${account}`);
      const grants = (g as Record<string, string>[]).map((r) => Object.values(r)[0]!);
      return { exists: true, plugin: row.plugin, hash: row.hash, grants };
    });
  },
  plan(a, s) {
    const who = `${a.name}@${a.host}`;
    if (a.state === 'absent') {
      return s.exists ? { kind: 'change', summary: `drop user ${who}`, data: { create: false, drop: true, setPassword: false, grants: [] } }
        : { kind: 'noop', reason: `user ${who} absent` };
    }
    const create = !s.exists;
    const setPassword = create ? false : passwordDiffers(a, s);
    const wanted = a.priv === undefined ? undefined : parsePrivString(a.priv);
    const grants = wanted ? diffPrivs(parseShowGrants(s.grants), wanted, a.append_privs) : [];
    if (!create && !setPassword && grants.length === 0) return { kind: 'noop', reason: `user ${who} has that password and those privileges`, data: { user: a.name } };
    const parts = [create ? `create user ${who}` : '', setPassword ? `change password of ${who}` : '', grants.length ? describeChanges(grants) : ''].filter(Boolean);
    return { kind: 'change', summary: parts.join('; '), data: { create, drop: false, setPassword, grants } };
  },
  async apply(ch, a, ctx) {
    const account = quoteAccount(a.name, a.host);
    return withMysql(a, ctx, async (c) => {
      if (ch.drop) {
        await c.query(`DROP USER IF EXISTS ${account}`);
        return { status: 'changed', msg: `dropped user ${a.name}@${a.host}`, data: { user: a.name } };
      }
      // The password goes in as a hash literal, so the plain text is never part of a statement.
      const auth = a.password !== undefined ? ` IDENTIFIED WITH mysql_native_password AS ${quoteString(nativePasswordHash(a.password))}` : '';
      if (ch.create) await c.query(`CREATE USER IF NOT EXISTS ${account}${auth}`);
      if (ch.setPassword) await c.query(`ALTER USER ${account}${auth}`);
      for (const sql of renderGrantStatements(ch.grants, account)) await c.query(sql);
      const what = [ch.create ? 'created' : '', ch.setPassword ? 'password changed' : '', ch.grants.length ? describeChanges(ch.grants) : ''].filter(Boolean);
      return { status: 'changed', msg: `user ${a.name}@${a.host}: ${what.join('; ')}`, data: { user: a.name } };
    });
  },
});
