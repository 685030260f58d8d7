// The guides with no load balancer (seeds 000 and 003), each rehearsed in its own sandbox: site.yaml verifies; a second
// run changes nothing and restarts nothing (server pids unchanged); db-bootstrap.yaml run twice reports changed=0 the
// second time; a rolling restart keeps one node of each pair answering. Seeds 001 and 002 get the same checks in
// deploy-grow-roll.test.ts, in the sandboxes it grows (one deployment each, not two); seed 004 in deploy-ei-nginx.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { guideFileChecks } from './guide-file-checks.js';
import { startFailoverLoad, type LoadTarget } from './lb-load.js';
import { addApimgtScript, packName, packOptions, productHome } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

const execFileAsync = promisify(execFile);

const cli = runCliCaptured;

function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

/** Each node's server pid, checked alive, read through OpenSSH (independent of the code under test); the nodes are asked at once. */
async function pids(dir: string, homes: Record<string, string>): Promise<Record<string, string>> {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const read = ([node, home]: [string, string]) => execFileAsync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
    `root@${state.hosts.find((h) => h.name === node)!.ip}`, `p=$(cat ${home}/wso2carbon.pid) && kill -0 "$p" && echo "$p"`]).then((r) => [node, r.stdout.trim()]);
  return Object.fromEntries(await Promise.all(Object.entries(homes).map(read)));
}

/** Each node's wso2carbon.log, read through OpenSSH. */
async function logs(dir: string, homes: Record<string, string>): Promise<Record<string, string>> {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const read = ([node, home]: [string, string]) => execFileAsync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
    `root@${state.hosts.find((h) => h.name === node)!.ip}`, `cat ${home}/repository/logs/wso2carbon.log`], { maxBuffer: 64 << 20 }).then((r) => [node, r.stdout]);
  return Object.fromEntries(await Promise.all(Object.entries(homes).map(read)));
}

/** A command's output on a sandbox host, run through OpenSSH. */
async function onHost(dir: string, node: string, command: string): Promise<string> {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const r = await execFileAsync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
    `root@${state.hosts.find((h) => h.name === node)!.ip}`, command], { maxBuffer: 64 << 20 });
  return r.stdout;
}

