// The clustering role's WKA member list: written by tasks/main.yml (with a restart), and by tasks/members.yml
// alone (add-node: no restart); after members.yml the full role has nothing left to change.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

const host = (dir: string, name: string, ip: string, port: number) =>
  `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)} carbon_local_member_port=${port}`;

function inventory(dir: string, names: string[]): string {
  const all = [host(dir, 'n1', '10.9.0.2', 4100), host(dir, 'n2', '10.9.0.3', 4101), host(dir, 'n3', '10.9.0.4', 4102)];
  return `[carbon]\n${all.filter((l) => names.includes(l.split(' ')[0]!)).join('\n')}\n`;
}

/** The role (or one of its task files) on `hosts`; the restart handler only says it was notified. */
const site = (hosts: string, tasksFrom?: string) => JSON.stringify([{
  hosts,
  vars: { carbon_cluster_domain: 'wso2.test.domain' },
  tasks: [{ include_role: tasksFrom ? { name: 'clustering', tasks_from: tasksFrom } : { name: 'clustering' } }],
  handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
}]);

/** The <members> element (not the comment that mentions it). */
const members = (xml: string) => /<members>\s*<member>[\s\S]*?<\/members>/.exec(xml)?.[0] ?? '';

describe('clustering role: the WKA member list', () => {
  it('main.yml lists every member with its port; members.yml adds a new member without a restart, leaving main.yml nothing to do', async () => {
    const dir = createPlayDir();
    for (const n of ['n1', 'n2']) writeFiles(join(dir, n), { 'repository/conf/axis2/axis2.xml': read(join(TEMPLATES, 'axis2.xml')) });
    const axis2 = (n: string) => read(join(dir, n, 'repository/conf/axis2/axis2.xml'));
    const first = await runPlay(dir, site('carbon'), inventory(dir, ['n1', 'n2']));
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toContain('restart requested');
    // Indented to where <members> sits in the file (8 spaces).
    expect(members(axis2('n1'))).toBe([
      '<members>',
      '    <member>', '        <hostName>10.9.0.2</hostName>', '        <port>4100</port>', '    </member>',
      '    <member>', '        <hostName>10.9.0.3</hostName>', '        <port>4101</port>', '    </member>',
      '</members>',
    ].join('\n        '));
    // n3 joins the inventory: the existing nodes get it in their list, and no restart is asked for.
    const grown = inventory(dir, ['n1', 'n2', 'n3']);
    const add = await runPlay(dir, site('n1:n2', 'members'), grown);
    expect(add.code, add.out + add.err).toBe(0);
    expect(changedCounts(add.out)).toEqual({ n1: 1, n2: 1 });
    expect(add.out).not.toContain('restart requested');
    for (const n of ['n1', 'n2']) expect(members(axis2(n))).toContain('<hostName>10.9.0.4</hostName>\n                <port>4102</port>');
    // The next full run (site.yaml) has nothing left to change on them, so restarts nothing.
    const later = await runPlay(dir, site('n1:n2'), grown);
    expect(later.code, later.out + later.err).toBe(0);
    expect(changedCounts(later.out)).toEqual({ n1: 0, n2: 0 });
    expect(later.out).not.toContain('restart requested');
  });

  it("an INI carbon_clustering_enabled=false (a string) leaves axis2.xml alone", async () => {
    const dir = createPlayDir();
    writeFiles(join(dir, 'n1'), { 'repository/conf/axis2/axis2.xml': read(join(TEMPLATES, 'axis2.xml')) });
    const before = read(join(dir, 'n1', 'repository/conf/axis2/axis2.xml'));
    const run = await runPlay(dir, site('carbon'), inventory(dir, ['n1']).replace('carbon_local_member_port=4100', 'carbon_local_member_port=4100 carbon_clustering_enabled=false'));
    expect(run.code, run.out + run.err).toBe(0);
    expect(read(join(dir, 'n1', 'repository/conf/axis2/axis2.xml'))).toBe(before);
    expect(run.out).not.toContain('restart requested');
  });
});
