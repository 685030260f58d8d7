// What each guide (../shared/seeds) asks of a deployed node's files, read back as Carbon reads them (carbon-files.ts),
// never through the roles' variables. Used by the e2e deployment tests once site.yaml has run.
import { expect } from 'vitest';
import { readCarbonXml, readClustering, readDatasources, readProxyPorts, readRegistry, readUserStore, type DataSourceSeen } from './carbon-files.js';
import { readEventProcessorMode, readSparkDefaults } from '../roles/real-files.js';
import { parseXml, childrenOf } from '../../sandbox/carbon/server/xml.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Runs a shell command on a sandbox host (through OpenSSH); `ips` maps host names to their addresses. */
export interface Deployed { run: (node: string, command: string) => Promise<string>; ips: Record<string, string>; homes: Record<string, string> }

/** A file on a sandbox host. */
const readOn = (d: Deployed, node: string, path: string) => d.run(node, `cat ${path}`);

/** The target pulled the source's deployment folder (depsync): the same tree, the source's mark included. */
async function expectPulled(d: Deployed, source: string, target: string): Promise<void> {
  const tree = (n: string) => d.run(n, `cd ${d.homes[n]}/repository/deployment/server && find . | LC_ALL=C sort`);
  const want = await tree(source);
  expect(want, source).toContain('./.carbon-play-depsync-source');
  expect(await tree(target), `${target} pulled ${source}'s deployment folder`).toBe(want);
}

const DB = 'carbondb.mysql-wso2.com:3306';

/** The database a JNDI name leads to, as `host:port/db` (the JDBC URL without its parameters), or `h2` for the embedded one. */
function databaseOf(ds: Record<string, DataSourceSeen>, jndi: string | undefined): string | undefined {
  const url = Object.values(ds).find((d) => d.jndi === jndi)?.url;
  if (url?.startsWith('jdbc:h2:')) return 'h2';
  return /^jdbc:mysql:\/\/([^/?]+\/[^/?]+)/.exec(url ?? '')?.[1];
}

/** One node's registry and user store as Carbon follows them: dbConfig -> dataSource -> JDBC URL. */
export async function storesOf(d: Deployed, node: string, conf = 'repository/conf') {
  const base = `${d.homes[node]}/${conf}`;
  const ds = readDatasources(await readOn(d, node, `${base}/datasources/master-datasources.xml`));
  const reg = readRegistry(await readOn(d, node, `${base}/registry.xml`));
  const users = readUserStore(await readOn(d, node, `${base}/user-mgt.xml`));
  const remotes = reg.remotes.map((r) => ({ url: r.url, readOnly: r.readOnly, database: databaseOf(ds, reg.dbConfigs[r.dbConfig ?? '']), cacheId: r.cacheId }));
  // Each mount resolved to the remote instance it names (by id): mount path -> [target path, that instance's database].
  const mounts = Object.fromEntries(Object.entries(reg.mounts).map(([path, [id, target]]) => {
    const remote = reg.remotes.find((r) => r.id === id);
    return [path, [target, databaseOf(ds, reg.dbConfigs[remote?.dbConfig ?? ''])]];
  }));
  return { ds, local: databaseOf(ds, reg.dbConfigs[reg.current ?? '']), dbConfigs: reg.dbConfigs, users: databaseOf(ds, users.dataSource), usersJndi: users.dataSource, usersReadOnly: users.readOnly, remotes, mounts };
}

/** axis2.xml's clustering of a node, with its WKA members as host names of the inventory. */
async function clusteringOf(d: Deployed, node: string, conf = 'repository/conf') {
  const c = readClustering(await readOn(d, node, `${d.homes[node]}/${conf}/axis2/axis2.xml`));
  const names = Object.fromEntries(Object.entries(d.ips).map(([n, ip]) => [ip, n]));
  return { ...c, members: c.members.map((m) => { const [ip, port] = m.split(':'); return `${names[ip!] ?? ip}:${port}`; }).sort() };
}

/** The JDBC driver jar where Carbon's class loader finds it (every guide: "copy the MySQL JDBC driver"), with the driver class named in its service file. */
async function expectDriver(d: Deployed, node: string, lib = 'repository/components/lib'): Promise<void> {
  const listing = await d.run(node, `cd ${d.homes[node]}/${lib} && for j in *.jar; do python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("META-INF/services/java.sql.Driver").decode().strip())' "$j" 2>/dev/null; done`);
  expect(listing.split('\n').map((l) => l.trim()).filter(Boolean), `${node}: a JDBC driver in ${lib}`).not.toEqual([]);
}

const hazelcast = 'org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent';

