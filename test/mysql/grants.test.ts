// Grant normalisation: Ansible priv strings, SHOW GRANTS lines, the differences and their statements.
import { describe, expect, it } from 'vitest';
import { diffPrivs, parsePrivString, parseShowGrants, renderGrantStatements } from '../../src/mysql/grants.js';
import { quoteAccount } from '../../src/mysql/identifiers.js';

const sets = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));

describe('parsePrivString', () => {
  it.each([
    { priv: 'REGISTRY_DB.*:ALL/WSO2_USER_DB.*:ALL,GRANT', want: { 'REGISTRY_DB.*': ['ALL PRIVILEGES'], 'WSO2_USER_DB.*': ['ALL PRIVILEGES', 'GRANT'] } },
    { priv: '*.*:select, insert', want: { '*.*': ['INSERT', 'SELECT'] } },
    { priv: 'db.tbl:SELECT', want: { 'db.tbl': ['SELECT'] } },
  ])('$priv', ({ priv, want }) => expect(sets(parsePrivString(priv))).toEqual(want));

  it.each([
    ['db:ALL', /grant target/],
    ['nocolon', /invalid priv entry/],
    ["x`; DROP DATABASE y; --.*:ALL", /invalid database name in priv/],
    ['db.*:ALL; DROP', /invalid privilege/],
  ])('rejects %s', (priv, msg) => expect(() => parsePrivString(priv)).toThrow(msg));
});

describe('parseShowGrants', () => {
  it('normalises quoting, ALL PRIVILEGES, USAGE and the grant option', () => {
    const m = parseShowGrants([
      "GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*ABC'",
      'GRANT ALL PRIVILEGES ON `REGISTRY_DB`.* TO `u`@`%`',
      'GRANT ALL PRIVILEGES ON `WSO2_USER_DB`.* TO `u`@`%` WITH GRANT OPTION',
      'GRANT SELECT, INSERT (a, b) ON `db`.`t` TO `u`@`%`',
    ]);
    expect(sets(m)).toEqual({ 'REGISTRY_DB.*': ['ALL PRIVILEGES'], 'WSO2_USER_DB.*': ['ALL PRIVILEGES', 'GRANT'], 'db.t': ['INSERT (A, B)', 'SELECT'] });
  });
});

describe('diffPrivs', () => {
  const cur = parseShowGrants(['GRANT ALL PRIVILEGES ON `A`.* TO `u`@`%` WITH GRANT OPTION', 'GRANT SELECT ON `B`.* TO `u`@`%`']);
  it.each([
    { name: 'same privileges: nothing', want: 'A.*:ALL,GRANT/B.*:SELECT', append: false, sql: [] },
    { name: 'drop the grant option', want: 'A.*:ALL/B.*:SELECT', append: false, sql: ["REVOKE GRANT OPTION ON `A`.* FROM 'u'@'%'"] },
    { name: 'target not wanted is revoked', want: 'A.*:ALL,GRANT', append: false, sql: ["REVOKE SELECT ON `B`.* FROM 'u'@'%'"] },
    { name: 'append keeps other targets', want: 'C.*:ALL', append: true, sql: ["GRANT ALL PRIVILEGES ON `C`.* TO 'u'@'%'"] },
    { name: 'append: SELECT under ALL needs nothing', want: 'A.*:SELECT', append: true, sql: [] },
    { name: 'replace SELECT by INSERT', want: 'A.*:ALL,GRANT/B.*:INSERT', append: false, sql: ["REVOKE SELECT ON `B`.* FROM 'u'@'%'", "GRANT INSERT ON `B`.* TO 'u'@'%'"] },
  ])('$name', ({ want, append, sql }) => {
    expect(renderGrantStatements(diffPrivs(cur, parsePrivString(want), append), quoteAccount('u', '%'))).toEqual(sql);
  });
});

// No MySQL 8 server here (Debian has only MariaDB): these lines are written in the shape MySQL 8.0 and 8.4 print for
// `GRANT ALL ON *.* TO u WITH GRANT OPTION`: the static privileges spelled out, then the dynamic ones on a second line.
const STATIC_80 = 'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER, SHOW DATABASES, SUPER, ' +
  'CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, ' +
  'CREATE USER, EVENT, TRIGGER, CREATE TABLESPACE, CREATE ROLE, DROP ROLE';
