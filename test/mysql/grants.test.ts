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
