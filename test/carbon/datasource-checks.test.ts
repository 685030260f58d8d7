// The stand-in's startup checks against a real MariaDB: one good config, one broken config per check.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { hasFixtures } from './fixture-dist.js';
import { DRIVER_JAR, freeOffset, renderDataSources, runServer, unpack, type DsSpec, type Node } from './harness.js';

let db: Mariadb;
let admin: Connection;
const hostsFile = join(tmpdir(), `carbon-hosts-${process.pid}`);
const env = { CARBON_STANDIN_HOSTS_FILE: hostsFile };
let n = 0;

beforeAll(async () => {
  db = await startTestMariadb();
  admin = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword, multipleStatements: true });
  writeFileSync(hostsFile, '127.0.0.1\tlocalhost\n127.0.0.1\tcarbondb.test carbondb\n');
});
afterAll(async () => { await admin?.end(); await db?.stop(); rmSync(hostsFile, { force: true }); });

/** A database and a user granted on it only; returns the datasource pointing at it through the /etc/hosts name. */
async function createDb(opts: { grant?: boolean } = {}): Promise<DsSpec> {
  const name = `carbon${++n}`;
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET latin1; CREATE USER u_${name}@'%' IDENTIFIED BY 'p&ss<${n}';`);
  if (opts.grant !== false) await admin.query(`GRANT ALL ON ${name}.* TO u_${name}@'%'`);
  return { name: 'WSO2_CARBON_DB', jndi: 'jdbc/WSO2CarbonDB', url: `jdbc:mysql://carbondb.test:${db.port}/${name}?useSSL=false&autoReconnect=true`, user: `u_${name}`, password: `p&ss<${n}` };
}

