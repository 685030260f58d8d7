// The e2e guide checks' readers (test/e2e/carbon-files.ts) on WSO2's real stock files: they find what Carbon ships,
// so a deployed file that lacks a setting fails the checks instead of passing them unread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCarbonXml, readClustering, readDatasources, readProxyPorts, readRegistry, readUserStore } from '../e2e/carbon-files.js';
import { FIXTURES, hasFixtures } from './real-files.js';

const real = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const H2 = 'jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000';

describe.skipIf(!hasFixtures)('e2e readers on the stock files', () => {
  it.each([
    { what: 'AS axis2.xml clustering (off, multicast, the stock subDomain worker)', got: () => readClustering(real('as-5.3.0/repository/conf/axis2/axis2.xml')),
      want: { enabled: false, agent: 'org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent', scheme: 'multicast', domain: 'wso2.carbon.domain', localMemberHost: '127.0.0.1', localMemberPort: '4000', members: ['127.0.0.1:4000'], subDomain: 'worker' } },
    { what: 'EI axis2.xml clustering (wka, port 4100, no subDomain)', got: () => readClustering(real('ei-6.4.0/conf/axis2/axis2.xml')),
      want: { enabled: false, agent: 'org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent', scheme: 'wka', domain: 'wso2.carbon.domain', localMemberHost: '127.0.0.1', localMemberPort: '4100', members: ['127.0.0.1:4000'], subDomain: undefined } },
    { what: 'G-Reg registry.xml (the local dbConfig, no remote, no mount)', got: () => readRegistry(real('greg-5.4.0/repository/conf/registry.xml')),
      want: { current: 'wso2registry', dbConfigs: { wso2registry: 'jdbc/WSO2CarbonDB' }, remotes: [], mounts: {} } },
    { what: 'AS user-mgt.xml', got: () => readUserStore(real('as-5.3.0/repository/conf/user-mgt.xml')), want: { dataSource: 'jdbc/WSO2CarbonDB', readOnly: 'false' } },
    { what: 'DAS master-datasources.xml (H2)', got: () => readDatasources(real('das-3.2.0/repository/conf/datasources/master-datasources.xml')),
      want: { WSO2_CARBON_DB: { jndi: 'jdbc/WSO2CarbonDB', url: H2, driver: 'org.h2.Driver', autoCommit: 'false' } } },
    { what: 'DAS analytics-datasources.xml (no JNDI names)', got: () => Object.keys(readDatasources(real('das-3.2.0/repository/conf/datasources/analytics-datasources.xml'))),
      want: ['WSO2_ANALYTICS_EVENT_STORE_DB', 'WSO2_ANALYTICS_PROCESSED_DATA_STORE_DB'] },
    { what: 'G-Reg catalina-server.xml (both connectors, no proxyPort)', got: () => Object.entries(readProxyPorts(real('greg-5.4.0/repository/conf/tomcat/catalina-server.xml'))),
      want: [['9443', undefined], ['9763', undefined]] },
    { what: 'AS carbon.xml (no HostName set, offset 0)', got: () => readCarbonXml(real('as-5.3.0/repository/conf/carbon.xml')), want: { hostName: undefined, mgtHostName: undefined, offset: '0' } },
  ])('$what', ({ got, want }) => {
    expect(got()).toEqual(want);
  });
});
