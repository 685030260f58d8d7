// Readers for a deployed node's config files that walk the elements Carbon 4.4's own readers walk (not the roles' variables).
import { childAt, childrenOf, parseXml, textAt, type XmlElement } from '../../sandbox/carbon/server/xml.js';

const named = (el: XmlElement | undefined, tag: string, name: string) => childrenOf(el, tag).find((c) => c.attrs.name === name);

export interface DataSourceSeen { jndi?: string; url?: string; driver?: string; autoCommit?: string }

/** master-datasources.xml / analytics-datasources.xml as ndatasource reads them: datasources/datasource, by name. */
export function readDatasources(xml: string): Record<string, DataSourceSeen> {
  const all = childrenOf(childAt(parseXml(xml), 'datasources'), 'datasource');
  return Object.fromEntries(all.map((d) => {
    const conf = childAt(d, 'definition', 'configuration');
    const seen: DataSourceSeen = { jndi: textAt(d, 'jndiConfig', 'name'), url: textAt(conf, 'url'), driver: textAt(conf, 'driverClassName') };
    if (textAt(conf, 'defaultAutoCommit') !== undefined) seen.autoCommit = textAt(conf, 'defaultAutoCommit');
    return [textAt(d, 'name') ?? '', seen];
  }));
}

/** user-mgt.xml as the realm reads it: the realm's dataSource and the JDBC user store's ReadOnly. */
export function readUserStore(xml: string): { dataSource?: string; readOnly?: string } {
  const realm = childAt(parseXml(xml), 'Realm');
  const jdbc = childrenOf(realm, 'UserStoreManager').find((u) => u.attrs.class === 'org.wso2.carbon.user.core.jdbc.JDBCUserStoreManager');
  return { dataSource: named(childAt(realm, 'Configuration'), 'Property', 'dataSource')?.text.trim(), readOnly: named(jdbc, 'Property', 'ReadOnly')?.text.trim() };
}

export interface RegistrySeen {
  current?: string;
  /** dbConfig name -> its dataSource. */
  dbConfigs: Record<string, string | undefined>;
  remotes: { url?: string; id?: string; dbConfig?: string; readOnly?: string; cacheId?: string }[];
  /** mount path -> [instanceId, targetPath]. */
  mounts: Record<string, [string | undefined, string | undefined]>;
}

/** registry.xml as RegistryConfigurationProcessor reads it. */
export function readRegistry(xml: string): RegistrySeen {
  const root = parseXml(xml);
  return {
    current: textAt(root, 'currentDBConfig'),
    dbConfigs: Object.fromEntries(childrenOf(root, 'dbConfig').map((d) => [d.attrs.name ?? '', textAt(d, 'dataSource')])),
    remotes: childrenOf(root, 'remoteInstance').map((r) => ({ url: r.attrs.url, id: textAt(r, 'id'), dbConfig: textAt(r, 'dbConfig'), readOnly: textAt(r, 'readOnly'), cacheId: textAt(r, 'cacheId') })),
    mounts: Object.fromEntries(childrenOf(root, 'mount').map((m) => [m.attrs.path ?? '', [textAt(m, 'instanceId'), textAt(m, 'targetPath')]])),
  };
}

export interface ClusteringSeen { enabled: boolean; agent?: string; scheme?: string; domain?: string; localMemberHost?: string; localMemberPort?: string; members: string[]; subDomain?: string }

/** axis2.xml's <clustering> as Carbon's HazelcastClusteringAgent reads it (parameters by name; members as host:port). */
export function readClustering(xml: string): ClusteringSeen {
  const c = childAt(parseXml(xml), 'clustering');
  const param = (name: string) => named(c, 'parameter', name)?.text.trim();
  return {
    enabled: (c?.attrs.enable ?? '').toLowerCase() === 'true',
    agent: c?.attrs.class,
    scheme: param('membershipScheme'),
    domain: param('domain'),
    localMemberHost: param('localMemberHost'),
    localMemberPort: param('localMemberPort'),
    members: childrenOf(childAt(c, 'members'), 'member').map((m) => `${textAt(m, 'hostName')}:${textAt(m, 'port')}`),
    subDomain: named(named(c, 'parameter', 'properties'), 'property', 'subDomain')?.attrs.value,
  };
}

/** carbon.xml's host names and port offset (ServerConfiguration's keys HostName, MgtHostName, Ports.Offset). */
export function readCarbonXml(xml: string): { hostName?: string; mgtHostName?: string; offset?: string } {
  const root = parseXml(xml);
  return { hostName: textAt(root, 'HostName'), mgtHostName: textAt(root, 'MgtHostName'), offset: textAt(root, 'Ports', 'Offset') };
}

/** catalina-server.xml: each Connector's port -> its proxyPort (undefined when none). */
export function readProxyPorts(xml: string): Record<string, string | undefined> {
  return Object.fromEntries(childrenOf(childAt(parseXml(xml), 'Service'), 'Connector').map((c) => [c.attrs.port ?? '', c.attrs.proxyPort]));
}
