// The databases role against a real MariaDB: databases, users with per-database grants at a host, schemas from the product zip; a second run changes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { changedCounts, createPlayDir, runPlay } from './helpers.js';

let db: Mariadb;
beforeAll(async () => { db = await startTestMariadb(); }, 60_000);
afterAll(async () => { await db?.stop(); });

async function sql<T = Record<string, unknown>>(query: string, values: unknown[] = []): Promise<T[]> {
  const c = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword });
  try { return (await c.query(query, values))[0] as T[]; } finally { await c.end(); }
}
const tablesOf = async (name: string) => (await sql<{ t: string }>('SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1', [name])).map((r) => r.t);
const grantsOf = async (user: string, host: string) => (await sql<Record<string, string>>(`SHOW GRANTS FOR ?@?`, [user, host])).map((r) => Object.values(r)[0]).join('\n');

/** A G-Reg-shaped pack: the kernel script and API manager's, both unguarded (a second import would fail). */
function writePack(dir: string): string {
  const pack = join(dir, 'wso2greg-5.4.0.zip');
  writeFileSync(pack, Buffer.from(zipSync({
    'wso2greg-5.4.0/dbscripts/mysql.sql': Buffer.from('CREATE TABLE REG_RESOURCE (REG_PATH_ID INTEGER NOT NULL, REG_NAME VARCHAR(256));\nCREATE INDEX REG_RESOURCE_IND_BY_NAME ON REG_RESOURCE(REG_NAME);\n'),
    'wso2greg-5.4.0/dbscripts/apimgt/mysql.sql': Buffer.from('-- API manager\nCREATE TABLE AM_SUBSCRIBER (SUBSCRIBER_ID INTEGER AUTO_INCREMENT, USER_ID VARCHAR(255) NOT NULL, PRIMARY KEY (SUBSCRIBER_ID));\nCREATE INDEX IDX_AM_SUBSCRIBER ON AM_SUBSCRIBER(USER_ID);\n'),
  })));
  return pack;
}

function inventory(): string {
  return `db ansible_connection=local ansible_host=${db.host} mysql_admin_port=${db.port} mysql_admin_user=${db.adminUser} mysql_admin_password=${db.adminPassword}\n`;
}

// The DB server's /etc/hosts is the etc_hosts role's business (test/roles/etc-hosts.test.ts); here it would be this machine's.
const site = (vars: Record<string, unknown>) => JSON.stringify([{ hosts: 'all', gather_facts: false, vars: { databases_etc_hosts: false, ...vars }, roles: ['databases'] }]);

describe('databases role', () => {
  it('creates the databases, the users with their grants, imports the listed schemas; a second run changes nothing', async () => {
    const dir = createPlayDir();
    const vars = {
      carbon_pack_src: writePack(dir),
      carbon_db_schema_cache: join(dir, 'cache'),
      carbon_databases: ['governancedb', { name: 'wso2apim', schemas: ['dbscripts/apimgt/mysql.sql'] }, { name: 'gregutf8', encoding: 'utf8mb4' }],
      carbon_db_users: [
        { name: 'regadmin', host: 'carbondb.mysql-wso2.com', password: 'S3cret-regadmin', priv: 'governancedb.*:ALL/wso2apim.*:SELECT,INSERT' },
        { name: 'apim', host: '%', password: 'S3cret-apim', priv: { 'wso2apim.*': 'ALL' } },
      ],
    };
    const first = await runPlay(dir, site(vars), inventory());
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out + first.err).not.toMatch(/S3cret/);
    const charsets = await sql<{ n: string; cs: string }>("SELECT SCHEMA_NAME n, DEFAULT_CHARACTER_SET_NAME cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('governancedb', 'wso2apim', 'gregutf8') ORDER BY 1");
    expect(charsets).toEqual([{ n: 'governancedb', cs: 'latin1' }, { n: 'gregutf8', cs: 'utf8mb4' }, { n: 'wso2apim', cs: 'latin1' }]);
    // Only the listed script, into its own database.
    expect(await tablesOf('wso2apim')).toEqual(['AM_SUBSCRIBER']);
    expect(await tablesOf('governancedb')).toEqual([]);
    // The play says what each database got.
    expect(first.out).toContain('"msg":"wso2apim: 1 tables (AM_SUBSCRIBER)"');
    expect(first.out).toContain('"msg":"governancedb: 0 tables"');
    const regadmin = await grantsOf('regadmin', 'carbondb.mysql-wso2.com');
    expect(regadmin).toMatch(/GRANT ALL PRIVILEGES ON `governancedb`\.\* TO `regadmin`@`carbondb\.mysql-wso2\.com`/);
    expect(regadmin).toMatch(/GRANT SELECT, INSERT ON `wso2apim`\.\* TO `regadmin`@`carbondb\.mysql-wso2\.com`/);
    expect(await grantsOf('apim', '%')).toMatch(/GRANT ALL PRIVILEGES ON `wso2apim`\.\*/);

    const again = await runPlay(dir, site(vars), inventory());
    expect(again.code, again.out + again.err).toBe(0);
    expect(changedCounts(again.out), again.out).toEqual({ db: 0 });
  });

  it('by default grants carbon_db_user ALL on every database, at carbon_db_user_host', async () => {
    const dir = createPlayDir();
    const vars = { carbon_databases: ['REG_A', { name: 'REG_B' }], carbon_db_user: 'carbonuser', carbon_db_user_host: '10.9.0.%', carbon_db_password: 'S3cret-default' };
    const run = await runPlay(dir, site(vars), inventory());
    expect(run.code, run.out + run.err).toBe(0);
    const grants = await grantsOf('carbonuser', '10.9.0.%');
    expect(grants).toMatch(/ALL PRIVILEGES ON `REG_A`\.\*/);
    expect(grants).toMatch(/ALL PRIVILEGES ON `REG_B`\.\*/);
  });

  it('fails naming the script when the pack does not hold it', async () => {
    const dir = createPlayDir();
    const vars = { carbon_pack_src: writePack(dir), carbon_db_schema_cache: join(dir, 'cache'), carbon_databases: [{ name: 'nope', schemas: ['dbscripts/oracle.sql'] }] };
    const run = await runPlay(dir, site(vars), inventory());
    expect(run.code).toBe(2);
    expect(run.out + run.err).toMatch(/dbscripts\/oracle\.sql/);
  });
});
