// Differential: the facts carbon-play gathers on localhost against ansible-playbook's, one run each, for the common set.
import { beforeAll, describe, expect, it } from 'vitest';
import { factsFromOutput, selectSubset } from '../../src/facts/gather-facts.js';
import { hasAnsible, runBothPerTable, type HostOutcome } from '../helpers/ansible-diff.js';

const SITE = `
- hosts: all
  tasks:
    - name: show facts
      debug: var=ansible_facts
    - name: prefixed names too
      debug: var=ansible_os_family
`;

const SAME = [
  'os_family', 'distribution', 'distribution_version', 'distribution_major_version', 'distribution_release', 'hostname', 'nodename', 'fqdn', 'domain',
  'system', 'kernel', 'architecture', 'machine', 'user_id', 'user_uid', 'user_gid', 'user_dir', 'user_shell', 'pkg_mgr', 'service_mgr', 'processor_vcpus',
  'processor_nproc', 'memtotal_mb', 'swaptotal_mb', 'python_version',
];

describe.skipIf(!hasAnsible)('facts: carbon-play and ansible-playbook agree on localhost', () => {
  let ours: Record<string, unknown>;
  let theirs: Record<string, unknown>;
  let oursPrefixed: unknown;
  let theirsPrefixed: unknown;
  const run = runBothPerTable('cp-diff-facts-', { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' }, ['site.yml', '-i', 'inventory']);
  beforeAll(() => {
    const pick = (o: HostOutcome[], task: string, key: string) => o.find((x) => x.task === task)?.result[key];
    theirs = pick(run.theirs.outcomes, 'show facts', 'ansible_facts') as Record<string, unknown>;
    ours = pick(run.ours.outcomes, 'show facts', 'ansible_facts') as Record<string, unknown>;
    theirsPrefixed = pick(run.theirs.outcomes, 'prefixed names too', 'ansible_os_family');
    oursPrefixed = pick(run.ours.outcomes, 'prefixed names too', 'ansible_os_family');
  });

  it.each(SAME)('%s', (name) => {
    expect(ours[name]).toEqual(theirs[name]);
  });

  it('default_ipv4 and the address list', () => {
    const ip = (f: Record<string, unknown>) => {
      const d = f.default_ipv4 as Record<string, unknown>;
      return { address: d?.address, interface: d?.interface, gateway: d?.gateway, netmask: d?.netmask, all: [...(f.all_ipv4_addresses as string[])].sort() };
    };
    expect(ip(ours)).toEqual(ip(theirs));
  });

  it('env and python', () => {
    const env = (f: Record<string, unknown>) => (f.env as Record<string, string>).HOME;
    expect(env(ours)).toBe(env(theirs));
    expect((ours.python as { version: unknown }).version).toMatchObject((theirs.python as { version: Record<string, unknown> }).version as object);
  });

  it('as ansible_NAME too', () => {
    expect(oursPrefixed).toBe(theirsPrefixed);
  });
});

describe('factsFromOutput and gather_subset', () => {
  const out = ['os_id=ubuntu', 'os_version_id=22.04', 'os_codename=jammy', 'nodename=web1.example.com', 'fqdn=web1.example.com', 'nproc=4', 'MemTotal=2048000',
    'pkg_mgr=apt-get', 'service_mgr=systemd', 'epoch=0', 'tz=UTC', 'tz_offset=+0000', '@@env', Buffer.from('HOME=/root\0A=b=c\0').toString('base64'),
    '@@ip', '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0', '1: lo    inet 127.0.0.1/8 scope host lo', '@@route', 'default via 10.0.0.1 dev eth0', '@@end'].join('\n');
  const facts = factsFromOutput(out);
  it.each([
    ['os_family', 'Debian'], ['distribution', 'Ubuntu'], ['distribution_version', '22.04'], ['distribution_major_version', '22'], ['distribution_release', 'jammy'],
    ['hostname', 'web1'], ['domain', 'example.com'], ['processor_vcpus', 4], ['memtotal_mb', 2000], ['pkg_mgr', 'apt'], ['env', { HOME: '/root', A: 'b=c' }],
    ['all_ipv4_addresses', ['10.0.0.5']], ['default_ipv4', { address: '10.0.0.5', interface: 'eth0', alias: 'eth0', gateway: '10.0.0.1', netmask: '255.255.255.0', prefix: '24' }],
  ])('%s', (name, value) => expect(facts[name]).toEqual(value));
  it.each([
    [['all'], ['memtotal_mb', 'default_ipv4', 'os_family']],
    [['min'], ['os_family']],
    [['!hardware'], ['default_ipv4', 'os_family']],
    [['network'], ['default_ipv4', 'os_family']],
  ])('gather_subset %j keeps %j', (subset, kept) => {
    const got = selectSubset(facts, subset);
    for (const k of kept) expect(got).toHaveProperty(k);
    for (const k of ['memtotal_mb', 'default_ipv4'].filter((x) => !kept.includes(x))) expect(got).not.toHaveProperty(k);
  });
});
