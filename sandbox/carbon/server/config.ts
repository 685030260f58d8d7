// Reads the config files Carbon reads at startup into plain values; reference checks live in check-refs.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeploymentSynchronizer, type DepSyncFinding } from './depsync.js';
import { FatalError } from './log.js';
import type { Layout } from './layout.js';
import { loadSecretStore, type SecretStore } from './secure-vault.js';
import { checkPrefixes, resolveAxis2Aliases, resolveCatalinaAliases, resolveDataSourceAliases, resolveRealmAliases, resolveServerConfigAliases } from './secure-vault-xml.js';
import { readPrimaryKeyStore, readTransports, type KeyStoreRef, type Transport } from './transports.js';
import { childAt, childrenOf, readXmlFile, textAt, type XmlElement } from './xml.js';

export interface DataSource { name: string; jndi?: string; url: string; user: string; password: string; driver: string; file: string }
export interface RemoteInstance { id: string; dbConfig: string; readOnly: boolean }
export interface Mount { path: string; instanceId: string; targetPath: string }
export interface RegistryConfig { current: string; dbConfigs: Map<string, string>; remotes: RemoteInstance[]; mounts: Mount[]; readOnly: boolean }
export interface Member { host: string; port: number }
export interface Clustering {
  enabled: boolean; scheme: string; domain: string; subDomain?: string;
  localHost: string; localPort: number; members: Member[];
}
export interface CarbonConfig {
  hostName?: string; mgtHostName?: string; offset: number; httpPort: number; httpsPort: number; proxyPorts: number[];
  dataSources: DataSource[]; registry: RegistryConfig; userDataSource?: string; clustering: Clustering;
  primaryKeyStore?: KeyStoreRef; transports: Transport[];
  /** What the deployment synchronizer would log at start (carbon.xml DeploymentSynchronizer). */
  depSync: DepSyncFinding[];
}

function readConf(layout: Layout, rel: string, required = true): XmlElement | undefined {
  const path = join(layout.conf, rel);
  if (!existsSync(path)) {
    if (required) throw new FatalError('CarbonServerManager', `Configuration file not found: ${path}`);
    return undefined;
  }
  try { return readXmlFile(path); } catch (e) { throw new FatalError('CarbonServerManager', `Cannot parse ${path}: ${(e as Error).message}`); }
}

export function readDataSources(root: XmlElement | undefined, file: string): DataSource[] {
  const out: DataSource[] = [];
  for (const ds of childrenOf(childAt(root, 'datasources'), 'datasource')) {
    const def = childAt(ds, 'definition');
    if (!def || def.attrs.type !== 'RDBMS') continue;
    const conf = childAt(def, 'configuration');
    out.push({
      name: textAt(ds, 'name') ?? '', jndi: textAt(ds, 'jndiConfig', 'name'), url: textAt(conf, 'url') ?? '',
      user: textAt(conf, 'username') ?? '', password: textAt(conf, 'password') ?? '', driver: textAt(conf, 'driverClassName') ?? '', file,
    });
  }
  return out;
}

function readRegistry(root: XmlElement | undefined): RegistryConfig {
  const dbConfigs = new Map<string, string>();
  for (const c of childrenOf(root, 'dbConfig')) dbConfigs.set(c.attrs.name ?? '', textAt(c, 'dataSource') ?? '');
  return {
    current: textAt(root, 'currentDBConfig') ?? '',
    dbConfigs,
    remotes: childrenOf(root, 'remoteInstance').map((r) => ({ id: textAt(r, 'id') ?? '', dbConfig: textAt(r, 'dbConfig') ?? '', readOnly: textAt(r, 'readOnly') === 'true' })),
    mounts: childrenOf(root, 'mount').map((m) => ({ path: m.attrs.path ?? '', instanceId: textAt(m, 'instanceId') ?? '', targetPath: textAt(m, 'targetPath') ?? '' })),
    readOnly: textAt(root, 'readOnly') === 'true',
  };
}

