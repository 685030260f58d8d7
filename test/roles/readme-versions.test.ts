// README says which product versions each example inventory deploys where its guide describes others (issue 13,
// item 12: seed 000 is written for AS 4.1.2, inventory/as-greg deploys AS 5.3.0 and G-Reg 5.4.0); kept true here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { useShippedVault } from '../helpers/shipped-vault.js';
import { ROOT } from './helpers.js';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const readme = () => readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README: versions deployed against the versions the guides describe', () => {
  beforeAll(() => useShippedVault());

  it('inventory/as-greg: README names seed 000\'s AS version and the AS and G-Reg versions the inventory deploys', async () => {
    const inv = await loadInventory([join(ROOT, 'inventory', 'as-greg')]);
    const [as, greg] = [inv.hostVars('as1').carbon_version, inv.hostVars('greg1').carbon_version];
    expect([as, greg]).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+$/), expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    expect(readme()).toContain(`Seed 000 is written for AS 4.1.2 (Carbon 3.2); \`inventory/as-greg\` deploys AS ${as} and G-Reg ${greg}`);
    // And the guide is indeed the 4.1.2 one (when the seeds are here).
    const seed = existsSync(SEEDS) ? readdirSync(SEEDS).find((f) => f.startsWith('000_')) : undefined;
    if (seed) expect(readFileSync(join(SEEDS, seed), 'utf8')).toMatch(/WSO2 Application Server version 4\.1\.2/);
  });

  it.each([['das-ha', 'receiver1', 'DAS'], ['ei-nginx', 'ei1', 'EI']])('inventory/%s: README\'s inventory table names the version deployed', async (name, host, product) => {
    const version = (await loadInventory([join(ROOT, 'inventory', name)])).hostVars(host).carbon_version;
    const row = readme().split('\n').find((l) => l.startsWith(`| \`inventory/${name}\``));
    expect(row).toContain(`${product} ${version}`);
  });
});