const ipsOf = (dir: string): Record<string, string> => Object.fromEntries((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.map((h) => [h.name, h.ip]));

/**
 * A -Dsetup that takes as long as on a real database (the stand-in's CARBON_STANDIN_SETUP_DELAY_MS, set in the
 * pack's start script): two -Dsetup nodes started at once on an empty database would then surely overlap, and one fails.
 */
function slowSetup(pack: string): void {
  const top = execFileSync('unzip', ['-Z1', pack], { encoding: 'utf8' }).split('\n')[0]!.split('/')[0]!;
  const work = makeTempDir('cp-slow-setup-');
  execFileSync('unzip', ['-q', pack, `${top}/bin/wso2server.sh`, '-d', work]);
  const script = join(work, top, 'bin', 'wso2server.sh');
  writeFileSync(script, readFileSync(script, 'utf8').replace('\n', '\nexport CARBON_STANDIN_SETUP_DELAY_MS=1500\n'));
  execFileSync('zip', ['-q', pack, `${top}/bin/wso2server.sh`], { cwd: work });
}

const AS = productHome('as');
const GREG = productHome('greg');
const DAS = productHome('das');

interface Guide {
  seed: string; inventory: string; products: ('as' | 'greg' | 'das')[]; subnet: string; hosts: string[]; homes: Record<string, string>;
  /**
   * Guides with no load balancer whose nodes come in pairs a client fails over between (seed 000: the AS master and
   * slave; seed 003: the HA receivers, and each pair of indexers, analyzers, presenters): a rolling restart of every
   * node must leave one of each pair answering at every moment.
   */
  pairs?: [string, string][];
}

const guides: Guide[] = [
  { seed: '000', inventory: 'inventory/as-greg', products: ['as', 'greg'], subnet: '10.200.111.0/24', hosts: ['greg1', 'as1', 'as2', 'db'], homes: { greg1: GREG, as1: AS, as2: AS }, pairs: [['as1', 'as2']] },
  { seed: '003', inventory: 'inventory/das-ha', products: ['das'], subnet: '10.200.112.0/24', hosts: ['receiver1', 'receiver2', 'indexer1', 'indexer2', 'analyzer1', 'analyzer2', 'presenter1', 'presenter2', 'db'], homes: { receiver1: DAS, receiver2: DAS, indexer1: DAS, indexer2: DAS, analyzer1: DAS, analyzer2: DAS, presenter1: DAS, presenter2: DAS },
    pairs: [['receiver1', 'receiver2'], ['indexer1', 'indexer2'], ['analyzer1', 'analyzer2'], ['presenter1', 'presenter2']] },
];

describe.each(guides)('seed $seed: $inventory', ({ seed, inventory, products, subnet, hosts, homes, pairs }) => {
  it('site.yaml verifies; the second run changes and restarts nothing; db-bootstrap twice ends with changed=0; pairs: a rolling restart with one of each always answering', async () => {
    const dir = makeTempDir('cp-e2e-guide-');
    // Down after the test, pass or fail, before the file's temp dirs go; its own failure is reported beside the test's.
    onTestFinished(() => takeSandboxDown(dir));
    const packs = packOptions(products);
    const up = await cli(['sandbox', 'up', '--like', inventory, ...shippedVaultArgs(), ...packs.up, '--dir', dir, '--subnet', subnet]);
    expect(up.code, up.out).toBe(0);
    for (const more of packs.after) expect((await cli([...more, '--dir', dir])).code).toBe(0);
    if (products.includes('greg')) addApimgtScript(join(dir, 'packs', packName('greg')));
    if (inventory.endsWith('as-greg')) for (const p of ['as', 'greg'] as const) slowSetup(join(dir, 'packs', packName(p)));
    const inv = ['-i', inventory, '-i', join(dir, 'inventory'), ...shippedVaultArgs(), '-e', `carbon_pack_dir=${join(dir, 'packs')}`];
    const first = await cli(['playbooks/site.yaml', ...inv]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/verify : every other WKA member logged joined/);
    // The files hold what the guide asks, read back as Carbon reads them.
    await guideFileChecks[seed]!({ run: (node, command) => onHost(dir, node, command), ips: ipsOf(dir), homes });
    // The -Dsetup nodes started one at a time (seed 000: G-Reg, then the AS master): no node's DatabaseCreator failed
    // on tables another -Dsetup node was creating (the stand-in fails it as Carbon 4.4 does).
    for (const [node, text] of Object.entries(await logs(dir, homes))) expect(text, node).not.toMatch(/Error occurred while executing|Cannot start User Manager Core bundle/);
    const before = await pids(dir, homes);
    const second = await cli(['playbooks/site.yaml', ...inv]);
    expect(second.code, second.out).toBe(0);
    expect(changedCounts(second.out), second.out).toEqual(Object.fromEntries(hosts.map((h) => [h, 0])));
    expect(await pids(dir, homes)).toEqual(before);
    const boot1 = await cli(['playbooks/db-bootstrap.yaml', ...inv]);
    expect(boot1.code, boot1.out).toBe(0);
    const boot2 = await cli(['playbooks/db-bootstrap.yaml', ...inv]);
    expect(boot2.code, boot2.out).toBe(0);
    // db-bootstrap.yaml runs the inventory check first, which lists every host (set_fact only, no connection).
    expect(changedCounts(boot2.out), boot2.out).toEqual(Object.fromEntries(hosts.map((h) => [h, 0])));
    if (pairs) {
      // No LB (seeds 000, 003): clients fail over between the two nodes of a pair; rolling-restart.yaml restarts
      // every node, one at a time, each back in its cluster before the next goes down.
      const ips = ipsOf(dir);
      const target = (n: string): LoadTarget => ({ host: ips[n]!, port: 9763, serverName: n, path: '/carbon/admin/login.jsp' });
      const load = startFailoverLoad(pairs.map((p) => p.map(target)));
      const roll = await cli(['playbooks/rolling-restart.yaml', ...inv]);
      const counts = await load.stop();
      expect(roll.code, roll.out).toBe(0);
      const after = await pids(dir, homes);
      for (const node of Object.keys(homes)) expect(after[node], `${node} restarted`).not.toBe(before[node]);
      expect(counts.ok).toBeGreaterThan(20);
      expect(counts.failed, `requests no node of a pair answered: ${counts.failures.slice(0, 5).join(', ')}`).toBe(0);
      // Both nodes of every pair served (not one node alone all along).
      expect(counts.upstreams.size).toBe(pairs.length * 2);
    }
  // Eight DAS nodes deployed, then restarted one by one, each waiting for its members: beyond the project's 300 s.
  }, 900_000);
});
