// Kept between runs: group_vars/host_vars trees (read back to the same variables; not for repeated keys, anchors or vault), and that an INI inventory is not YAML.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { isKnown, keepKnownFactsIn } from '../../src/core/known-facts.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { readCachedTree } from '../../src/playbook/yaml-tree-cache.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cp-vars-cache-'));
  keepKnownFactsIn(join(root, 'cache'));
});
afterEach(() => {
  keepKnownFactsIn(undefined);
  rmSync(root, { recursive: true, force: true });
});

/** An inventory of one host in group `app`, with `group_vars/app.yml` holding `text`. */
function inventoryWith(text: string): string {
  const dir = join(root, 'inv');
  mkdirSync(join(dir, 'group_vars'), { recursive: true });
  writeFileSync(join(dir, 'hosts'), '[app]\nnode1\n');
  writeFileSync(join(dir, 'group_vars', 'app.yml'), text);
  return join(dir, 'hosts');
}

test.each([
  ['plain values', 'port: 9443\nname: carbon\nflags: [a, b]\nnested: {x: 1, y: "two"}\n', true, { port: 9443, name: 'carbon', flags: ['a', 'b'], nested: { x: 1, y: 'two' } }],
  ['a repeated key (last wins, as Ansible)', 'port: 1\nport: 2\n', false, { port: 2 }],
  ['a repeated key deeper down', 'a:\n  b: 1\n  b: 3\n', false, { a: { b: 3 } }],
  ['an anchor and an alias', 'base: &b {x: 1}\ncopy: *b\n', false, { base: { x: 1 }, copy: { x: 1 } }],
])('%s: the same variables on a second run, kept: %s', async (_name, text, kept, vars) => {
  const inv = inventoryWith(text);
  const first = await loadInventory([inv]);
  expect(first.hostVars('node1')).toMatchObject(vars);
  expect(readCachedTree(text) !== undefined).toBe(kept);
  const second = await loadInventory([inv]);
  expect(second.hostVars('node1')).toMatchObject(vars);
});

test('a vars file that is not a mapping is reported from the kept tree too', async () => {
  const inv = inventoryWith('- a\n- b\n');
  for (let run = 0; run < 2; run++) {
    await expect(loadInventory([inv])).rejects.toThrow(/expected a mapping of variables, got a sequence/);
  }
  expect(readCachedTree('- a\n- b\n')).toBeDefined();
});

test.each([
  ['an INI file: remembered as not a mapping', '[app]\nnode1\n', true],
  ['a YAML mapping without an extension: never remembered', 'all:\n  children:\n    app:\n      hosts:\n        node1:\n', false],
])('%s', async (_name, text, remembered) => {
  const dir = join(root, 'sniff');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hosts'), text);
  for (let run = 0; run < 2; run++) {
    const inv = await loadInventory([join(dir, 'hosts')]);
    expect(inv.select('app')).toEqual(['node1']);
  }
  expect(isKnown('inventory-not-yaml-mapping', text)).toBe(remembered);
});
