// etc_hosts: the names derived from the inventory (hosts, the JDBC host, the LB's server names, extra hosts) in a hosts file; a second run changes nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';

/** ip → names, from a hosts file. */
function mapping(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    for (const n of names) if (ip && n) out[n] = ip;
  }
  return out;
}

// Every host runs locally; each writes its own hosts file ({{inventory_hostname}}.hosts).
function inventory(extra = ''): string {
  return [
    '[carbon]',
    'ei1 ansible_connection=local ansible_host=10.9.2.11',
    'ei2 ansible_connection=local ansible_host=10.9.2.12',
    '[dbservers]',
    'db ansible_connection=local ansible_host=10.9.2.13',
    '[lb]',
    "lb ansible_connection=local ansible_host=10.9.2.14 lb_server_name=ei.wso2.com lb_mgt_server_name=ui.ei.wso2.com",
    '[all:vars]',
    'carbon_db_host_name=carbondb.mysql-wso2.com',
    extra,
  ].join('\n') + '\n';
}

function site(dir: string, vars: Record<string, unknown> = {}): string {
  return JSON.stringify([{ hosts: 'all', gather_facts: false, vars: { etc_hosts_file: `${dir}/{{inventory_hostname}}.hosts`, ...vars }, roles: ['etc_hosts'] }]);
}

describe('etc_hosts role', () => {
  it('maps node, DB and LB names on every host (lb and db included), keeping other lines; then changes nothing', async () => {
    const dir = createPlayDir();
    for (const h of ['ei1', 'ei2', 'db', 'lb']) writeFiles(dir, { [`${h}.hosts`]: '127.0.0.1\tlocalhost\n# keep me\n' });
    const first = await runPlay(dir, site(dir), inventory());
    expect(first.code, first.out + first.err).toBe(0);
    for (const h of ['ei1', 'ei2', 'db', 'lb']) {
      const text = read(join(dir, `${h}.hosts`));
      expect(text.startsWith('127.0.0.1\tlocalhost\n# keep me\n')).toBe(true);
      expect(mapping(text)).toMatchObject({
        ei1: '10.9.2.11', ei2: '10.9.2.12', db: '10.9.2.13', lb: '10.9.2.14',
        'carbondb.mysql-wso2.com': '10.9.2.13', 'ei.wso2.com': '10.9.2.14', 'ui.ei.wso2.com': '10.9.2.14',
      });
    }
    const again = await runPlay(dir, site(dir), inventory());
    expect(changedCounts(again.out)).toEqual({ ei1: 0, ei2: 0, db: 0, lb: 0 });
  });

  it('lets carbon_extra_hosts take a name (the manager console name on the manager, not the LB), stably', async () => {
    const dir = createPlayDir();
    const vars = {
      // Templated, as inventories write it (as-workers: "{{carbon_mgt_host}}").
      console_name: 'ui.ei.wso2.com',
      carbon_extra_hosts: [{ ip: "{{ hostvars[groups['carbon'] | first]['ansible_host'] }}", names: ['{{console_name}}'] }],
      etc_hosts_lb_names: ['services.ei.wso2.com'],
    };
    const first = await runPlay(dir, site(dir, vars), inventory());
    expect(first.code, first.out + first.err).toBe(0);
    const m = mapping(read(join(dir, 'ei2.hosts')));
    expect(m['ui.ei.wso2.com']).toBe('10.9.2.11');
    expect(m['ei.wso2.com']).toBe('10.9.2.14');
    expect(m['services.ei.wso2.com']).toBe('10.9.2.14');
    const again = await runPlay(dir, site(dir, vars), inventory());
    expect(changedCounts(again.out)).toEqual({ ei1: 0, ei2: 0, db: 0, lb: 0 });
  });
});
