// Roles on the real AS 5.3.0 / G-Reg 5.4.0 files, read back as Carbon reads them: axis2.xml's subDomain, master-datasources.xml, registry.xml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataSources } from '../../sandbox/carbon/server/config.js';
import { childAt, childrenOf, readXmlFile, textAt } from '../../sandbox/carbon/server/xml.js';
import { changedCounts, createPlayDir, runPlay } from './helpers.js';
import { copyProductFiles, hasFixtures } from './real-files.js';

const AXIS2 = 'repository/conf/axis2/axis2.xml';
const DATASOURCES = 'repository/conf/datasources/master-datasources.xml';
const REGISTRY = 'repository/conf/registry.xml';
const INVENTORY = '[carbon]\nlocalhost ansible_connection=local ansible_host=10.9.0.7\n';

function site(home: string, role: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'all', vars: { carbon_home: home, ...vars }, roles: [role],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

/** Every <property> under <clustering>'s <parameter name="properties">, where Carbon's clustering agent reads them. */
function clusteringProperties(home: string): Record<string, string> {
  const clustering = childAt(readXmlFile(join(home, AXIS2)), 'clustering');
  const params = childrenOf(clustering, 'parameter').filter((p) => p.attrs.name === 'properties');
  expect(params).toHaveLength(1);
  return Object.fromEntries(childrenOf(params[0], 'property').map((p) => [p.attrs.name ?? '', p.attrs.value ?? '']));
}

describe.skipIf(!hasFixtures)('roles on real Carbon files', () => {
  it.each([
    { what: 'the manager: subDomain mgt replaces the stock worker', sub: 'mgt', want: 'mgt' },
    { what: 'a worker keeps subDomain worker', sub: 'worker', want: 'worker' },
    { what: 'no subDomain: the stock property goes', sub: '', want: undefined },
  ])('clustering: $what', async (c) => {
    const dir = createPlayDir();
    const home = join(dir, 'as');
    copyProductFiles('as-5.3.0', [AXIS2], home);
    const vars = { carbon_sub_domain: c.sub, carbon_cluster_domain: 'wso2.as.domain' };
    const run = await runPlay(dir, site(home, 'clustering', vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const props = clusteringProperties(home);
    expect(props.subDomain).toBe(c.want);
    // The other member properties stay.
    expect(props.backendServerURL).toBe('https://${hostName}:${httpsPort}/services/');
    // Nothing invented where Carbon does not look.
    expect(childAt(readXmlFile(join(home, AXIS2)), 'clustering', 'properties')).toBeUndefined();
    const again = await runPlay(dir, site(home, 'clustering', vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  const SECRET = 'p&ss<w"rd>\'x';
  const datasources = [
    { name: 'WSO2_USER_DB', jndi: 'jdbc/WSO2UMDB', database: 'WSO2_USER_DB', password: SECRET },
    { name: 'REGISTRY_DB', jndi: 'jdbc/WSO2RegistryDB', url: 'jdbc:mysql://db:3306/REGISTRY_DB?autoReconnect=true&relaxAutoCommit=true' },
  ];

  it('datasources: every value read back exactly (a password with & < " >), the H2 one gone, no part of the password shown', async () => {
    const dir = createPlayDir();
    const home = join(dir, 'as');
    copyProductFiles('as-5.3.0', [DATASOURCES], home);
    const vars = { carbon_datasources: datasources, carbon_db_host_name: 'carbondb.example' };
    const run = await runPlay(dir, site(home, 'datasources', vars), INVENTORY, ['--diff', '-vvv']);
    expect(run.code, run.out + run.err).toBe(0);
    const read = readDataSources(readXmlFile(join(home, DATASOURCES)), DATASOURCES);
    expect(read.map((d) => d.name)).toEqual(['WSO2_USER_DB', 'REGISTRY_DB']);
    expect(read[0]).toMatchObject({ jndi: 'jdbc/WSO2UMDB', url: 'jdbc:mysql://carbondb.example:3306/WSO2_USER_DB?autoReconnect=true', user: 'regadmin', password: SECRET });
    expect(read[1]).toMatchObject({ jndi: 'jdbc/WSO2RegistryDB', url: datasources[1]!.url });
    for (const part of ['p&ss', 'p&amp;ss', 'w"rd', 'w\\"rd', '&lt;w', "rd>'x", 'rd&gt;&apos;x']) expect(run.out + run.err, part).not.toContain(part);
    const again = await runPlay(dir, site(home, 'datasources', vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  it('datasources: one bad entry leaves the file as it was (the H2 datasource not removed), and the error shows no password', async () => {
    const dir = createPlayDir();
    const home = join(dir, 'as');
    copyProductFiles('as-5.3.0', [DATASOURCES], home);
    const before = readFileSync(join(home, DATASOURCES));
    // A name the XPath cannot hold: its edit fails after the good ones were planned.
    const vars = { carbon_datasources: [...datasources, { name: "bad'name", jndi: 'jdbc/x', database: 'x', password: SECRET }] };
    const run = await runPlay(dir, site(home, 'datasources', vars), INVENTORY);
    expect(run.code).toBe(2);
    expect(readFileSync(join(home, DATASOURCES)).equals(before)).toBe(true);
    for (const part of ['p&ss', 'p&amp;ss', 'w"rd', 'w\\"rd']) expect(run.out + run.err, part).not.toContain(part);
  });

  it('registry_mounts: the remoteInstance names the registry host given, read back as Carbon reads registry.xml', async () => {
    const dir = createPlayDir();
    const home = join(dir, 'as');
    copyProductFiles('as-5.3.0', [REGISTRY], home);
    const vars = { carbon_registry_shared_jndi: 'jdbc/WSO2RegistryDB', carbon_registry_db_config: 'govregistry', carbon_registry_remote_url: 'https://10.9.0.5:9443/registry', carbon_registry_read_only: true };
    const run = await runPlay(dir, site(home, 'registry_mounts', vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const root = readXmlFile(join(home, REGISTRY));
    const remotes = childrenOf(root, 'remoteInstance');
    expect(remotes.map((r) => [r.attrs.url, textAt(r, 'id'), textAt(r, 'dbConfig'), textAt(r, 'readOnly')])).toEqual([['https://10.9.0.5:9443/registry', 'instanceid', 'govregistry', 'true']]);
    expect(childrenOf(root, 'dbConfig').map((c) => c.attrs.name)).toEqual(['wso2registry', 'govregistry']);
    const again = await runPlay(dir, site(home, 'registry_mounts', vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });
});
