// `carbon-play check`: playbooks/check.yaml over an inventory, every problem listed with host and file, exit 4, no host contacted.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const dir = makeTempDir('cp-check-');
const MARIADB_JAR = '/usr/share/java/mariadb-java-client.jar';

async function check(base: string, extra: string, args: string[] = []): Promise<{ code: number; out: string }> {
  const file = join(dir, `inv-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, extra);
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  const code = await runCli(['check', '-i', base, '-i', file, ...shippedVaultArgs(), ...args], io);
  return { code, out };
}

// The IPs are TEST-NET-3 addresses nobody answers on: a check that tried to connect would report them unreachable.
const EI = 'inventory/ei-nginx';
const GOOD = '[carbon]\nei1 ansible_host=203.0.113.11\nei2 ansible_host=203.0.113.12\n[dbservers]\ndb ansible_host=203.0.113.13\n[lb]\nlb ansible_host=203.0.113.14\n';
const EI_HOSTS = resolve('inventory/ei-nginx/hosts');
// Seed 000 as written: G-Reg and the AS master each start with -Dsetup, on different user-store databases.
const AS_GREG = 'inventory/as-greg';
const AS_GOOD = '[greg]\ngreg1 ansible_host=203.0.113.21\n[as]\nas1 ansible_host=203.0.113.22\nas2 ansible_host=203.0.113.23\n[dbservers]\ndb ansible_host=203.0.113.24\n';

/** A jar whose name says MySQL but which holds MariaDB's driver: only reading the jar tells. */
const mislabelled = join(dir, 'mysql-connector-java-5.1.49.jar');
copyFileSync(MARIADB_JAR, mislabelled);
const emptyJar = join(dir, 'empty.jar');
writeFileSync(emptyJar, Buffer.from(zipSync({ 'META-INF/MANIFEST.MF': Buffer.from('Manifest-Version: 1.0\n') })));

const extraDs = (url: string) => JSON.stringify({ carbon_datasources: [
  { name: 'WSO2_USER_DB', jndi: 'jdbc/WSO2UMDB', database: 'WSO2_USER_DB' },
  { name: 'REGISTRY_DB', jndi: 'jdbc/WSO2RegistryDB', database: 'REGISTRY_DB' },
  { name: 'REGISTRY_LOCAL', jndi: 'jdbc/WSO2CarbonDB', database: 'REGISTRY_LOCAL1' },
  { name: 'WSO2AM_DB', jndi: 'jdbc/WSO2AM_DB', url },
] });

const cases: Array<{ name: string; base?: string; inv: string; args?: string[]; message: RegExp }> = [
  { name: 'two nodes on one machine with the same offset', inv: GOOD.replace('203.0.113.12', '203.0.113.11'), message: /hosts ei1 \(\S+\) and ei2 \(\S+\) share machine 203\.0\.113\.11 with the same carbon_port_offset 0/ },
  { name: 'two nodes on one machine with the same localMemberPort', inv: GOOD.replace('203.0.113.12', '203.0.113.11 carbon_port_offset=1'), message: /hosts ei1 \(\S+\) and ei2 \(\S+\) share machine 203\.0\.113\.11 with the same carbon_local_member_port 4100/ },
  { name: 'two -Dsetup nodes for one user-store database', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_setup_node=true'), message: /hosts ei1 \(\S+\) and ei2 \(\S+\) both have carbon_setup_node=true for the user-store database WSO2_USER_DB on carbondb\.mysql-wso2\.com/ },
  // Ansible's `bool` spellings count as true: `yes` is a second -Dsetup node.
  { name: 'two -Dsetup nodes, the second written carbon_setup_node=yes', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_setup_node=yes'), message: /hosts ei1 \(\S+\) and ei2 \(\S+\) both have carbon_setup_node=true for the user-store database WSO2_USER_DB/ },
  { name: 'two -Dsetup nodes reaching one database under different JNDI names', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', `ei2 ansible_host=203.0.113.12 carbon_setup_node=true carbon_user_store_jndi=jdbc/OtherUM carbon_datasources="[{'name': 'UM', 'jndi': 'jdbc/OtherUM', 'url': 'jdbc:mysql://carbondb.mysql-wso2.com:3306/WSO2_USER_DB?autoReconnect=true'}]"`), message: /hosts ei1 \(\S+\) and ei2 \(\S+\) both have carbon_setup_node=true for the user-store database WSO2_USER_DB on carbondb\.mysql-wso2\.com/ },
  { name: 'the seed-000 slave also marked -Dsetup (shares amausermgtdb with the master)', base: AS_GREG, inv: AS_GOOD.replace('as2 ansible_host', 'as2 carbon_setup_node=true ansible_host'), message: /hosts as1 \(\S+as-greg\/hosts\) and as2 \(\S+\) both have carbon_setup_node=true for the user-store database amausermgtdb on carbondb\.mysql-wso2\.com/ },
  { name: 'a WKA member with no IP', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2'), message: /WKA member ei2 of host ei1 \(\S+\) has no IP/ },
  { name: 'a WKA group not in the inventory', inv: GOOD.replace('ei1 ansible_host=203.0.113.11', 'ei1 ansible_host=203.0.113.11 carbon_wka_group=nodes'), message: /host ei1 \(\S+\): carbon_wka_group nodes is not a group of the inventory/ },
  { name: 'a JNDI name referenced but not defined', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_registry_shared_jndi=jdbc/Missing'), message: /host ei2 \(\S+\): JNDI name jdbc\/Missing is referenced/ },
  { name: 'the JDBC host (carbon_db_host_name) with no IP', inv: GOOD.replace('db ansible_host=203.0.113.13', 'db'), message: /host ei1 \(\S+\): JDBC host carbondb\.mysql-wso2\.com \(datasource WSO2_USER_DB\) maps to db, which has no IP/ },
  { name: 'a JDBC URL naming a host nothing maps', inv: GOOD, args: ['-e', extraDs('jdbc:mysql://apim.db.example:3306/wso2apim?autoReconnect=true&relaxAutoCommit=true')], message: /host ei1 \(\S+\): JDBC host apim\.db\.example \(datasource WSO2AM_DB\) has no \/etc\/hosts entry or IP/ },
  { name: 'a JDBC URL naming an inventory host without an IP', inv: GOOD.replace('lb ansible_host=203.0.113.14', 'lb'), args: ['-e', extraDs('jdbc:mysql://lb:3306/wso2apim')], message: /host ei2 \(\S+\): JDBC host lb \(datasource WSO2AM_DB\) is inventory host lb, which has no IP/ },
  { name: 'a driver class not in the jar', inv: GOOD.replace('ei1 ansible_host=203.0.113.11', 'ei1 ansible_host=203.0.113.11 jdbc_driver_class=com.mysql.jdbc.Driver'), message: /host ei1 \(\S+\): driver class com\.mysql\.jdbc\.Driver is not in the driver jar \/usr\/share\/java\/mariadb-java-client\.jar \(it registers org\.mariadb\.jdbc\.Driver\)/ },
  { name: 'a MySQL-named jar that holds another driver', inv: GOOD, args: ['-e', `jdbc_driver_src=${mislabelled} jdbc_driver_class=com.mysql.jdbc.Driver`], message: /driver class com\.mysql\.jdbc\.Driver is not in the driver jar \S+mysql-connector-java-5\.1\.49\.jar \(it registers org\.mariadb\.jdbc\.Driver\)/ },
  { name: 'a jar with no driver at all', inv: GOOD, args: ['-e', `jdbc_driver_src=${emptyJar}`], message: /driver class org\.mariadb\.jdbc\.Driver is not in the driver jar \S+empty\.jar \(it registers no JDBC driver\)/ },
  { name: 'a driver jar missing on the control node', inv: GOOD, args: ['-e', `jdbc_driver_src=${join(dir, 'nope.jar')}`], message: /host ei1 \(\S+\): the driver jar \S+nope\.jar \(jdbc_driver_src\) does not exist on the control node/ },
];

describe('carbon-play check', () => {
  it.each([
    { name: 'seed 004 (ei-nginx)', base: EI, inv: GOOD },
    { name: 'seed 000 as written: two -Dsetup nodes on different user-store databases', base: AS_GREG, inv: AS_GOOD },
    // The rule compares databases, not JNDI names: the same name on two different databases is fine.
    { name: 'seed 000 with one JNDI name for both user-store databases', base: AS_GREG, inv: AS_GOOD.replace('greg1 ansible_host=203.0.113.21', `greg1 ansible_host=203.0.113.21 carbon_user_store_jndi=jdbc/WSO2UMDB carbon_datasources="[{'name': 'amagregdb', 'jndi': 'jdbc/WSO2UMDB', 'database': 'amagregdb'}]"`) },
    // A JDBC host that carbon_extra_hosts maps (its name a template, as inventories write them) resolves.
    { name: 'a JDBC host mapped by carbon_extra_hosts', base: EI, inv: GOOD, args: ['-e', JSON.stringify({ ...JSON.parse(extraDs('jdbc:mysql://apim.db.example:3306/wso2apim')), apim_db: 'apim.db.example', carbon_extra_hosts: [{ ip: '203.0.113.30', names: ['{{apim_db}}'] }] })] },
    // An INI value is a string: carbon_setup_node=false is not a second -Dsetup node.
    { name: 'a second node written carbon_setup_node=false', base: EI, inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_setup_node=false') },
    // The class is read from the jar, not guessed from its name.
    { name: 'a MySQL-named jar holding the MariaDB driver, with its real class', base: EI, inv: GOOD, args: ['-e', `jdbc_driver_src=${mislabelled}`] },
  ])('passes $name (exit 0)', async ({ base, inv, args }) => {
    const r = await check(base, inv, args);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/changed=0/);
  });

  it.each(cases)('fails with exit 4 on $name, touching nothing', async ({ base, inv, args, message }) => {
    const r = await check(base ?? EI, inv, args);
    expect(r.code, r.out).toBe(4);
    expect(r.out).toMatch(message);
    expect(r.out).not.toMatch(/UNREACHABLE|changed=[1-9]/);
  });

  it('names the inventory file each host is defined in', async () => {
    const r = await check(EI, GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_setup_node=true'));
    expect(r.out).toContain(`ei1 (${EI_HOSTS})`);
  });

  it('db-bootstrap.yaml runs the check first: a broken inventory stops it before the DB server is contacted', async () => {
    const file = join(dir, 'inv-bootstrap');
    writeFileSync(file, GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_registry_shared_jndi=jdbc/Missing'));
    let out = '';
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
    const code = await runCli(['playbooks/db-bootstrap.yaml', '-i', EI, '-i', file, ...shippedVaultArgs(), '--timeout', '2'], io);
    expect(code, out).toBe(2);
    expect(out).toMatch(/inventory check failed: .*JNDI name jdbc\/Missing/);
    expect(out).not.toMatch(/PLAY \[databases|UNREACHABLE/);
  });

  it('lists every problem at once', async () => {
    const r = await check(EI, GOOD.replace('203.0.113.12', '203.0.113.11').replace('db ansible_host=203.0.113.13', 'db'));
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/carbon_port_offset 0.*carbon_local_member_port 4100.*has no IP/s);
  });
});