function readClustering(root: XmlElement | undefined): Clustering {
  const c = childAt(root, 'clustering');
  const params = new Map(childrenOf(c, 'parameter').map((p) => [p.attrs.name ?? '', p.text.trim()]));
  // Member properties live in <parameter name="properties">, where HazelcastClusteringAgent reads them.
  const propsParam = childrenOf(c, 'parameter').find((p) => p.attrs.name === 'properties');
  const props = new Map(childrenOf(propsParam, 'property').map((p) => [p.attrs.name ?? '', p.attrs.value ?? '']));
  const members = childrenOf(childAt(c, 'members'), 'member').map((m) => ({ host: textAt(m, 'hostName') ?? '', port: Number(textAt(m, 'port')) }));
  return {
    enabled: c?.attrs.enable === 'true', scheme: params.get('membershipScheme') ?? 'multicast', domain: params.get('domain') ?? 'wso2.carbon.domain',
    subDomain: props.get('subDomain') || undefined, localHost: params.get('localMemberHost') ?? '127.0.0.1',
    localPort: Number(params.get('localMemberPort') ?? '4000'), members,
  };
}

function readCatalinaPorts(root: XmlElement | undefined): { http: number; https: number; proxy: number[] } {
  const connectors = childrenOf(childAt(root, 'Service'), 'Connector');
  const find = (scheme: string) => connectors.find((c) => (c.attrs.scheme ?? (c.attrs.secure === 'true' ? 'https' : 'http')) === scheme);
  const http = find('http'); const https = find('https');
  return {
    http: Number(http?.attrs.port ?? 9763), https: Number(https?.attrs.port ?? 9443),
    proxy: connectors.map((c) => Number(c.attrs.proxyPort)).filter((n) => n > 0),
  };
}

/**
 * A system datasource file as DataSourceManager.initSystemDataSource reads it: a namespace-aware parse (an unbound
 * prefix fails it), then DataSourceUtils.secureResolveDocument with Secure Vault before JAXB reads the definitions.
 */
function readDataSourceFile(layout: Layout, rel: string, store: SecretStore): DataSource[] {
  const root = readConf(layout, rel);
  if (root) {
    checkPrefixes(root, join(layout.conf, rel));
    resolveDataSourceAliases(root, store);
  }
  return readDataSources(root, rel);
}

/** -DportOffset wins over carbon.xml Ports/Offset (CarbonUtils.getPortFromServerConfig); `props` are the -D options. */
export function loadCarbonConfig(layout: Layout, portOffset: number | undefined, das: boolean, props: Record<string, string> = {}): CarbonConfig {
  // ServerConfiguration.init runs SecretManagerInitializer first: every file below resolves its aliases through it.
  const store = loadSecretStore(layout.home, layout.conf, props);
  const carbon = readConf(layout, 'carbon.xml');
  if (carbon) resolveServerConfigAliases(carbon, store);
  const offsetText = textAt(carbon, 'Ports', 'Offset') ?? '0';
  if (!/^\d+$/.test(offsetText)) throw new FatalError('CarbonServerManager', `Ports/Offset in carbon.xml must be a number, got '${offsetText}'`);
  const offset = portOffset ?? Number(offsetText);
  const catalina = readConf(layout, 'tomcat/catalina-server.xml', false);
  if (catalina) resolveCatalinaAliases(catalina, store);
  const axis2 = readConf(layout, 'axis2/axis2.xml');
  if (axis2) resolveAxis2Aliases(axis2, store);
  const cat = readCatalinaPorts(catalina);
  const dsFiles = ['datasources/master-datasources.xml', ...(das ? ['datasources/analytics-datasources.xml'] : [])];
  const dataSources = dsFiles.flatMap((f) => readDataSourceFile(layout, f, store));
  const userMgt = readConf(layout, 'user-mgt.xml');
  if (userMgt) resolveRealmAliases(userMgt, store);
  const realmProps = childrenOf(childAt(userMgt, 'Realm', 'Configuration'), 'Property');
  return {
    hostName: textAt(carbon, 'HostName'), mgtHostName: textAt(carbon, 'MgtHostName'), offset,
    httpPort: cat.http + offset, httpsPort: cat.https + offset, proxyPorts: cat.proxy,
    dataSources, registry: readRegistry(readConf(layout, 'registry.xml')),
    userDataSource: realmProps.find((p) => p.attrs.name === 'dataSource')?.text.trim(),
    clustering: readClustering(axis2),
    primaryKeyStore: readPrimaryKeyStore(carbon, layout.home, props),
    transports: readTransports(catalina, axis2, offset, layout.home, props),
    depSync: checkDeploymentSynchronizer(carbon),
  };
}
