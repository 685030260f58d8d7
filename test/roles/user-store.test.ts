// user_store: the realm's datasource and admin, and the read-only JDBC user store (seed 000 step 5.1.4) as an option.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

const INVENTORY = 'localhost ansible_connection=local\n';

function site(home: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'all', gather_facts: false,
    vars: { carbon_home: home, ...vars },
    roles: ['user_store'],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

const readOnly = (xml: string) => [...xml.matchAll(/<UserStoreManager class="org\.wso2\.carbon\.user\.core\.jdbc\.JDBCUserStoreManager">[\s\S]*?<Property name="ReadOnly">(\w+)<\/Property>/g)].map((m) => m[1]);

describe('user_store role', () => {
  // Each case starts from the opposite value, so only the role's edit can give the wanted one.
  it.each([
    { what: 'the slave: read-only', vars: { carbon_user_store_read_only: true }, start: 'false', want: 'true' },
    { what: 'the master: read-write (the default)', vars: {}, start: 'true', want: 'false' },
    { what: 'an INI carbon_user_store_read_only=false (the string "false"): read-write', vars: { carbon_user_store_read_only: 'false' }, start: 'true', want: 'false' },
  ])('$what, and a second run changes nothing', async ({ vars, start, want }) => {
    const dir = createPlayDir();
    const home = join(dir, 'wso2as-5.3.0');
    const fixture = read(join(TEMPLATES, 'user-mgt.xml')).replace(/(<Property name="ReadOnly">)\w+(<\/Property>)/g, `$1${start}$2`);
    expect(readOnly(fixture)).toEqual([start]);
    writeFiles(home, { 'repository/conf/user-mgt.xml': fixture });
    const all = { carbon_user_store_jndi: 'jdbc/WSO2UMDB', ...vars };
    const run = await runPlay(dir, site(home, all), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const xml = read(join(home, 'repository/conf/user-mgt.xml'));
    expect(readOnly(xml).length).toBeGreaterThan(0);
    for (const v of readOnly(xml)) expect(v).toBe(want);
    expect(xml).toContain('<Property name="dataSource">jdbc/WSO2UMDB</Property>');
    const again = await runPlay(dir, site(home, all), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });
});