/** The file checks, by seed. */
export const guideFileChecks: Record<string, (d: Deployed) => Promise<void>> = {
  // Seed 000: the AS master's local registry on amamaster, the slave's on amaslave1; both users in amausermgtdb;
  // config (/_system/asConfig) and governance mounted from amagregdb through the G-Reg machine's remoteInstance,
  // read-only (mounts and user store) on the slave; G-Reg all in amagregdb; clustering on in the AS nodes' axis2.xml.
  '000': async (d) => {
    const greg = await storesOf(d, 'greg1');
    expect([greg.local, greg.users], 'greg1').toEqual([`${DB}/amagregdb`, `${DB}/amagregdb`]);
    for (const [node, local, ro] of [['as1', 'amamaster', 'false'], ['as2', 'amaslave1', 'true']] as const) {
      const s = await storesOf(d, node);
      expect({ local: s.local, users: s.users, usersReadOnly: s.usersReadOnly }, node).toEqual({ local: `${DB}/${local}`, users: `${DB}/amausermgtdb`, usersReadOnly: ro });
      expect(s.remotes.map((r) => [r.url, r.readOnly, r.database]), node).toEqual([[`https://${d.ips.greg1}:9443/registry`, ro, `${DB}/amagregdb`]]);
      expect(s.mounts, node).toEqual({ '/_system/config': ['/_system/asConfig', `${DB}/amagregdb`], '/_system/governance': ['/_system/governance', `${DB}/amagregdb`] });
      expect((await clusteringOf(d, node)).enabled, node).toBe(true);
      await expectDriver(d, node);
    }
    await expectDriver(d, 'greg1');
    // The slave pulled the master's artifacts (rsync: Carbon 4.4 has no registry-based synchronizer).
    await expectPulled(d, 'as1', 'as2');
  },
  // Seed 001: the local registry stays on H2; config and governance mounted from governancedb (WSO2_CARBON_DB_mount,
  // dbConfig wso2registry_mount, cacheId user@URL), users there too; WSO2AM_DB on wso2apim; Hazelcast wka clustering in
  // wso2.governance.domain on ports 4250-4252; proxy ports 8280/8243; HostName and MgtHostName the LB's name;
  // the console name one sticky HTTPS host on 8243 at the LB.
  '001': async (d) => {
    const G = 'carbondb.greg.wso2.com:3306';
    for (const [node, port] of [['greg1', '4250'], ['greg2', '4251'], ['greg3', '4252']] as const) {
      const s = await storesOf(d, node);
      expect({ local: s.local, users: s.users, usersJndi: s.usersJndi, mount: s.dbConfigs.wso2registry_mount }, node).toEqual({ local: 'h2', users: `${G}/governancedb`, usersJndi: 'jdbc/WSO2CarbonDB_mount', mount: 'jdbc/WSO2CarbonDB_mount' });
      expect(s.ds.WSO2AM_DB, node).toMatchObject({ jndi: 'jdbc/WSO2AM_DB', url: `jdbc:mysql://${G}/wso2apim?autoReconnect=true&relaxAutoCommit=true` });
      expect(s.remotes.map((r) => [r.readOnly, r.database, r.cacheId?.replace(/^[^@]*@/, '')]), node).toEqual([['false', `${G}/governancedb`, `jdbc:mysql://${G}/governancedb?autoReconnect=true`]]);
      expect(s.mounts, node).toEqual({ '/_system/config': ['/_system/config', `${G}/governancedb`], '/_system/governance': ['/_system/governance', `${G}/governancedb`] });
      const c = await clusteringOf(d, node);
      expect({ enabled: c.enabled, agent: c.agent, scheme: c.scheme, domain: c.domain, host: c.localMemberHost, port: c.localMemberPort }, node)
        .toEqual({ enabled: true, agent: hazelcast, scheme: 'wka', domain: 'wso2.governance.domain', host: d.ips[node], port });
      const proxies = readProxyPorts(await readOn(d, node, `${d.homes[node]}/repository/conf/tomcat/catalina-server.xml`));
      expect([proxies['9763'], proxies['9443']], node).toEqual(['8280', '8243']);
      const carbon = readCarbonXml(await readOn(d, node, `${d.homes[node]}/repository/conf/carbon.xml`));
      expect([carbon.hostName, carbon.mgtHostName], node).toEqual(['governance.cluster.wso2.com', 'governance.cluster.wso2.com']);
      // The WKA members: the three G-Reg nodes on their own member ports (nginx takes the ELB's place and is no member).
      expect(c.members, node).toEqual(['greg1:4250', 'greg2:4251', 'greg3:4252']);
      await expectDriver(d, node);
    }
    const conf = await readOn(d, 'lb', '/etc/nginx/conf.d/carbon.conf');
    const https = conf.split(/\n(?=server {)/).filter((b) => /listen 8243 ssl;/.test(b));
    expect(https).toHaveLength(1);
    expect(https[0]).toMatch(/server_name governance\.cluster\.wso2\.com;[\s\S]*proxy_pass https:\/\/carbon_mgt;/);
    expect(conf).toMatch(/upstream carbon_mgt {\s+ip_hash;/);
  },
  // Seed 002: Hazelcast wka clustering in wso2.as.domain, each node on its own IP and port 4000, the manager as the
  // workers' well-known member; subDomain where Carbon reads it (mgt / worker); the workers' HostName as.wso2.com,
  // proxy ports 80/443, and /etc/hosts naming the database and the manager.
  '002': async (d) => {
    for (const [node, sub] of [['mgr1', 'mgt'], ['worker1', 'worker'], ['worker2', 'worker']] as const) {
      const c = await clusteringOf(d, node);
      expect({ enabled: c.enabled, agent: c.agent, scheme: c.scheme, domain: c.domain, host: c.localMemberHost, port: c.localMemberPort, sub: c.subDomain }, node)
        .toEqual({ enabled: true, agent: hazelcast, scheme: 'wka', domain: 'wso2.as.domain', host: d.ips[node], port: '4000', sub });
      await expectDriver(d, node);
      if (sub === 'mgt') continue;
      expect(c.members, node).toEqual(['mgr1:4000']);
      const proxies = readProxyPorts(await readOn(d, node, `${d.homes[node]}/repository/conf/tomcat/catalina-server.xml`));
      expect([proxies['9763'], proxies['9443']], node).toEqual(['80', '443']);
      expect(readCarbonXml(await readOn(d, node, `${d.homes[node]}/repository/conf/carbon.xml`)).hostName, node).toBe('as.wso2.com');
      const hosts = await readOn(d, node, '/etc/hosts');
      expect(hosts, node).toMatch(new RegExp(`^${d.ips.db!.replaceAll('.', '\\.')}\\s+(\\S+\\s+)*carbondb\\.mysql-wso2\\.com(\\s|$)`, 'm'));
      expect(hosts, node).toMatch(new RegExp(`^${d.ips.mgr1!.replaceAll('.', '\\.')}\\s+(\\S+\\s+)*mgt\\.as\\.wso2\\.com(\\s|$)`, 'm'));
      // Emptied at its first start (seed 002), then filled from the manager's folder.
      await expectPulled(d, 'mgr1', node);
    }
  },
  // Seed 003: users (WSO2UM_DB) and the govregistry mounts (WSO2REG_DB) shared, the local wso2registry kept; the
  // analytics event store and processed data on MySQL without auto-commit; Hazelcast wka on the node's own address,
  // the analyzers listing each other, every other node the indexers and receivers; HA in effect (HA and Distributed
  // on), HA persistence off, eventSync on the node's own address, the presenter flag on the two presenters only;
  // two Spark masters and the DAS link.
  '003': async (d) => {
    const D = 'carbondb.mysql-wso2.com:3306';
    for (const node of Object.keys(d.homes)) {
      const s = await storesOf(d, node);
      expect({ users: s.users, usersJndi: s.usersJndi, gov: s.dbConfigs.govregistry, local: s.dbConfigs.wso2registry }, node)
        .toEqual({ users: `${D}/WSO2UM_DB`, usersJndi: 'jdbc/WSO2UM_DB', gov: 'jdbc/WSO2REG_DB', local: 'jdbc/WSO2CarbonDB' });
      expect(s.remotes.map((r) => [r.readOnly, r.database]), node).toEqual([['false', `${D}/WSO2REG_DB`]]);
      expect(s.mounts, node).toEqual({ '/_system/config': ['/_system/config', `${D}/WSO2REG_DB`], '/_system/governance': ['/_system/governance', `${D}/WSO2REG_DB`] });
      const analytics = readDatasources(await readOn(d, node, `${d.homes[node]}/repository/conf/datasources/analytics-datasources.xml`));
      for (const name of ['WSO2_ANALYTICS_EVENT_STORE_DB', 'WSO2_ANALYTICS_PROCESSED_DATA_STORE_DB']) {
        expect(analytics[name], `${node} ${name}`).toMatchObject({ url: `jdbc:mysql://${D}/${name}?autoReconnect=true`, autoCommit: 'false' });
      }
      const c = await clusteringOf(d, node);
      expect({ enabled: c.enabled, agent: c.agent, scheme: c.scheme, host: c.localMemberHost }, node).toEqual({ enabled: true, agent: hazelcast, scheme: 'wka', host: d.ips[node] });
      expect(c.members.map((m) => m.split(':')[0]), node).toEqual(node.startsWith('analyzer') ? ['analyzer1', 'analyzer2'] : ['indexer1', 'indexer2', 'receiver1', 'receiver2']);
      const ep = await readOn(d, node, `${d.homes[node]}/repository/conf/event-processor.xml`);
      expect(modeOf(ep), node).toMatchObject({ mode: 'HA', presenter: node.startsWith('presenter'), persistence: false, eventSyncHost: d.ips[node] });
      expect(childrenOf(parseXml(ep), 'mode').find((m) => m.attrs.name === 'Distributed')?.attrs.enable, node).toBe('true');
      const spark = readSparkDefaults(await readOn(d, node, `${d.homes[node]}/repository/conf/analytics/spark/spark-defaults.conf`));
      await expectDriver(d, node);
      expect([spark.get('carbon.spark.master.count'), spark.get('carbon.das.symbolic.link')], node).toEqual(['2', '/opt/wso2/das']);
    }
  },
  // Seed 004 (EI 6.4.0, files under conf/): each node's local registry on its own REGISTRY_LOCALn, config
  // (/_system/eiconfig) and governance mounted from REGISTRY_DB through dbConfig sharedregistry with the cacheId
  // regadmin@URL, users in WSO2_USER_DB (jdbc/WSO2UMDB); Hazelcast wka in wso2.ei.domain on the node's IP and 4100 with
  // the other node as well-known member; WSDLEPRPrefix, HostName and proxy ports for the LB's name on 80/443.
  // (The guide's carbon.xml says esb.wso2.com where its nginx serves ei.wso2.com: the roles use the LB's name for both.)
  '004': async (d) => {
    const conf = 'conf';
    for (const [node, other, local] of [['ei1', 'ei2', 'REGISTRY_LOCAL1'], ['ei2', 'ei1', 'REGISTRY_LOCAL2']] as const) {
      const s = await storesOf(d, node, conf);
      expect({ local: s.local, users: s.users, usersJndi: s.usersJndi, shared: s.dbConfigs.sharedregistry, wso2registry: s.dbConfigs.wso2registry }, node)
        .toEqual({ local: `${DB}/${local}`, users: `${DB}/WSO2_USER_DB`, usersJndi: 'jdbc/WSO2UMDB', shared: 'jdbc/WSO2RegistryDB', wso2registry: 'jdbc/WSO2CarbonDB' });
      expect(s.remotes.map((r) => [r.readOnly, r.database, r.cacheId]), node).toEqual([['false', `${DB}/REGISTRY_DB`, `regadmin@jdbc:mysql://${DB}/REGISTRY_DB?autoReconnect=true`]]);
      expect(s.mounts, node).toEqual({ '/_system/config': ['/_system/eiconfig', `${DB}/REGISTRY_DB`], '/_system/governance': ['/_system/governance', `${DB}/REGISTRY_DB`] });
      const axis2 = await readOn(d, node, `${d.homes[node]}/${conf}/axis2/axis2.xml`);
      const c = await clusteringOf(d, node, conf);
      expect({ enabled: c.enabled, agent: c.agent, scheme: c.scheme, domain: c.domain, host: c.localMemberHost, port: c.localMemberPort }, node)
        .toEqual({ enabled: true, agent: hazelcast, scheme: 'wka', domain: 'wso2.ei.domain', host: d.ips[node], port: '4100' });
      expect(c.members, node).toContain(`${other}:4100`);
      // Axis2 reads WSDLEPRPrefix from each transport receiver's own parameters.
      const prefix = (r: string) => childrenOf(childrenOf(parseXml(axis2), 'transportReceiver').find((t) => t.attrs.name === r), 'parameter').find((p) => p.attrs.name === 'WSDLEPRPrefix')?.text.trim();
      expect([prefix('http'), prefix('https')], node).toEqual(['http://ei.wso2.com:80', 'https://ei.wso2.com:443']);
      expect(readCarbonXml(await readOn(d, node, `${d.homes[node]}/${conf}/carbon.xml`)).hostName, node).toBe('ei.wso2.com');
      const proxies = readProxyPorts(await readOn(d, node, `${d.homes[node]}/${conf}/tomcat/catalina-server.xml`));
      expect([proxies['9763'], proxies['9443']], node).toEqual(['80', '443']);
      await expectDriver(d, node, 'lib');
      expect(await readOn(d, node, '/etc/hosts'), node).toMatch(new RegExp(`^${d.ips.db!.replaceAll('.', '\\.')}\\s+(\\S+\\s+)*carbondb\\.mysql-wso2\\.com(\\s|$)`, 'm'));
    }
  },
};

/** DAS 3.2's reading of event-processor.xml (real-files.ts reads from a path: the text goes through a temp file). */
function modeOf(xml: string) {
  const dir = makeTempDir('cp-ep-');
  writeFileSync(join(dir, 'event-processor.xml'), xml);
  return readEventProcessorMode(join(dir, 'event-processor.xml'));
}
