// The other guides' example inventories, each rehearsed in its own sandbox: site.yaml verifies, a second run changes nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  return { code: await runCli(args, io), out };
}

function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

const guides = [
  { seed: '000', inventory: 'inventory/as-greg', products: ['as', 'greg'], subnet: '10.200.111.0/24', hosts: ['greg1', 'as1', 'as2', 'db'] },
  { seed: '001', inventory: 'inventory/greg-cluster', products: ['greg'], subnet: '10.200.109.0/24', hosts: ['greg1', 'greg2', 'greg3', 'db', 'lb'] },
  { seed: '003', inventory: 'inventory/das-ha', products: ['das'], subnet: '10.200.112.0/24', hosts: ['receiver1', 'receiver2', 'indexer1', 'analyzer1', 'analyzer2', 'presenter1', 'db'] },
  { seed: '002', inventory: 'inventory/as-workers', products: ['as'], subnet: '10.200.110.0/24', hosts: ['mgr1', 'worker1', 'worker2', 'db', 'lb'] },
];

describe.each(guides)('seed $seed: $inventory', ({ inventory, products, subnet, hosts }) => {
  it('sandbox up --like, site.yaml succeeds with verify, the second run reports changed=0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-guide-'));
    try {
      const up = await cli(['sandbox', 'up', '--like', inventory, '--product', products[0], '--dir', dir, '--subnet', subnet]);
      expect(up.code, up.out).toBe(0);
      for (const p of products.slice(1)) expect((await cli(['sandbox', 'pack', '--product', p, '--dir', dir])).code).toBe(0);
      const args = ['playbooks/site.yaml', '-i', inventory, '-i', join(dir, 'inventory'), '-e', `carbon_pack_dir=${join(dir, 'packs')}`];
      const first = await cli(args);
      expect(first.code, first.out).toBe(0);
      expect(first.out).toMatch(/verify : every other WKA member logged joined/);
      const second = await cli(args);
      expect(second.code, second.out).toBe(0);
      expect(changedCounts(second.out)).toEqual(Object.fromEntries(hosts.map((h) => [h, 0])));
    } finally {
      await cli(['sandbox', 'down', '--dir', dir]);
    }
  });
});
