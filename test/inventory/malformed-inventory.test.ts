// Malformed inventories: every error is a one-line `parse` error naming file:line:col, all collected at once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorList } from '../../src/core/errors.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function writeTree(files: Record<string, string>): string {
  const dir = makeTempDir('cp-badinv-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function loadErrors(files: Record<string, string>, source: string): Promise<{ dir: string; lines: string[] }> {
  const dir = writeTree(files);
  try {
    await loadInventory([source], { cwd: dir });
  } catch (e) {
    expect(e).toBeInstanceOf(ErrorList);
    const list = e as ErrorList;
    for (const x of list.errors) expect(x.kind).toBe('parse');
    return { dir, lines: list.errors.map((x) => x.format()) };
  }
  throw new Error('expected the inventory to be rejected');
}

// [case, files, source, expected `file:line:col`, message]
const cases: [string, Record<string, string>, string, string, RegExp][] = [
  ['range with unequal padding', { hosts: '[web]\nweb[01:3]\n' }, 'hosts', 'hosts:2:1', /equal length/],
  ['range with four parts', { hosts: '[web]\nweb1\nweb[1:2:3:4]\n' }, 'hosts', 'hosts:3:1', /begin:end or begin:end:step/],
  ['range without end', { hosts: 'web[1:]\n' }, 'hosts', 'hosts:1:1', /end value/],
  ['range with zero step', { hosts: '[n]\n  n[0:4:0]\n' }, 'hosts', 'hosts:2:3', /positive step/],
  ['numeric range backwards (Ansible makes an empty group)', { hosts: '[wso2]\nw[03:01]\n' }, 'hosts', 'hosts:2:1', /begin <= end in host range '\[03:01\]', got a range with no host/],
  ['backwards range in a YAML inventory', { 'inv.yml': 'web:\n  hosts:\n    w[9:2]:\n' }, 'inv.yml', 'inv.yml:3:5', /begin <= end/],
  ['letter range backwards', { hosts: '[db]\ndb[c:a]\n' }, 'hosts', 'hosts:2:1', /begin <= end/],
  ['range mixing letters and numbers', { hosts: '[db]\ndb[a:9]\n' }, 'hosts', 'hosts:2:1', /numbers or single letters/],
  ['host ending in a colon', { hosts: '[web]\nweb1:\n' }, 'hosts', 'hosts:2:1', /port after ':'/],
  ['host var without =', { hosts: '[web]\nweb1 a=1 oops\n' }, 'hosts', 'hosts:2:10', /key=value host variable, got 'oops'/],
  ['unclosed quote', { hosts: "[web]\nweb1 a='x\n" }, 'hosts', 'hosts:2:1', /no closing quotation/],
  ['malformed section header', { hosts: '[web]\nweb1\n[web servers]\nweb2\n' }, 'hosts', 'hosts:3:1', /section header/],
  ['unknown section type', { hosts: '[web:hostz]\nweb1\n' }, 'hosts', 'hosts:1:1', /hosts, children or vars.*'hostz'/],
  ['group var without =', { hosts: '[web]\nweb1\n[web:vars]\nport 80\n' }, 'hosts', 'hosts:4:1', /key=value in \[web:vars\]/],
  ['vars for a group never defined', { hosts: '[web]\nweb1\n[db:vars]\nport=1\n' }, 'hosts', 'hosts:3:1', /group 'db'/],
  ['children naming a group never defined', { hosts: '[web]\nw1\n[app:children]\nweb\nghost\n' }, 'hosts', 'hosts:5:1', /group 'ghost'/],
  ['children line that is not a group name', { hosts: '[web]\nw1\n[app:children]\nweb extra\n' }, 'hosts', 'hosts:4:1', /group name in \[app:children\]/],
  ['INI group its own ancestor', { hosts: '[a:children]\nb\n[b:children]\na\n' }, 'hosts', 'hosts:4:1', /own ancestor/],
  ['INI group its own child', { hosts: '[a]\nh\n[a:children]\na\n' }, 'hosts', 'hosts:4:1', /own ancestor/],
  ['YAML document marker in INI', { hosts: '---\n' }, 'hosts', 'hosts:1:1', /'---'/],
  ['bad YAML', { 'inv.yml': 'all:\n  hosts:\n    a: 1\n   b: 2\n' }, 'inv.yml', 'inv.yml:4:', /valid YAML/],
  ['unknown key in a YAML group', { 'inv.yml': 'all:\n  children:\n    web:\n      hots:\n        w1:\n' }, 'inv.yml', 'inv.yml:4:7', /vars, children or hosts.*'hots'/],
  ['YAML hosts as a list', { 'inv.yml': 'web:\n  hosts:\n    - w1\n' }, 'inv.yml', 'inv.yml:3:5', /'hosts' of group 'web' to be a mapping/],
  ['YAML numeric host name', { 'inv.yml': 'web:\n  hosts:\n    10:\n' }, 'inv.yml', 'inv.yml:3:5', /host name \(a string\)/],
  ['YAML group that is a scalar', { 'inv.yml': 'web: w1\n' }, 'inv.yml', 'inv.yml:1:6', /group 'web' to be a mapping/],
  ['YAML host vars that are a list', { 'inv.yml': 'web:\n  hosts:\n    w1: [a]\n' }, 'inv.yml', 'inv.yml:3:9', /vars of host 'w1'/],
  ['YAML group its own ancestor', { 'inv.yml': 'a:\n  children:\n    b:\n      children:\n        a:\n' }, 'inv.yml', 'inv.yml:3:5', /own ancestor/],
  ['YAML top level a list', { 'inv.yml': '- web\n' }, 'inv.yml', 'inv.yml:1:1', /mapping of groups, got a sequence/],
  ['empty YAML file', { 'inv.yml': '# nothing\n' }, 'inv.yml', 'inv.yml:1:1', /empty file/],
  ['YAML bad range', { 'inv.yml': 'web:\n  hosts:\n    w[1:x]:\n' }, 'inv.yml', 'inv.yml:3:5', /numbers or single letters/],
  ['inventory plugin config', { 'inv.yml': 'plugin: aws_ec2\n' }, 'inv.yml', 'inv.yml:1:1', /plugin/],
  ['bad YAML in group_vars', { hosts: '[web]\nw1\n', 'group_vars/web.yml': 'a: 1\nb: [\n' }, 'hosts', 'group_vars/web.yml:', /valid YAML/],
  ['host_vars file that is a list', { hosts: '[web]\nw1\n', 'host_vars/w1.yml': '- a\n' }, 'hosts', 'host_vars/w1.yml:1:1', /mapping of variables/],
];

describe('malformed inventories', () => {
  it.each(cases)('%s', async (_name, files, source, where, message) => {
    const { dir, lines } = await loadErrors(files, source);
    const line = lines.find((l) => l.startsWith(join(dir, where)));
    expect(line, lines.join('\n')).toBeDefined();
    expect(line).toMatch(message);
    for (const l of lines) expect(l).not.toContain('\n');
  });

  it('collects every error of a file, not only the first', async () => {
    const { dir, lines } = await loadErrors({ hosts: '[web]\nweb[1:]\nweb2 x\n[bad section]\n[web:vars]\nnovalue\n' }, 'hosts');
    expect(lines.map((l) => l.slice(dir.length + 1).split(': ')[0])).toEqual(['hosts:2:1', 'hosts:3:6', 'hosts:4:1', 'hosts:6:1']);
  });

  it('names a missing source', async () => {
    const { lines } = await loadErrors({}, 'nope');
    expect(lines).toEqual(['expected an inventory file or directory, got nothing at nope']);
  });
});
