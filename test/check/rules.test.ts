// The cluster rules (checks/) over a cluster built from task variables: each rule's finding, and none on a sound cluster.
import { expect, test } from 'vitest';
import { createCluster } from '../../src/check/create-cluster.js';
import { loadRules, runRules } from '../../src/check/run-rules.js';

const DS = [{ name: 'UM', jndi: 'jdbc/WSO2UMDB', url: 'jdbc:mysql://db.example:3306/UM_DB?x=1' }];
const base = (): Record<string, Record<string, unknown>> => ({
  n1: { ansible_host: '10.0.0.1', carbon_datasources: DS, carbon_user_store_jndi: 'jdbc/WSO2UMDB', carbon_db_host_name: 'db.example', inventory_file: 'inv/hosts' },
  n2: { ansible_host: '10.0.0.2', carbon_datasources: DS, carbon_user_store_jndi: 'jdbc/WSO2UMDB', carbon_db_host_name: 'db.example', carbon_port_offset: 1, carbon_local_member_port: 4001 },
  db: { ansible_host: '10.0.0.9' },
});

async function findings(change: (h: ReturnType<typeof base>) => void): Promise<string[]> {
  const hostvars = base();
  change(hostvars);
  const vars = { groups: { all: Object.keys(hostvars), carbon: ['n1', 'n2'], dbservers: ['db'] }, hostvars };
  return (await runRules(await loadRules(new URL('../../checks/index.ts', import.meta.url).pathname), createCluster(vars))).map((f) => f.message);
}

test('a sound cluster has no findings', async () => {
  expect(await findings(() => {})).toEqual([]);
});

test.each<[string, (h: ReturnType<typeof base>) => void, string]>([
  ['same machine, same offset', (h) => Object.assign(h.n2, { ansible_host: '10.0.0.1', carbon_port_offset: 0 }), 'hosts n1 (inv/hosts) and n2 (the inventory) share machine 10.0.0.1 with the same carbon_port_offset 0'],
  ['two -Dsetup nodes (INI "True" and yes)', (h) => Object.assign(h.n1, { carbon_setup_node: 'True' }, {}) && Object.assign(h.n2, { carbon_setup_node: 'yes' }), 'both have carbon_setup_node=true for the user-store database UM_DB on db.example'],
  ['an INI "false" is not a -Dsetup node', (h) => Object.assign(h.n1, { carbon_setup_node: true }) && Object.assign(h.n2, { carbon_setup_node: 'false' }), ''],
  ['a WKA member without an IP', (h) => delete h.n2.ansible_host, 'WKA member n2 of host n1 (inv/hosts) has no IP (ansible_host)'],
  ['an unknown WKA group', (h) => (h.n1.carbon_wka_group = 'nodes'), 'host n1 (inv/hosts): carbon_wka_group nodes is not a group of the inventory'],
  ['an unknown cluster group', (h) => (h.n1.carbon_cluster_group = 'everyone'), 'host n1 (inv/hosts): carbon_cluster_group everyone is not a group of the inventory'],
  ['a cluster group without the host', (h) => (h.n1.carbon_cluster_group = 'dbservers'), 'host n1 (inv/hosts): carbon_cluster_group dbservers does not hold the host'],
  ['a cluster group holding the host', (h) => (h.n1.carbon_cluster_group = 'carbon'), ''],
  ['a JNDI name nobody defines', (h) => (h.n1.carbon_registry_shared_jndi = 'jdbc/Nope'), 'host n1 (inv/hosts): JNDI name jdbc/Nope is referenced'],
  ['a JDBC host nothing maps', (h) => (h.n1.carbon_datasources = [{ ...DS[0], url: 'jdbc:mysql://other.example/UM_DB' }]), 'JDBC host other.example (datasource UM) has no /etc/hosts entry or IP'],
  ['a driver jar missing', (h) => (h.n1.jdbc_driver_src = '/nonexistent/driver.jar'), 'host n1 (inv/hosts): the driver jar /nonexistent/driver.jar (jdbc_driver_src) does not exist on the control node'],
])('%s', async (_name, change, message) => {
  const found = await findings(change);
  if (message === '') expect(found).toEqual([]);
  else expect(found.join('\n')).toContain(message);
});