async function node(ds: DsSpec[], real = false): Promise<Node> {
  const nd = await unpack('as', { real });
  nd.write('datasources/master-datasources.xml', renderDataSources(ds));
  const offset = await freeOffset();
  nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`));
  return nd;
}

// Carbon 4.4's last lines when the user store's datasource cannot connect (tomcat-jdbc ConnectionPool, then user.core).
const realmDown = /ERROR - ConnectionPool Unable to create initial connections of pool\.\njava\.sql\.SQLException: [^\n]+\n[^\n]* ERROR - DefaultRealmService Cannot initialize the realm\.\n[^\n]* ERROR - Activator Cannot start User Manager Core bundle\s*$/;
// Any other failed start: CarbonServerManager.initializeCarbon's FATAL line, last.
const initFailed = /FATAL - CarbonServerManager WSO2 Carbon initialization Failed\s*$/;

async function expectFatal(nd: Node, re: RegExp, args: string[] = ['-Dsetup'], end: RegExp = realmDown): Promise<void> {
  const run = await runServer(nd, args, env);
  await run.stop();
  expect(run.code).toBe(1);
  expect(run.log).toMatch(re);
  expect(run.log).toMatch(end);
  expect(run.log).not.toMatch(/WSO2 Carbon started|Cannot start WSO2 Carbon|Cannot load JDBC driver class/);
}

describe('datasources, registry and user store', () => {
  it('starts with a good MySQL config: -Dsetup creates the tables, a second -Dsetup skips, a plain start uses them', async () => {
    const ds = await createDb();
    const nd = await node([ds]);
    const first = await runServer(nd, ['-Dsetup'], env);
    await first.stop();
    expect(first.log).toMatch(/INFO - DataSourceRepository Initialized data source WSO2_CARBON_DB \(jdbc\/WSO2CarbonDB\)/);
    expect(first.log).toMatch(/Creating database tables in 'carbon\d+'/);
    expect(first.log).toMatch(/Mgt Console URL  : https:\/\/[^:]+:\d+\/carbon\//);
    const second = await runServer(nd, ['-Dsetup'], env);
    await second.stop();
    // user.core's DefaultRealmService: UM_SYSTEM_USER answers, so nothing is created.
    expect(second.log).toMatch(/INFO - DefaultRealmService Database already exists\. Not creating a new database\./);
    expect(second.log).not.toMatch(/Creating database tables/);
    const plain = await runServer(nd, [], env);
    await plain.stop();
    expect(plain.log.split('Starting WSO2 Carbon').pop()).toMatch(/WSO2 Carbon started in \d+ sec/);
    expect(plain.code).toBe(0);
  });

  const cases: { name: string; broken: (ds: DsSpec) => DsSpec; re: RegExp; grant?: boolean }[] = [
    { name: 'driver class not in any jar', broken: (d) => ({ ...d, driver: 'com.mysql.jdbc.Driver' }), re: /\njava\.sql\.SQLException: Unable to load class: com\.mysql\.jdbc\.Driver from ClassLoader:/ },
    { name: 'host missing from /etc/hosts', broken: (d) => ({ ...d, url: d.url.replace('carbondb.test', 'nodb.test') }), re: /\njava\.sql\.SQLException: Communications link failure: java\.net\.UnknownHostException: nodb\.test\n/ },
    { name: 'wrong password', broken: (d) => ({ ...d, password: 'wrong' }), re: /\njava\.sql\.SQLException: Access denied for user/ },
    { name: 'database missing', broken: (d) => ({ ...d, url: d.url.replace(/\/carbon\d+\?/, '/nosuchdb?') }), re: /\njava\.sql\.SQLException: (Unknown database 'nosuchdb'|Access denied for user .* to database 'nosuchdb')/ },
    { name: 'grant missing', broken: (d) => d, grant: false, re: /Access denied for user 'u_carbon\d+'@'%' to database 'carbon\d+'/ },
    { name: 'nothing listening on the port', broken: (d) => ({ ...d, url: d.url.replace(`:${db.port}/`, ':1/') }), re: /Communications link failure: cannot reach carbondb\.test:1/ },
  ];
  it.each(cases)('fails when the datasource is broken: $name', async ({ broken, re, grant }) => {
    await expectFatal(await node([broken(await createDb({ grant }))]), re);
  });

  it('fails when the driver jar is missing altogether', async () => {
    const nd = await unpack('as', { driver: false });
    nd.write('datasources/master-datasources.xml', renderDataSources([await createDb()]));
    await expectFatal(nd, /java\.sql\.SQLException: Unable to load class: org\.mariadb\.jdbc\.Driver from ClassLoader:/);
  });

  // EI 6.x keeps its config in conf/ and the driver in lib/ at the top: the same checks run there.
  it('EI layout: the driver in lib/ and conf/datasources go through the datasource checks', async () => {
    const ei = async (ds: DsSpec[], opts: { driver?: boolean } = {}) => {
      const nd = await unpack('ei', opts);
      expect(nd.lib).toBe(join(nd.home, 'lib'));
      nd.write('datasources/master-datasources.xml', renderDataSources(ds));
      nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`));
      return nd;
    };
    const offset = await freeOffset();
    const good = await createDb();
    const run = await runServer(await ei([good]), ['-Dsetup'], env);
    await run.stop();
    expect(run.log).toMatch(/INFO - DataSourceRepository Initialized data source WSO2_CARBON_DB \(jdbc\/WSO2CarbonDB\)/);
    expect(run.log).toMatch(/Creating database tables in 'carbon\d+'/);
    expect(run.code).toBe(0);
    await expectFatal(await ei([{ ...good, password: 'wrong' }]), /java\.sql\.SQLException: Access denied for user/);
    // A driver under repository/components/lib is where Carbon 4.4 looks, not EI: EI does not find it.
    const misplaced = await ei([good], { driver: false });
    mkdirSync(join(misplaced.home, 'repository/components/lib'), { recursive: true });
    copyFileSync(DRIVER_JAR, join(misplaced.home, 'repository/components/lib/mariadb-java-client.jar'));
    await expectFatal(misplaced, /Unable to load class: org\.mariadb\.jdbc\.Driver from ClassLoader:\/[^\n]*\/wso2ei-6\.4\.0\/lib\/\*\.jar\n/);
  });

  it('fails without -Dsetup when the database has no tables', async () => {
    await expectFatal(await node([await createDb()]), /ERROR - JDBCRegistry Table 'carbon\d+\.REG_RESOURCE' doesn't exist/, [], initFailed);
  });

  const refCases: { name: string; file: string; edit: (s: string) => string; re: RegExp }[] = [
    { name: 'registry dbConfig names an undefined JNDI datasource', file: 'registry.xml', edit: (s) => s.replace('<dataSource>jdbc/WSO2CarbonDB</dataSource>', '<dataSource>jdbc/Nope</dataSource>'), re: /registry\.xml dbConfig 'wso2registry': datasource 'jdbc\/Nope' is not defined/ },
    { name: 'user-mgt dataSource undefined', file: 'user-mgt.xml', edit: (s) => s.replace('<Property name="dataSource">jdbc/WSO2CarbonDB', '<Property name="dataSource">jdbc/UserDB'), re: /user-mgt\.xml realm: datasource 'jdbc\/UserDB' is not defined/ },
    { name: 'remoteInstance names an undefined dbConfig', file: 'registry.xml', edit: (s) => s.replace('<versionResourcesOnChange>', '<remoteInstance url="https://x"><id>gov</id><dbConfig>govregistry</dbConfig><readOnly>false</readOnly></remoteInstance>\n<versionResourcesOnChange>'), re: /remoteInstance 'gov' refers to dbConfig 'govregistry', which is not defined/ },
    { name: 'currentDBConfig names no dbConfig', file: 'registry.xml', edit: (s) => s.replace('<currentDBConfig>wso2registry</currentDBConfig>', '<currentDBConfig>wso2registry_typo</currentDBConfig>'), re: /ERROR - EmbeddedRegistryService registry\.xml currentDBConfig 'wso2registry_typo' names no dbConfig/ },
    { name: 'mount names an undefined remoteInstance', file: 'registry.xml', edit: (s) => s.replace('<versionResourcesOnChange>', '<mount path="/_system/config" overwrite="true"><instanceId>gov</instanceId><targetPath>/_system/asConfig</targetPath></mount>\n<versionResourcesOnChange>'), re: /mount '\/_system\/config' refers to remoteInstance 'gov', which is not defined/ },
  ];
  it.each(refCases)('fails on a dangling reference: $name', async ({ file, edit, re }) => {
    const nd = await node([await createDb()]);
    nd.edit(file, edit);
    await expectFatal(nd, re, ['-Dsetup'], initFailed);
  });

  it('mounts a shared registry: read-only mounts are checked but never set up', async () => {
    const local = await createDb();
    const gov = { ...(await createDb()), name: 'WSO2_GOV_DB', jndi: 'jdbc/WSO2GovDB' };
    const nd = await node([local, gov]);
    const mount = (readOnly: boolean) => (s: string) => s.replace('<versionResourcesOnChange>', `<dbConfig name="govregistry"><dataSource>jdbc/WSO2GovDB</dataSource></dbConfig>
<remoteInstance url="https://gov"><id>gov</id><dbConfig>govregistry</dbConfig><readOnly>${readOnly}</readOnly></remoteInstance>
<mount path="/_system/config" overwrite="true"><instanceId>gov</instanceId><targetPath>/_system/asConfig</targetPath></mount>
<versionResourcesOnChange>`);
    nd.edit('registry.xml', mount(true));
    await expectFatal(nd, /Table 'carbon\d+\.REG_RESOURCE' doesn't exist: the registry mount \/_system\/config -> \/_system\/asConfig database 'WSO2_GOV_DB'/, ['-Dsetup'], initFailed);
    const writer = await node([local, gov]);
    writer.edit('registry.xml', mount(false));
    const run = await runServer(writer, ['-Dsetup'], env);
    await run.stop();
    expect(run.log).toMatch(/Mounted \/_system\/config -> \/_system\/asConfig \(gov\)/);
    const ok = await runServer(nd, [], env);
    await ok.stop();
    expect(ok.log).toMatch(/Using registry mount \/_system\/config -> \/_system\/asConfig database .* \(read-only\)/);
  });

  // DefaultRealmService checks UM_SYSTEM_USER, then DatabaseCreator runs the script with no lock: both nodes find the
  // database empty, and the one that reaches the first unguarded statement second fails there, as on Carbon 4.4.
  const packs = [{ pack: 'template', real: false }, ...(hasFixtures ? [{ pack: 'real AS 5.3.0', real: true }] : [])];
  it.each(packs)('fails one of two -Dsetup nodes racing on the same empty database, as Carbon\'s DatabaseCreator does ($pack files)', async ({ real }) => {
    const ds = await createDb();
    const [a, b] = [await node([ds], real), await node([ds], real)];
    const slow = { ...env, CARBON_STANDIN_SETUP_DELAY_MS: '1500' };
    const runs = await Promise.all([runServer(a, ['-Dsetup'], slow), runServer(b, ['-Dsetup'], slow)]);
    for (const r of runs) await r.stop();
    // By the log: WSO2's own script (real packs) does not pass the JVM's exit status on.
    const won = runs.filter((r) => /WSO2 Carbon started in/.test(r.log));
    const lost = runs.filter((r) => !won.includes(r));
    expect(lost.length, runs.map((r) => r.log).join('\n----\n')).toBe(1);
    expect(won.length).toBe(1);
    for (const r of runs) expect(r.log).toMatch(/Creating database tables in 'carbon\d+'/);
    expect(lost[0].log).toMatch(new RegExp([
      String.raw`ERROR - Activator Cannot start User Manager Core bundle`,
      String.raw`java\.lang\.Exception: Error in creating the database`,
      String.raw`Caused by: java\.lang\.Exception: Error occurred while executing : +CREATE (INDEX|TABLE) [^\n]+`,
      String.raw`Caused by: java\.sql\.SQLSyntaxErrorException: (Duplicate key name|Table) '[A-Z_]+'( already exists)?\s*$`,
    ].join('\n')));
    expect(lost[0].log).not.toMatch(/WSO2 Carbon initialization Failed|Mgt Console URL/);
    // The winner's tables are whole: a plain start of the loser now finds them.
    const again = await runServer(runs.indexOf(lost[0]) === 0 ? a : b, [], env);
    await again.stop();
    expect(again.log).toMatch(/WSO2 Carbon started in \d+ sec/);
  });
});
