// `carbon-play inventory`: --list, --host, --graph, --limit, and exit codes 0/4/5 with one-line errors.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInventoryCommand, type InventoryCommandOptions } from '../../src/cli/inventory-command.js';

const cwd = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));

async function run(opts: Omit<InventoryCommandOptions, 'cwd'>): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await runInventoryCommand({ ...opts, cwd }, (s) => (out += s), (s) => err.push(s));
  return { code, out, err };
}

describe('runInventoryCommand', () => {
  it('--host prints the merged vars of one host as sorted JSON', async () => {
    const r = await run({ inventory: ['multi/base', 'multi/sandbox'], host: 'node2' });
    expect(r.code).toBe(0);
    expect(r.out).toBe('{\n    "ansible_host": "10.200.0.12",\n    "ansible_user": "root",\n    "port_offset": 2\n}');
  });

  it('masks secret vars in --host and --list', async () => {
    const host = await run({ inventory: ['secrets.yml'], host: 'h1' });
    expect(JSON.parse(host.out)).toEqual({ ansible_become_password: '********', ansible_ssh_pass: '********', db_token: '********', ansible_user: 'root', passive: 'yes' });
    const list = await run({ inventory: ['secrets.yml'], list: true });
    expect(list.out).not.toContain('s3cret');
  });

  it('--graph GROUP starts the tree at that group', async () => {
    const r = await run({ inventory: ['yaml/hosts.yml'], graph: 'as' });
    expect(r.out).toBe(['@as:', '  |--@as_manager:', '  |  |--asm.example', '  |--@as_worker:', '  |  |--aswa', '  |  |--aswb'].join('\n'));
  });

  it('--list with --limit keeps only the selected hosts', async () => {
    const r = await run({ inventory: ['yaml/hosts.yml'], list: true, limit: 'as_worker:bastion' });
    const list = JSON.parse(r.out);
    expect(Object.keys(list._meta.hostvars)).toEqual(['aswa', 'aswb', 'bastion']);
    expect(list.greg).toBeUndefined();
    expect(list.as_worker).toEqual({ hosts: ['aswa', 'aswb'] });
  });

  it('exits 4 on parse errors, one line per error on err', async () => {
    const r = await run({ inventory: ['broken/hosts'], list: true });
    expect(r.code).toBe(4);
    expect(r.out).toBe('');
    // As ansible-playbook's: ERROR! and the place.
    expect(r.err.map((l) => l.replace(cwd, ''))).toEqual([
      "ERROR! broken/hosts:2:1: expected an end value in host range '[1:]'",
      "ERROR! broken/hosts:3:6: expected key=value host variable, got 'oops'",
    ]);
  });

  it.each([
    ['an unknown host', { inventory: ['yaml/hosts.yml'], host: 'nope' }, 5, /--host: expected a host in the inventory, got 'nope'/],
    ['an unknown graph group', { inventory: ['yaml/hosts.yml'], graph: 'nope' }, 5, /--graph: expected a group name, got 'nope'/],
    ['no action', { inventory: ['yaml/hosts.yml'] }, 5, /exactly one of --list, --host or --graph, got none/],
    ['two actions', { inventory: ['yaml/hosts.yml'], list: true, graph: true }, 5, /got 2/],
    ['a bad limit', { inventory: ['yaml/hosts.yml'], list: true, limit: '~(' }, 5, /--limit: .*regular expression/],
    ['a missing inventory', { inventory: ['nope'], list: true }, 4, /^ERROR! expected an inventory file or directory, got nothing at nope$/],
  ] as [string, Omit<InventoryCommandOptions, 'cwd'>, number, RegExp][])('fails on %s', async (_name, opts, code, message) => {
    const r = await run(opts);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    expect(r.err.join('\n')).toMatch(message);
    for (const line of r.err) expect(line).toMatch(/^ERROR! /);
  });
});
