// loadInventory on INI and YAML fixtures gives exactly the `ansible-inventory --list` JSON Ansible documents.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { buildInventoryList, renderInventoryGraph, renderInventoryList } from '../../src/inventory/render-inventory.js';

const fixtures = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));

// all: carbon_version/tier from group_vars/all.yml, which outranks [app:vars] (inventory-file group vars
// come before every group_vars/ file in Ansible's VARIABLE_PRECEDENCE); web's tier from group_vars/web.json.
const appVars = { carbon_version: '4.4.0', db_host: 'db.example', domain: 'wso2.example', http_port: 9763, members: [4250, 4251] };
const webVars = { ...appVars, heap: 1.5, strict: false, tier: 'web-from-json' };
const iniDirList = {
  _meta: {
    hostvars: {
      lb: { ansible_host: '10.0.0.5', carbon_version: '4.4.0', tier: 'all' },
      web01: { ...webVars, port_offset: 10 },
      web02: { ...webVars, port_offset: 1 },
      web03: { ...webVars, port_offset: 1 },
      web04: {
        ...appVars,
        ansible_port: 2222,
        ansible_ssh_common_args: '-o UserKnownHostsFile=/abs/known_hosts',
        note: 'two words',
        strict: false,
        tier: 'web-from-json',
      },
      dba: { ...appVars, tier: 'all' },
      dbb: { ...appVars, tier: 'all' },
      node0: { ...appVars, enabled: true, tier: 'all' },
      node2: { ...appVars, enabled: true, tier: 'all' },
      node4: { ...appVars, enabled: true, tier: 'all' },
    },
  },
  all: { children: ['ungrouped', 'app'] },
  app: { children: ['web', 'db'] },
  db: { hosts: ['dba', 'dbb', 'node0', 'node2', 'node4'] },
  ungrouped: { hosts: ['lb'] },
  web: { hosts: ['web01', 'web02', 'web03', 'web04'] },
};

const yamlList = {
  _meta: {
    hostvars: {
      bastion: { ansible_connection: 'local', ntp: 'pool.example' },
      greg1: { domain: 'wso2.governance.domain', local_member_port: 4250, ntp: 'pool.example' },
      greg2: { domain: 'wso2.governance.domain', local_member_port: 4250, ntp: 'pool.example' },
      greg3: { domain: 'wso2.governance.domain', local_member_port: 4250, ntp: 'pool.example' },
      'asm.example': { ansible_port: 2200, domain: 'wso2.as.domain', ntp: 'pool.example' },
      aswa: { domain: 'wso2.as.worker', ntp: 'pool.example', worker: true },
      aswb: { domain: 'wso2.as.worker', ntp: 'pool.example', worker: true },
    },
  },
  all: { children: ['ungrouped', 'greg', 'as'] },
  as: { children: ['as_manager', 'as_worker'] },
  as_manager: { hosts: ['asm.example'] },
  as_worker: { hosts: ['aswa', 'aswb'] },
  greg: { hosts: ['greg1', 'greg2', 'greg3'] },
  ungrouped: { hosts: ['bastion'] },
};

const multiList = {
  _meta: {
    hostvars: {
      node1: {
        ansible_host: '10.200.0.11',
        ansible_ssh_common_args: '-o UserKnownHostsFile=/abs/known_hosts',
        ansible_ssh_private_key_file: '/abs/key',
        ansible_user: 'root',
        port_offset: 0,
      },
      node2: { ansible_host: '10.200.0.12', ansible_user: 'root', port_offset: 2 },
    },
  },
  all: { children: ['ungrouped', 'cluster'] },
  cluster: { hosts: ['node1', 'node2'] },
};

