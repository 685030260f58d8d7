// Host patterns: names, groups, globs, regexes, subscripts, union, intersection, exclusion and @file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import type { Inventory } from '../../src/inventory/types.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const INI = `lb
[web]
web1
web2
web3
[db]
db1
web2
[prod:children]
web
[stage]
db1
`;

let inv: Inventory;
beforeAll(async () => {
  const dir = makeTempDir('cp-pattern-');
  writeFileSync(join(dir, 'hosts'), INI);
  writeFileSync(join(dir, 'limit.txt'), 'db1\n\n# a comment\nlb\n');
  inv = await loadInventory(['hosts'], { cwd: dir });
});

describe('select', () => {
  it.each([
    ['all', ['lb', 'web1', 'web2', 'web3', 'db1']],
    ['*', ['lb', 'web1', 'web2', 'web3', 'db1']],
    ['web1', ['web1']],
    ['web', ['web1', 'web2', 'web3']],
    ['prod', ['web1', 'web2', 'web3']],
    ['ungrouped', ['lb']],
    ['web*', ['web1', 'web2', 'web3']],
    ['w?b[!3]', ['web1', 'web2']],
    ['~web[13]', ['web1', 'web3']],
    ['db:lb', ['lb', 'web2', 'db1']],
    ['db,lb', ['lb', 'web2', 'db1']],
    ['web:&db', ['web2']],
    ['web:!db', ['web1', 'web3']],
    ['!db', ['lb', 'web1', 'web3']],
    ['&stage', ['db1']],
    ['all:!web:!lb', ['db1']],
    ['web[0]', ['web1']],
    ['web[-1]', ['web3']],
    ['web[1:2]', ['web2', 'web3']],
    ['nosuchhost', []],
    ['web:nosuch', ['web1', 'web2', 'web3']],
    ['@limit.txt', ['lb', 'db1']],
    ['@limit.txt:!lb', ['db1']],
    ['WEB1', []],
  ])('%s', (pattern, expected) => {
    expect(inv.select(pattern)).toEqual(expected);
  });

  it.each([
    ['web:!', /after '&' or '!'/],
    ['~web(', /valid regular expression/],
    ['@missing.txt', /readable host list file/],
  ])('rejects %s', (pattern, message) => {
    expect(() => inv.select(pattern)).toThrow(CarbonPlayError);
    expect(() => inv.select(pattern)).toThrow(message);
  });
});
