// Add-node and a rolling restart under load, on the guides whose deployments sit behind a load balancer and grow
// (seed 001: G-Reg nodes; seed 002: a new worker). One sandbox per guide, shared by its cases: site.yaml and the
// guide's own checks (as deploy-guides.test.ts makes for the other guides: the files, a second run that changes and
// restarts nothing, db-bootstrap.yaml twice), then add-node.yaml and rolling-restart.yaml (one node, then every node),
// each with a steady stream of requests through nginx that must see zero failed requests; then a site.yaml run that
// changes nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { changedCounts } from '../roles/helpers.js';
import { guideFileChecks } from './guide-file-checks.js';
import { startLoad, type LoadTarget } from './lb-load.js';
import { addApimgtScript, packName, packOptions, productHome } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

interface Guide {
  seed: string;
  inventory: string;
  product: 'greg' | 'as';
  subnet: string;
  /** The Carbon nodes of the inventory, in play order, and the node a user adds (its line after `after` in hosts). */
  nodes: string[];
  added: { name: string; after: string; line: string };
  /** Service traffic's backends (the LB's service upstream group), the added node among them. */
  backends: string[];
  /** The added node's WKA members: each logs it joined. */
  wka: string[];
  /** The LB's virtual hosts that must keep answering (lb is the LB's address). */
  load: (lb: string) => LoadTarget[];
}

const guides: Guide[] = [
  {
    seed: '001', inventory: 'inventory/greg-cluster', product: 'greg', subnet: '10.200.113.0/24',
    nodes: ['greg1', 'greg2', 'greg3'], added: { name: 'greg4', after: 'greg3 carbon_local_member_port=4252', line: 'greg4 carbon_local_member_port=4253' },
    backends: ['greg1', 'greg2', 'greg3', 'greg4'], wka: ['greg1', 'greg2', 'greg3'],
    // Services on 8280 (round robin to 9763) and the sticky console name on 8243 (ip_hash, HTTPS to 9443).
    load: (lb) => [
      { host: lb, port: 8280, serverName: 'governance.cluster.wso2.com', path: '/carbon/admin/login.jsp' },
      { host: lb, port: 8243, serverName: 'governance.cluster.wso2.com', path: '/carbon/admin/login.jsp', tls: true },
    ],
  },
  {
    seed: '002', inventory: 'inventory/as-workers', product: 'as', subnet: '10.200.114.0/24',
    nodes: ['mgr1', 'worker1', 'worker2'], added: { name: 'worker3', after: 'worker2', line: 'worker3' },
    backends: ['worker1', 'worker2', 'worker3'], wka: ['mgr1'],
    // Service traffic goes to the workers (80 and 443). The console name has the one manager behind it (seed 002):
    // it cannot answer while the manager restarts, so it is not part of the zero-failure stream.
    load: (lb) => [
      { host: lb, port: 80, serverName: 'as.wso2.com', path: '/services/' },
      { host: lb, port: 443, serverName: 'as.wso2.com', path: '/services/', tls: true },
    ],
  },
];

/** Runs the CLI; every command but `sandbox` (up aside) takes the shipped vault password. */
const cli = (args: string[]) => runCliCaptured(args[0] === 'sandbox' && args[1] !== 'up' ? args : [...args, ...shippedVaultArgs()]);

/** The last timestamp of a log line containing `text` (the sandbox's hosts share one clock). */
function lastAt(log: string, text: string): string {
  const lines = log.split('\n').filter((l) => l.includes(text));
  return /\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\]/.exec(lines[lines.length - 1] ?? '')?.[1] ?? '';
}