describe('loadInventory --list', () => {
  it.each([
    ['INI directory with group_vars/host_vars, ignoring .ini and .bak files', ['ini-dir'], iniDirList],
    ['YAML file with nested children and group_vars', ['yaml/hosts.yml'], yamlList],
    ['two sources, the second adding connection vars', ['multi/base', 'multi/sandbox'], multiList],
  ])('%s', async (_name, sources, expected) => {
    const inv = await loadInventory(sources, { cwd: fixtures });
    expect(buildInventoryList(inv)).toEqual(expected);
  });

  it('prints sorted keys with four-space indents, as json.dumps(sort_keys=True, indent=4)', async () => {
    const inv = await loadInventory(['multi/base', 'multi/sandbox'], { cwd: fixtures });
    const text = renderInventoryList(inv);
    expect(text.split('\n').slice(0, 4)).toEqual(['{', '    "_meta": {', '        "hostvars": {', '            "node1": {']);
    expect(text.indexOf('"all"')).toBeLessThan(text.indexOf('"cluster"'));
    expect(text.endsWith('}')).toBe(true);
  });

  it('keeps empty groups out of --list but lists them under all.children and in --graph', async () => {
    const inv = await loadInventory(['with-empty.ini'], { cwd: fixtures });
    const list = buildInventoryList(inv);
    expect(list.all).toEqual({ children: ['ungrouped', 'web', 'spare'] });
    expect(list).not.toHaveProperty('spare');
    expect(list).not.toHaveProperty('ungrouped');
    expect(renderInventoryGraph(inv)).toBe(['@all:', '  |--@ungrouped:', '  |--@web:', '  |  |--w1', '  |--@spare:'].join('\n'));
  });

  it('records every file read, vars files included', async () => {
    const inv = await loadInventory(['ini-dir'], { cwd: fixtures });
    const names = inv.sources.map((s) => s.slice(fixtures.length));
    expect(names).toContain('ini-dir/hosts');
    expect(names).toContain('ini-dir/group_vars/app/20-ports.yaml');
    expect(names).not.toContain('ini-dir/extra.ini');
  });
});

describe('Inventory vars and groups', () => {
  it('merges all < parent < child < host, same-depth groups alphabetically', async () => {
    const inv = await loadInventory(['precedence.yml'], { cwd: fixtures });
    // h1 is in zeta and alpha (both depth 1): zeta wins by name; child (depth 2) beats both; host beats all
    expect(inv.hostVars('h1')).toEqual({ a: 'all', p: 'zeta', c: 'child', h: 'host' });
    expect(inv.hostVars('h2')).toEqual({ a: 'all', p: 'alpha', c: 'alpha', h: 'alpha' });
  });

  it('gives group_names transitively, sorted, without all', async () => {
    const inv = await loadInventory(['precedence.yml'], { cwd: fixtures });
    expect(inv.groupNames('h1')).toEqual(['alpha', 'child', 'zeta']);
    expect(inv.groupNames('solo')).toEqual(['ungrouped']);
  });

  // Each host's merge and group list are made once per inventory: what a caller does with its copy stays its own.
  it('gives each caller copies of its own: changing one changes no later answer', async () => {
    const inv = await loadInventory(['ini-dir'], { cwd: fixtures });
    const first = inv.hostVars('web04');
    const groups = inv.groupNames('web04');
    (first.members as number[]).push(1);
    first.tier = 'changed';
    groups.push('extra');
    expect([inv.hostVars('web04').members, inv.hostVars('web04').tier, inv.groupNames('web04')]).toEqual([[4250, 4251], 'web-from-json', ['app', 'web']]);
  });

  it('gives the groups map with all and ungrouped, hosts in inventory order', async () => {
    const inv = await loadInventory(['precedence.yml'], { cwd: fixtures });
    expect(inv.groupsMap()).toEqual({
      all: ['solo', 'h1', 'h2'],
      ungrouped: ['solo'],
      zeta: ['h1'],
      alpha: ['h1', 'h2'],
      child: ['h1'],
    });
  });

  it('keeps where each host and group was defined', async () => {
    const inv = await loadInventory(['ini-dir'], { cwd: fixtures });
    expect(inv.hosts.get('web04')?.loc).toMatchObject({ line: 6, col: 1 });
    expect(inv.groups.get('db')?.loc).toMatchObject({ line: 8 });
    expect(inv.hosts.get('web01')?.groups).toEqual(['web']);
  });
});
