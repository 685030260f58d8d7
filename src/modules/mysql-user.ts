// mysql_user: creates users, sets passwords and grants only what differs from SHOW GRANTS, from the control node.
import { nativePasswordHash, parseServerVersion, storedPasswordMatches, usesNativePassword, type ServerInfo } from '../mysql/auth.js';
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
  server: ServerInfo;
  exists: boolean;
  plugin?: string;
  /** The stored credential's bytes (authentication_string). */
  hash?: Buffer;
  grants: string[];
}

interface UserChange {
  create: boolean;
  drop: boolean;
  setPassword: boolean;
  grants: GrantChange[];
  /** Give the password as a native hash (MariaDB, MySQL < 8), or in clear for the server's default plugin (MySQL 8+). */
  native: boolean;
}

function passwordDiffers(a: UserArgs, s: UserState): boolean {
  if (a.password === undefined || a.update_password === 'on_create') return false;
  // A hash this module cannot check (another plugin) gets the password set again.
  return storedPasswordMatches(s.plugin ?? '', s.hash ?? Buffer.alloc(0), a.password) !== true;
}

/** ` IDENTIFIED ...` for CREATE/ALTER USER; '' without a password. */
export function identifiedClause(password: string | undefined, native: boolean): string {
  if (password === undefined) return '';
  // The native hash keeps the clear text out of the statement; MySQL 8.4 refuses that plugin by default, so there the
  // server's default plugin hashes it (the statement is never shown: password is a secret argument).
  return native ? ` IDENTIFIED WITH mysql_native_password AS ${quoteString(nativePasswordHash(password))}` : ` IDENTIFIED BY ${quoteString(password)}`;
}

export const mysqlUser = defineModule<UserArgs, UserState, UserChange>({
  name: 'mysql_user',
  description: 'Create or drop a MySQL/MariaDB user, set its password and grants (runs on the control node).',
  schema: {
    args: {
      name: { type: 'str', required: true, aliases: ['user'], description: 'user name' },
      host: { type: 'str', default: '%', description: 'host part of the account' },
      password: { type: 'str', secret: true, description: 'password (mysql_native_password on MariaDB and MySQL < 8, the server default on MySQL 8+)' },
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
      // One round trip for the server version and the account: the outer join gives one row, with the user or without.
      // HEX: a caching_sha2_password hash holds a binary salt.
      const [rows] = await c.query(
        'SELECT VERSION() AS v, u.User IS NOT NULL AS found, u.plugin, HEX(u.authentication_string) AS hash FROM (SELECT 1) AS one LEFT JOIN mysql.user AS u ON u.User = ? AND u.Host = ?',
        [a.name, a.host],
      );
      const row = (rows as { v: string; found: number; plugin: string | null; hash: string | null }[])[0];
      const server = parseServerVersion(String(row?.v ?? ''));
      if (!row?.found) return { server, exists: false, grants: [] };
      const [g] = await c.query(`SHOW GRANTS FOR ${account}`);
      const grants = (g as Record<string, string>[]).map((r) => Object.values(r)[0]!);
      return { server, exists: true, plugin: row.plugin ?? '', hash: Buffer.from(row.hash ?? '', 'hex'), grants };
    });
  },
  plan(a, s) {
    const who = `${a.name}@${a.host}`;
    if (a.state === 'absent') {
      return s.exists ? { kind: 'change', summary: `drop user ${who}`, data: { create: false, drop: true, setPassword: false, grants: [], native: true } }
        : { kind: 'noop', reason: `user ${who} absent` };
    }
    const create = !s.exists;
    const setPassword = create ? false : passwordDiffers(a, s);
    const wanted = a.priv === undefined ? undefined : parsePrivString(a.priv);
    const grants = wanted ? diffPrivs(parseShowGrants(s.grants), wanted, a.append_privs) : [];
    if (!create && !setPassword && grants.length === 0) return { kind: 'noop', reason: `user ${who} has that password and those privileges`, data: { user: a.name } };
    const parts = [create ? `create user ${who}` : '', setPassword ? `change password of ${who}` : '', grants.length ? describeChanges(grants) : ''].filter(Boolean);
    return { kind: 'change', summary: parts.join('; '), data: { create, drop: false, setPassword, grants, native: usesNativePassword(s.server) } };
  },
  async apply(ch, a, ctx) {
    const account = quoteAccount(a.name, a.host);
    return withMysql(a, ctx, async (c) => {
      if (ch.drop) {
        await c.query(`DROP USER IF EXISTS ${account}`);
        return { status: 'changed', msg: `dropped user ${a.name}@${a.host}`, data: { user: a.name } };
      }
      const auth = identifiedClause(a.password, ch.native);
      if (ch.create) await c.query(`CREATE USER IF NOT EXISTS ${account}${auth}`);
      if (ch.setPassword) await c.query(`ALTER USER ${account}${auth}`);
      for (const sql of renderGrantStatements(ch.grants, account)) await c.query(sql);
      const what = [ch.create ? 'created' : '', ch.setPassword ? 'password changed' : '', ch.grants.length ? describeChanges(ch.grants) : ''].filter(Boolean);
      return { status: 'changed', msg: `user ${a.name}@${a.host}: ${what.join('; ')}`, data: { user: a.name } };
    });
  },
});