describe.each(guides)('seed $seed ($inventory): add-node and a rolling restart under load', (g) => {
  const work = makeTempDir(`cp-e2e-grow-${g.seed}-`);
  const inv = join(work, 'inv');
  const grown = join(work, 'inv-grown');
  const dir = join(work, 'sandbox');
  const home = productHome(g.product);
  const all = [...g.nodes, g.added.name];
  const ips = (): Record<string, string> => Object.fromEntries((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.map((h) => [h.name, h.ip]));
  const ssh = (host: string, command: string) => execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
    '-o', 'BatchMode=yes', `root@${ips()[host]}`, command], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pid = (host: string) => ssh(host, `p=$(cat ${home}/wso2carbon.pid) && kill -0 "$p" && echo "$p"`).trim();
  const log = (host: string) => ssh(host, `cat ${home}/repository/logs/wso2carbon.log`);
  const play = (playbook: string, ...more: string[]) => cli([playbook, '-i', inv, '-i', join(dir, 'inventory'), '-e', `carbon_pack_dir=${join(dir, 'packs')}`, ...more]);
  /** The user adds the node to the hosts file (its group's variables do the rest, as the guides' copies of a node). */
  const grow = (to: string) => {
    const hosts = join(to, 'hosts');
    writeFileSync(hosts, readFileSync(hosts, 'utf8').replace(new RegExp(`^${g.added.after}$`, 'm'), `${g.added.after}\n${g.added.line}`));
  };
  /** Runs a playbook with the load streaming through the LB; the counts come back with the run. */
  const underLoad = async (playbook: string, ...more: string[]) => {
    const load = startLoad(g.load(ips().lb!));
    const run = await play(playbook, ...more);
    return { run, count: await load.stop() };
  };
  let base: { code: number; out: string };

  beforeAll(async () => {
    cpSync(g.inventory, inv, { recursive: true });
    cpSync(g.inventory, grown, { recursive: true });
    grow(grown);
    const packs = packOptions([g.product]);
    const up = await cli(['sandbox', 'up', '--like', grown, ...packs.up, '--dir', dir, '--subnet', g.subnet]);
    expect(up.code, up.out).toBe(0);
    if (g.product === 'greg') addApimgtScript(join(dir, 'packs', packName('greg')));
    base = await play('playbooks/site.yaml');
  });

  afterAll(async () => {
    await takeSandboxDown(dir);
  });

  it('site.yaml deploys the guide\'s nodes; the node to add is untouched', () => {
    expect(base.code, base.out).toBe(0);
    expect(base.out).toMatch(/verify : every other WKA member logged joined/);
    expect(ssh(g.added.name, `test -e ${home} && echo yes || echo no`).trim()).toBe('no');
  });

  it('the files hold what the guide asks; a second run changes and restarts nothing; db-bootstrap twice ends with changed=0', async () => {
    expect(base.code, base.out).toBe(0);
    await guideFileChecks[g.seed]!({ run: async (node, command) => ssh(node, command), ips: ips(), homes: Object.fromEntries(g.nodes.map((n) => [n, home])) });
    // The -Dsetup node started alone: no node's DatabaseCreator failed on tables another was creating.
    for (const n of g.nodes) expect(log(n), n).not.toMatch(/Error occurred while executing|Cannot start User Manager Core bundle/);
    // Every sandbox host: the node to add is in the recap too, with nothing done.
    const deployed = [...all, 'db', 'lb'];
    const before = g.nodes.map(pid);
    const second = await play('playbooks/site.yaml');
    expect(second.code, second.out).toBe(0);
    expect(changedCounts(second.out), second.out).toEqual(Object.fromEntries(deployed.map((h) => [h, 0])));
    expect(g.nodes.map(pid)).toEqual(before);
    const boot1 = await play('playbooks/db-bootstrap.yaml');
    expect(boot1.code, boot1.out).toBe(0);
    const boot2 = await play('playbooks/db-bootstrap.yaml');
    expect(boot2.code, boot2.out).toBe(0);
    // db-bootstrap.yaml runs the inventory check first, which lists every host (set_fact only, no connection).
    expect(changedCounts(boot2.out), boot2.out).toEqual(Object.fromEntries(deployed.map((h) => [h, 0])));
    if (g.product === 'greg') {
      // wso2apim got its schema from the pack (seed 001), once.
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
      const c = await createConnection({ host: ips().db!, user: state.dbAdmin!.user, password: state.dbAdmin!.password });
      try {
        const [rows] = await c.query("SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'wso2apim'");
        expect((rows as { t: string }[]).map((r) => r.t)).toEqual(['AM_SUBSCRIBER']);
      } finally { await c.end(); }
    }
  });

  it(`add-node.yaml adds ${g.added.name} with zero failed requests; the running nodes keep their processes`, async () => {
    const before = g.nodes.map(pid);
    grow(inv);
    const { run, count } = await underLoad('playbooks/add-node.yaml', '-e', `new_nodes=${g.added.name}`);
    expect(run.code, run.out).toBe(0);
    expect(count.ok).toBeGreaterThan(10);
    expect(count.failed, `failed requests: ${count.failures.slice(0, 5).join(', ')}`).toBe(0);
    expect(g.nodes.map(pid)).toEqual(before);
    expect(log(g.added.name)).toMatch(/WSO2 Carbon started in \d+ sec/);
    // Its WKA members logged it joined (Carbon 4.4's line, with its exact address).
    const joined = new RegExp(`Member joined \\[[0-9a-f-]{36}\\]: /${ips()[g.added.name]!.replaceAll('.', '\\.')}:\\d+$`, 'm');
    for (const h of g.wka) expect(log(h), h).toMatch(joined);
    // The LB sends it service traffic now: nginx names it as the upstream of an answer.
    const served = ssh(g.nodes[0]!, `for i in $(seq 1 ${3 * g.backends.length}); do curl -s -o /dev/null -w '%{http_code} %header{x-carbon-upstream}\\n' -H 'Host: ${g.load('')[0]!.serverName}' http://${ips().lb}:${g.load('')[0]!.port}${g.load('')[0]!.path}; done`);
    expect(served).toMatch(new RegExp(`^[1-4]\\d\\d ${ips()[g.added.name]!.replaceAll('.', '\\.')}:`, 'm'));
    for (const h of g.nodes) expect(ssh(h, `test -e ${home}/.carbon-play-restart-pending && echo pending || echo none`).trim(), h).toBe('none');
  });

  it('rolling-restart.yaml -e restart_nodes=HOST restarts that node alone, drained, under load', async () => {
    const [one, ...rest] = [g.backends[0]!, ...all.filter((n) => n !== g.backends[0])];
    const before = rest.map(pid);
    const oldPid = pid(one);
    const { run, count } = await underLoad('playbooks/rolling-restart.yaml', '-e', `restart_nodes=${one}`);
    expect(run.code, run.out).toBe(0);
    expect(pid(one)).not.toBe(oldPid);
    expect(rest.map(pid)).toEqual(before);
    expect(count.failed, `failed requests: ${count.failures.slice(0, 5).join(', ')}`).toBe(0);
    const notCarbon = await play('playbooks/rolling-restart.yaml', '-e', 'restart_nodes=lb');
    expect(notCarbon.code, notCarbon.out).toBe(2);
    expect(notCarbon.out).toContain("lb is not in the inventory's carbon group");
  });

  it('a rolling restart of every node under load: zero failed requests, each node back in the cluster before the next goes down', async () => {
    const before = all.map(pid);
    const { run, count } = await underLoad('playbooks/rolling-restart.yaml');
    expect(run.code, run.out).toBe(0);
    all.forEach((n, i) => expect(pid(n), `${n} restarted`).not.toBe(before[i]));
    expect(run.out).toMatch(/lb_nginx : the node out of the load balancer's upstreams/);
    expect(count.ok).toBeGreaterThan(20);
    expect(count.failed, `failed requests: ${count.failures.slice(0, 5).join(', ')}`).toBe(0);
    expect(ssh('lb', 'grep -c " down;" /etc/nginx/conf.d/carbon.conf || true').trim()).toBe('0');
    // In play order, the next node went down only after it had logged the previous one back in the cluster.
    const logs = Object.fromEntries(all.map((n) => [n, log(n)]));
    for (let i = 1; i < all.length; i++) {
      const [prev, next] = [all[i - 1]!, all[i]!];
      const prevDown = lastAt(logs[prev]!, 'Shutdown hook triggered');
      const nextDown = lastAt(logs[next]!, 'Shutdown hook triggered');
      const joinsBefore = logs[next]!.slice(0, logs[next]!.lastIndexOf('Shutdown hook triggered')).split('\n').filter((l) => l.includes('Member joined [')).join('\n');
      const prevBack = lastAt(joinsBefore, `]: /${ips()[prev]}:`);
      expect(prevDown < prevBack && prevBack < nextDown, `${prev} down at ${prevDown}, ${next} logged it back at ${prevBack}, went down at ${nextDown}`).toBe(true);
    }
  });

  it('a later site.yaml run changes nothing and restarts nothing', async () => {
    const before = all.map(pid);
    const again = await play('playbooks/site.yaml');
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out), again.out).toEqual(Object.fromEntries([...all, 'db', 'lb'].map((h) => [h, 0])));
    expect(all.map(pid)).toEqual(before);
  });
});
