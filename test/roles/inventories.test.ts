// The example inventories of seeds 000-003 load, carry each guide's values, and pass `carbon-play check`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { ROOT } from './helpers.js';
import { shippedVaultArgs, useShippedVault } from '../helpers/shipped-vault.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// The inventories keep their passwords in vault files: the demo password opens them.
// Before each test: a CLI run in a test leaves its own keyring behind.
beforeEach(useShippedVault);

interface Case {
  inventory: string;
  groups: Record<string, string[]>;
  /** host → variables it must have (raw, as the inventory writes them). */
  vars: Record<string, Record<string, unknown>>;
  /** hosts started with -Dsetup */
  setup: string[];
}

const cases: Case[] = [
  {
    inventory: 'as-greg',
    groups: { carbon: ['greg1', 'as1', 'as2'], as: ['as1', 'as2'], greg: ['greg1'], dbservers: ['db'] },
    vars: {
      // Seed 000's database names; the slave's local registry gets its schema from the databases role.
      // Every database gets the kernel schema before any node starts (the guides' bootstrap; -Dsetup then creates nothing).
      db: { carbon_databases: ['amagregdb', 'amausermgtdb', 'amamaster', 'amaslave1'].map((name) => ({ name, schemas: ['dbscripts/mysql.sql'] })) },
      as1: { carbon_local_registry_db: 'amamaster', carbon_registry_config_target: '/_system/asConfig', depsync_enabled: true, depsync_source_group: 'as', carbon_wka_group: 'as', carbon_user_store_jndi: 'jdbc/WSO2UMDB' },
      as2: { carbon_local_registry_db: 'amaslave1', carbon_registry_read_only: true, carbon_user_store_read_only: true, carbon_registry_config_target: '/_system/asConfig', depsync_target_group: 'as', carbon_registry_remote_url: "https://{{ hostvars[groups['greg'] | first]['ansible_host'] }}:{{ 9443 + hostvars[groups['greg'] | first]['carbon_port_offset'] | default(0) }}/registry" },
      greg1: { carbon_wka_group: 'greg', carbon_user_store_jndi: 'jdbc/WSO2CarbonDB' },
    },
    // G-Reg creates amagregdb's tables, the AS master amausermgtdb's and its own local registry's: -Dsetup on
    // two nodes, each on its own user-store database, never on the slave.
    setup: ['greg1', 'as1'],
  },
  {
    inventory: 'greg-cluster',
    groups: { carbon: ['greg1', 'greg2', 'greg3'], dbservers: ['db'], lb: ['lb'] },
    vars: {
      db: { carbon_databases: [{ name: 'governancedb', schemas: ['dbscripts/mysql.sql'] }, { name: 'wso2apim', schemas: ['dbscripts/apimgt/mysql.sql'] }] },
      greg1: { carbon_local_member_port: 4250, carbon_cluster_domain: 'wso2.governance.domain', carbon_lb_http_port: 8280, carbon_lb_https_port: 8243 },
      greg2: { carbon_local_member_port: 4251, carbon_user_store_jndi: 'jdbc/WSO2CarbonDB_mount' },
      greg3: { carbon_local_member_port: 4252, carbon_registry_db_config: 'wso2registry_mount' },
    },
    setup: ['greg1'],
  },
  {
    inventory: 'as-workers',
    groups: { carbon: ['mgr1', 'worker1', 'worker2'], managers: ['mgr1'], workers: ['worker1', 'worker2'], lb: ['lb'] },
    vars: {
      mgr1: { carbon_wka_group: 'managers', carbon_sub_domain: 'mgt', carbon_local_member_port: 4000 },
      worker1: { carbon_sub_domain: 'worker', carbon_worker_node: true, carbon_registry_read_only: true, carbon_wka_group: 'managers' },
      worker2: { carbon_sub_domain: 'worker', carbon_worker_node: true, carbon_registry_read_only: true },
    },
    setup: ['mgr1'],
  },
  {
    inventory: 'das-ha',
    groups: {
      carbon: ['receiver1', 'receiver2', 'indexer1', 'indexer2', 'analyzer1', 'analyzer2', 'presenter1', 'presenter2'],
      // Seed 003's WKA list: indexers and receivers; the presenters join through them.
      das_members: ['receiver1', 'receiver2', 'indexer1', 'indexer2'],
      das_cluster: ['receiver1', 'receiver2', 'indexer1', 'indexer2', 'presenter1', 'presenter2'],
      analyzers: ['analyzer1', 'analyzer2'],
    },
    vars: {
      db: { carbon_databases: [{ name: 'WSO2UM_DB', schemas: ['dbscripts/mysql.sql'] }, { name: 'WSO2REG_DB', schemas: ['dbscripts/mysql.sql'] }, 'WSO2_ANALYTICS_EVENT_STORE_DB', 'WSO2_ANALYTICS_PROCESSED_DATA_STORE_DB'] },
      // Seed 003: HA and Distributed on every node, HA persistence off, the presenter flag on the two presenters.
      receiver1: { das_ha: true, das_distributed: true, das_ha_persistence: false, carbon_wka_group: 'das_members' },
      analyzer2: { das_ha: true, das_distributed: true, carbon_wka_group: 'analyzers', das_spark_master_count: 2 },
      presenter1: { das_ha: true, das_distributed: true, das_presenter: true, carbon_wka_group: 'das_members', carbon_cluster_group: 'das_cluster' },
      presenter2: { das_presenter: true },
      indexer1: { das_ha: true, das_distributed: true, das_carbon_home_link: '/opt/wso2/das' },
    },
    setup: ['receiver1'],
  },
];

describe('example inventories', () => {
  it.each(cases)('$inventory loads with the guide\'s groups and values', async (c) => {
    const inv = await loadInventory([join(ROOT, 'inventory', c.inventory)]);
    const groups = inv.groupsMap();
    for (const [g, hosts] of Object.entries(c.groups)) expect(groups[g], g).toEqual(hosts);
    for (const [host, vars] of Object.entries(c.vars)) expect(inv.hostVars(host), host).toMatchObject(vars);
    // An INI value stays a string, as in Ansible ('true'); both spellings count.
    const setup = (groups.carbon ?? []).filter((h) => String(inv.hostVars(h).carbon_setup_node) === 'true');
    expect(setup).toEqual(c.setup);
  });

  it.each(cases)('$inventory passes `carbon-play check` once every host has an address', async (c) => {
    const inv = await loadInventory([join(ROOT, 'inventory', c.inventory)]);
    const dir = makeTempDir('cp-inv-');
    const names = [...inv.hosts.keys()];
    writeFileSync(join(dir, 'hosts'), names.map((h, i) => `${h} ansible_host=10.9.1.${i + 2}`).join('\n') + '\n');
    let out = '';
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
    const code = await runCli(['check', '-i', join(ROOT, 'inventory', c.inventory), '-i', join(dir, 'hosts'), ...shippedVaultArgs()], io);
    expect(code, out).toBe(0);
  });
});
