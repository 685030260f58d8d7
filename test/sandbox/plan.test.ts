// Which hosts a sandbox gets, the subnet it hands addresses from, and the inventory it writes.
import { validHostname } from '../../src/sandbox/host.js';
import { describe, expect, it } from 'vitest';
import { planHosts } from '../../src/sandbox/plan.js';
import { parseSubnet } from '../../src/sandbox/subnet.js';
import { renderInventory } from '../../src/sandbox/inventory-file.js';
import { createLayout } from '../../src/sandbox/layout.js';
import type { SandboxState } from '../../src/sandbox/state.js';

describe('planHosts', () => {
  it('names Carbon hosts node1..N, then db and lb, in their groups', () => {
    expect(planHosts({ hosts: 2, db: true, lb: true })).toEqual([
      { name: 'node1', groups: ['carbon'], db: false, lb: false },
      { name: 'node2', groups: ['carbon'], db: false, lb: false },
      { name: 'db', groups: ['dbservers'], db: true, lb: false },
      { name: 'lb', groups: ['lb'], db: false, lb: true },
    ]);
  });
  const bad: Array<[string, { hosts: number; db: boolean; lb: boolean }, RegExp]> = [
    ['no host at all', { hosts: 0, db: false, lb: false }, /expected at least one host/],
    ['a negative count', { hosts: -1, db: false, lb: false }, /--hosts: expected a whole number from 0 to 200, got -1/],
    ['a fraction', { hosts: 1.5, db: false, lb: false }, /got 1.5/],
  ];
  it.each(bad)('refuses %s', (_n, opts, msg) => expect(() => planHosts(opts)).toThrow(msg));
});

describe('parseSubnet', () => {
  it('gives the bridge .1 and hosts the next addresses', () => {
    const s = parseSubnet('10.200.0.0/24');
    expect([s.address(1), s.address(2), s.capacity]).toEqual(['10.200.0.1', '10.200.0.2', 253]);
  });
  it('normalizes a host address to its network', () => {
    expect(parseSubnet('10.9.8.77/28').cidr).toBe('10.9.8.64/28');
  });
  it.each(['10.200.0.0', '10.200.0.0/33', '300.1.1.1/24', 'x/24', '10.0.0.0/31'])('refuses %j', (cidr) => {
    expect(() => parseSubnet(cidr)).toThrow(/--subnet: expected an IPv4 network like 10.200.0.0\/24/);
  });
});

describe('renderInventory', () => {
  const layout = createLayout('/srv/sbx');
  const host = (name: string, ip: string, groups: string[], db = false) => ({ name, index: 0, ip, netns: 'n', veth: 'v', groups, db, lb: false, pids: [] });
  const conn = (ip: string) => `ansible_host=${ip} ansible_user=root ansible_ssh_private_key_file=/srv/sbx/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=/srv/sbx/known_hosts'`;

  it('writes groups, connection vars on each host and the db admin login', () => {
    const state: SandboxState = { dir: '/srv/sbx', subnet: '10.200.0.0/24', bridge: 'b', bridgeIp: '10.200.0.1',
      hosts: [host('node1', '10.200.0.2', ['carbon']), host('db', '10.200.0.3', ['dbservers'], true)], dbAdmin: { user: 'adm', password: 'pw' } };
    expect(renderInventory(layout, state).split('\n').slice(1).join('\n')).toBe(
      `\n[carbon]\nnode1 ${conn('10.200.0.2')}\n\n[dbservers]\ndb ${conn('10.200.0.3')} mysql_admin_user=adm mysql_admin_password=pw\n`);
  });

  it('with --like, only adds connection vars to the user\'s host names (no groups)', () => {
    const state: SandboxState = { dir: '/srv/sbx', subnet: 's', bridge: 'b', bridgeIp: 'x', like: 'inv', hosts: [host('as-mgr', '10.200.0.2', [])] };
    expect(renderInventory(layout, state).split('\n').slice(1).join('\n')).toBe(`as-mgr ${conn('10.200.0.2')}\n`);
  });
});

describe('validHostname', () => {
  it.each([
    ['node1', 'node1'],
    ['bps_1', 'bps-1'],
    ['apim-gateway_1', 'apim-gateway-1'],
    ['db.example.com', 'db.example.com'],
  ])('%s -> %s', (name, host) => expect(validHostname(name)).toBe(host));
});
