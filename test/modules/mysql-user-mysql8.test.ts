// mysql_user's plan for MySQL 8+ (no such server here): no mysql_native_password, caching_sha2 hashes compared, expanded ALL is ok.
import { describe, expect, it } from 'vitest';
import { encodeSha256Crypt, parseServerVersion, sha256CryptDigest } from '../../src/mysql/auth.js';
import { nativePasswordHash } from '../../src/mysql/auth.js';
import { identifiedClause, mysqlUser } from '../../src/modules/mysql-user.js';
import type { ModuleContext } from '../../src/modules/types.js';

const args = { name: 'regadmin', host: '%', password: "pw 'x'", append_privs: false, update_password: 'always', state: 'present', login_host: '127.0.0.1', login_port: 3306, connect_timeout: 5 };
const ctx = {} as ModuleContext;
const salt = Buffer.from('abcdefghij0123456789');
const sha2 = (pw: string) => Buffer.concat([Buffer.from('$A$005$'), salt, Buffer.from(encodeSha256Crypt(sha256CryptDigest(Buffer.from(pw), salt, 5000)))]);
const STATIC = 'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, ' +
  'LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE TABLESPACE, CREATE ROLE, DROP ROLE';

describe('mysql_user on MySQL 8+', () => {
  it.each([
    ['8.4.0', false, " IDENTIFIED BY 'pw ''x'''"],
    ['8.0.36', false, " IDENTIFIED BY 'pw ''x'''"],
    ['5.7.44', true, ` IDENTIFIED WITH mysql_native_password AS '${nativePasswordHash("pw 'x'")}'`],
    ['10.11.6-MariaDB-0+deb12u1', true, ` IDENTIFIED WITH mysql_native_password AS '${nativePasswordHash("pw 'x'")}'`],
  ])('%s: native hash %s; a new user gets%s', (version, native, clause) => {
    const plan = mysqlUser.plan(args as never, { server: parseServerVersion(version), exists: false, grants: [] }, ctx);
    expect(plan).toMatchObject({ kind: 'change', data: { create: true, native } });
    expect(identifiedClause(args.password, native)).toBe(clause);
  });

  it('a caching_sha2_password user with that password and an expanded *.* ALL is ok', () => {
    const state = {
      server: parseServerVersion('8.4.0'), exists: true, plugin: 'caching_sha2_password', hash: sha2("pw 'x'"),
      grants: [`GRANT ${STATIC} ON *.* TO \`regadmin\`@\`%\``, 'GRANT BACKUP_ADMIN,XA_RECOVER_ADMIN ON *.* TO `regadmin`@`%`'],
    };
    expect(mysqlUser.plan({ ...args, priv: '*.*:ALL' } as never, state, ctx)).toMatchObject({ kind: 'noop' });
    const other = mysqlUser.plan({ ...args, password: 'other', priv: '*.*:ALL' } as never, state, ctx);
    expect(other).toMatchObject({ kind: 'change', summary: 'change password of regadmin@%', data: { setPassword: true, native: false, grants: [] } });
  });
});
