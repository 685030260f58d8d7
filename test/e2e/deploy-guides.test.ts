// The other guides' example inventories, each rehearsed in its own sandbox: site.yaml verifies; a second run changes
// nothing and restarts nothing (server pids unchanged); db-bootstrap.yaml run twice reports changed=0 the second time.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { childAt, childrenOf, parseXml, textAt } from '../../sandbox/carbon/server/xml.js';
import { readSparkDefaults } from '../roles/real-files.js';
import { addApimgtScript, packName, packOptions, productHome } from './product-packs.js';

const execFileAsync = promisify(execFile);

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

/** A file on a sandbox host, read through OpenSSH. */
async function fileOn(dir: string, node: string, path: string): Promise<string> {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const r = await execFileAsync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
    `root@${state.hosts.find((h) => h.name === node)!.ip}`, `cat ${path}`], { maxBuffer: 64 << 20 });
  return r.stdout;
}

const ipsOf = (dir: string): Record<string, string> => Object.fromEntries((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.map((h) => [h.name, h.ip]));

/** The first enabled <mode> in file order, as DAS 3.2's ManagementModeConfigurationLoader takes it, with its own settings. */
function eventProcessorMode(xml: string): { mode: string; presenter: string; persistence: string; eventSync: string } {
  const m = childrenOf(parseXml(xml), 'mode').find((x) => (x.attrs.enable ?? '').toLowerCase() === 'true');
  return { mode: m?.attrs.name ?? '', presenter: childAt(m, 'nodeType', 'presenter')?.attrs.enable ?? '', persistence: childAt(m, 'persistence')?.attrs.enable ?? '', eventSync: textAt(m, 'eventSync', 'hostName') ?? '' };
}

/** What each guide asks of the deployed files, read back as Carbon reads them (not through the roles' variables). */
const fileChecks: Record<string, (dir: string, homes: Record<string, string>) => Promise<void>> = {
  // Seed 000: the slave's remoteInstance names the G-Reg machine; its mounts are read-only.
  '000': async (dir, homes) => {
    const reg = parseXml(await fileOn(dir, 'as2', `${homes.as2}/repository/conf/registry.xml`));
    const remotes = childrenOf(reg, 'remoteInstance');
    expect(remotes.map((r) => [r.attrs.url, textAt(r, 'readOnly')])).toEqual([[`https://${ipsOf(dir).greg1}:9443/registry`, 'true']]);
  },
  // Seed 002: subDomain where Carbon reads it: mgt on the manager, worker on the workers.
  '002': async (dir, homes) => {
    for (const [node, want] of [['mgr1', 'mgt'], ['worker1', 'worker'], ['worker2', 'worker']]) {
      const props = childrenOf(childAt(parseXml(await fileOn(dir, node, `${homes[node]}/repository/conf/axis2/axis2.xml`)), 'clustering'), 'parameter').find((p) => p.attrs.name === 'properties');
      expect(childrenOf(props, 'property').find((p) => p.attrs.name === 'subDomain')?.attrs.value, node).toBe(want);
    }
  },
  // Seed 003: HA in effect on every node (HA and Distributed on), HA persistence off, eventSync on the node's own
  // address, the presenter flag on the two presenters only; two Spark masters and the DAS link.
  '003': async (dir, homes) => {
    const ips = ipsOf(dir);
    for (const node of Object.keys(homes)) {
      const ep = await fileOn(dir, node, `${homes[node]}/repository/conf/event-processor.xml`);
      expect(eventProcessorMode(ep), node).toEqual({ mode: 'HA', presenter: node.startsWith('presenter') ? 'true' : 'false', persistence: 'false', eventSync: ips[node] });
      expect(childrenOf(parseXml(ep), 'mode').find((m) => m.attrs.name === 'Distributed')?.attrs.enable, node).toBe('true');
      const spark = readSparkDefaults(await fileOn(dir, node, `${homes[node]}/repository/conf/analytics/spark/spark-defaults.conf`));
      expect([spark.get('carbon.spark.master.count'), spark.get('carbon.das.symbolic.link')], node).toEqual(['2', '/opt/wso2/das']);
    }
  },
  // Seed 001: the console name (the service name every node advertises) is one sticky HTTPS host on 8243.
  '001': async (dir) => {
    const conf = await fileOn(dir, 'lb', '/etc/nginx/conf.d/carbon.conf');
    const https = conf.split(/\n(?=server {)/).filter((b) => /listen 8243 ssl;/.test(b));
    expect(https).toHaveLength(1);
    expect(https[0]).toMatch(/server_name governance\.cluster\.wso2\.com;[\s\S]*proxy_pass https:\/\/carbon_mgt;/);
    expect(conf).toMatch(/upstream carbon_mgt {\s+ip_hash;/);
  },
};

/**
 * A -Dsetup that takes as long as on a real database (the stand-in's CARBON_STANDIN_SETUP_DELAY_MS, set in the
 * pack's start script): two -Dsetup nodes started at once on an empty database would then surely overlap, and one fails.
 */
function slowSetup(pack: string): void {
  const top = execFileSync('unzip', ['-Z1', pack], { encoding: 'utf8' }).split('\n')[0]!.split('/')[0]!;
  const work = mkdtempSync(join(tmpdir(), 'cp-slow-setup-'));
  execFileSync('unzip', ['-q', pack, `${top}/bin/wso2server.sh`, '-d', work]);
  const script = join(work, top, 'bin', 'wso2server.sh');
  writeFileSync(script, readFileSync(script, 'utf8').replace('\n', '\nexport CARBON_STANDIN_SETUP_DELAY_MS=1500\n'));
  execFileSync('zip', ['-q', pack, `${top}/bin/wso2server.sh`], { cwd: work });
}

const AS = productHome('as');
const GREG = productHome('greg');
const DAS = productHome('das');

interface Guide { seed: string; inventory: string; products: ('as' | 'greg' | 'das')[]; subnet: string; hosts: string[]; homes: Record<string, string> }

const guides: Guide[] = [
  { seed: '000', inventory: 'inventory/as-greg', products: ['as', 'greg'], subnet: '10.200.111.0/24', hosts: ['greg1', 'as1', 'as2', 'db'], homes: { greg1: GREG, as1: AS, as2: AS } },
  { seed: '001', inventory: 'inventory/greg-cluster', products: ['greg'], subnet: '10.200.109.0/24', hosts: ['greg1', 'greg2', 'greg3', 'db', 'lb'], homes: { greg1: GREG, greg2: GREG, greg3: GREG } },
  { seed: '003', inventory: 'inventory/das-ha', products: ['das'], subnet: '10.200.112.0/24', hosts: ['receiver1', 'receiver2', 'indexer1', 'indexer2', 'analyzer1', 'analyzer2', 'presenter1', 'presenter2', 'db'], homes: { receiver1: DAS, receiver2: DAS, indexer1: DAS, indexer2: DAS, analyzer1: DAS, analyzer2: DAS, presenter1: DAS, presenter2: DAS } },
  { seed: '002', inventory: 'inventory/as-workers', products: ['as'], subnet: '10.200.110.0/24', hosts: ['mgr1', 'worker1', 'worker2', 'db', 'lb'], homes: { mgr1: AS, worker1: AS, worker2: AS } },
];

describe.each(guides)('seed $seed: $inventory', ({ seed, inventory, products, subnet, hosts, homes }) => {
  it('site.yaml verifies; the second run changes and restarts nothing; db-bootstrap twice ends with changed=0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-guide-'));
    try {
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
      await fileChecks[seed]?.(dir, homes);
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
      if (inventory.endsWith('greg-cluster')) {
        // wso2apim got its schema from the pack (seed 001), once.
        const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
        const c = await createConnection({ host: state.hosts.find((h) => h.name === 'db')!.ip, user: state.dbAdmin!.user, password: state.dbAdmin!.password });
        try {
          const [rows] = await c.query("SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'wso2apim'");
          expect((rows as { t: string }[]).map((r) => r.t)).toEqual(['AM_SUBSCRIBER']);
        } finally { await c.end(); }
      }
    } finally {
      await cli(['sandbox', 'down', '--dir', dir]);
    }
  });
});