const DYNAMIC_80 = 'APPLICATION_PASSWORD_ADMIN,AUDIT_ABORT_EXEMPT,AUDIT_ADMIN,AUTHENTICATION_POLICY_ADMIN,BACKUP_ADMIN,BINLOG_ADMIN,BINLOG_ENCRYPTION_ADMIN,' +
  'CLONE_ADMIN,CONNECTION_ADMIN,ENCRYPTION_KEY_ADMIN,FIREWALL_EXEMPT,FLUSH_OPTIMIZER_COSTS,FLUSH_STATUS,FLUSH_TABLES,FLUSH_USER_RESOURCES,' +
  'GROUP_REPLICATION_ADMIN,GROUP_REPLICATION_STREAM,INNODB_REDO_LOG_ARCHIVE,INNODB_REDO_LOG_ENABLE,PASSWORDLESS_USER_ADMIN,PERSIST_RO_VARIABLES_ADMIN,' +
  'REPLICATION_APPLIER,REPLICATION_SLAVE_ADMIN,RESOURCE_GROUP_ADMIN,RESOURCE_GROUP_USER,ROLE_ADMIN,SENSITIVE_VARIABLES_OBSERVER,SERVICE_CONNECTION_ADMIN,' +
  'SESSION_VARIABLES_ADMIN,SET_USER_ID,SHOW_ROUTINE,SYSTEM_USER,SYSTEM_VARIABLES_ADMIN,TABLE_ENCRYPTION_ADMIN,TELEMETRY_LOG_ADMIN,XA_RECOVER_ADMIN';
const DYNAMIC_84 = DYNAMIC_80.replace('SET_USER_ID,', 'SET_ANY_DEFINER,ALLOW_NONEXISTENT_DEFINER,') + ',FLUSH_PRIVILEGES,OPTIMIZE_LOCAL_TABLE,TRANSACTION_GTID_TAG';

describe('MySQL 8: a global ALL shown spelled out', () => {
  const recorded: [string, string[], Record<string, string[]>][] = [
    ['8.0, ALL with GRANT OPTION', [
      `GRANT ${STATIC_80} ON *.* TO \`wso2\`@\`%\` WITH GRANT OPTION`,
      `GRANT ${DYNAMIC_80} ON *.* TO \`wso2\`@\`%\` WITH GRANT OPTION`,
      'GRANT ALL PRIVILEGES ON `REGISTRY_DB`.* TO `wso2`@`%`',
    ], { '*.*': ['ALL PRIVILEGES', 'GRANT'], 'REGISTRY_DB.*': ['ALL PRIVILEGES'] }],
    ['8.4, ALL', [`GRANT ${STATIC_80} ON *.* TO \`wso2\`@\`%\``, `GRANT ${DYNAMIC_84} ON *.* TO \`wso2\`@\`%\``], { '*.*': ['ALL PRIVILEGES'] }],
    ['static list alone (dynamic ones revoked) is still ALL', [`GRANT ${STATIC_80} ON *.* TO \`wso2\`@\`%\``], { '*.*': ['ALL PRIVILEGES'] }],
    ['one static privilege short is not ALL', [`GRANT ${STATIC_80.replace('SHUTDOWN, ', '')} ON *.* TO \`wso2\`@\`%\``], { '*.*': STATIC_80.split(', ').filter((p) => p !== 'SHUTDOWN').sort() }],
    ['a dynamic privilege alone stays', ['GRANT BACKUP_ADMIN ON *.* TO `wso2`@`%`', 'GRANT USAGE ON *.* TO `wso2`@`%`'], { '*.*': ['BACKUP_ADMIN'] }],
  ];
  it.each(recorded)('%s', (_name, lines, want) => {
    expect(sets(parseShowGrants(lines))).toEqual(want);
  });

  it('so *.*:ALL,GRANT is already as wanted: nothing to grant or revoke', () => {
    const have = parseShowGrants([`GRANT ${STATIC_80} ON *.* TO \`wso2\`@\`%\` WITH GRANT OPTION`, `GRANT ${DYNAMIC_84} ON *.* TO \`wso2\`@\`%\` WITH GRANT OPTION`]);
    expect(diffPrivs(have, parsePrivString('*.*:ALL,GRANT'), false)).toEqual([]);
    expect(renderGrantStatements(diffPrivs(have, parsePrivString('*.*:ALL'), false), quoteAccount('wso2', '%'))).toEqual(["REVOKE GRANT OPTION ON *.* FROM 'wso2'@'%'"]);
  });
});
