// add-node.yaml on a running EI cluster, as a user grows one: deploy two nodes, add ei3 to the inventory,
// run add-node.yaml under a stream of requests through nginx (none fails); every member logs ei3 joined, no existing
// node restarts, and a later site.yaml run changes nothing and restarts nothing.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { startLoad } from './lb-load.js';
import { packName, packOptions, productHome } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

const SUBNET = '10.200.108.0/24';
const HOME = productHome('ei');
const work = makeTempDir('cp-e2e-add-node-');
/** The user's inventory: inventory/ei-nginx (two nodes) until ei3 is added to it. */
const inv = join(work, 'inv');
/** The same with ei3, only to give the sandbox a host for it from the start. */
const grown = join(work, 'inv-grown');
const dir = join(work, 'sandbox');

/** inventory/ei-nginx plus ei3, with its own local registry database (its schema from the pack: ei3 never runs -Dsetup). */
function addEi3(to: string): void {
  writeFileSync(join(to, 'hosts'), readFileSync(join(to, 'hosts'), 'utf8').replace(/^ei2$/m, 'ei2\nei3'));
  writeFileSync(join(to, 'host_vars', 'ei3.yml'), 'carbon_local_registry_db: REGISTRY_LOCAL3\n');
  appendFileSync(join(to, 'group_vars', 'dbservers.yml'), `  - name: REGISTRY_LOCAL3\n    schemas: [dbscripts/mysql.sql]\n    pack: "{{carbon_pack_dir}}/${packName('ei')}"\n`);
}

const cli = runCliCaptured;

const play = (playbook: string, ...more: string[]) =>
  cli([playbook, '-i', inv, '-i', join(dir, 'inventory'), ...shippedVaultArgs(), '-e', `carbon_pack_dir=${join(dir, 'packs')}`, ...more]);

function ip(host: string): string {
  return (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.find((h) => h.name === host)!.ip;
}

function ssh(host: string, command: string): string {
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip(host)}`, command], { encoding: 'utf8' });
}

const pid = (host: string) => ssh(host, `cat ${HOME}/wso2carbon.pid`).trim();
const log = (host: string) => ssh(host, `cat ${HOME}/repository/logs/wso2carbon.log`);

/** The recap's changed= count per host. */
function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}

describe('add-node.yaml grows a running EI cluster', () => {
  let base: { code: number; out: string };

  beforeAll(async () => {
    cpSync('inventory/ei-nginx', inv, { recursive: true });
    cpSync('inventory/ei-nginx', grown, { recursive: true });
    addEi3(grown);
    const up = await cli(['sandbox', 'up', '--like', grown, ...shippedVaultArgs(), ...packOptions(['ei']).up, '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    base = await play('playbooks/site.yaml');
  });

  afterAll(async () => {
    await takeSandboxDown(dir);
  });

  it('site.yaml deploys the two-node cluster, ei3 untouched', () => {
    expect(base.code, base.out).toBe(0);
    expect(ssh('ei1', `grep -c '<member>' ${HOME}/conf/axis2/axis2.xml`).trim()).toBe('2');
    expect(ssh('ei3', `test -e ${HOME} && echo yes || echo no`).trim()).toBe('no');
  });

  it('without new_nodes, or with a host outside the carbon group, add-node.yaml stops before touching a host', async () => {
    const none = await play('playbooks/add-node.yaml');
    expect(none.code, none.out).toBe(2);
    expect(none.out).toContain('add-node.yaml needs -e new_nodes=PATTERN');
    expect(none.out).not.toMatch(/PLAY \[databases/);
    const lb = await play('playbooks/add-node.yaml', '-e', 'new_nodes=lb');
    expect(lb.code, lb.out).toBe(2);
    expect(lb.out).toContain("lb is not in the inventory's carbon group");
    expect(lb.out).not.toMatch(/PLAY \[databases/);
  });

  it('adds ei3: every member logs it joined, the existing ones learn it without a restart', async () => {
    const before = [pid('ei1'), pid('ei2')];
    addEi3(inv);
    // Service traffic keeps flowing through nginx while ei3 is added: zero failed requests.
    const load = startLoad([{ host: ip('lb'), port: 80, serverName: 'ei.wso2.com', path: '/services' }]);
    const r = await play('playbooks/add-node.yaml', '-e', 'new_nodes=ei3');
    const count = await load.stop();
    expect(r.code, r.out).toBe(0);
    expect(count.ok).toBeGreaterThan(10);
    expect(count.failed, `failed requests: ${count.failures.slice(0, 5).join(', ')}`).toBe(0);
    // Carbon 4.4's line, with the exact address of the other member.
    const joined = (h: string) => new RegExp(`Member joined \\[[0-9a-f-]{36}\\]: /${ip(h).replaceAll('.', '\\.')}:4100$`, 'm');
    for (const h of ['ei1', 'ei2']) expect(log(h)).toMatch(joined('ei3'));
    expect(log('ei3')).toMatch(/WSO2 Carbon started in \d+ sec/);
    for (const h of ['ei1', 'ei2']) expect(log('ei3')).toMatch(joined(h));
    // Existing members: still the same processes, their member lists and /etc/hosts name ei3 for their next start.
    expect([pid('ei1'), pid('ei2')]).toEqual(before);
    for (const h of ['ei1', 'ei2']) {
      expect(ssh(h, `cat ${HOME}/conf/axis2/axis2.xml`)).toContain(`<hostName>${ip('ei3')}</hostName>`);
      expect(ssh(h, `test -e ${HOME}/.carbon-play-restart-pending && echo pending || echo none`).trim()).toBe('none');
    }
    // The LB sends ei3 service traffic (pass-through 8280/8243) and trusts its certificate; ei3 serves requests through it.
    const conf = ssh('lb', 'cat /etc/nginx/conf.d/carbon.conf');
    expect(conf).toContain(`server ${ip('ei3')}:8280;`);
    expect(conf).toContain(`server ${ip('ei3')}:8243;`);
    expect(ssh('lb', 'grep -c "BEGIN CERTIFICATE" /etc/nginx/ssl/carbon-backends.pem').trim()).toBe('4');
    const served = ssh('ei1', `for i in 1 2 3 4 5 6 7 8 9; do curl -s -o /dev/null -w '%{http_code} %header{x-carbon-upstream}\\n' -H 'Host: ei.wso2.com' http://${ip('lb')}/services; done`);
    expect(served).toContain(`200 ${ip('ei3')}:8280`);
    // ei3 pulls ei1's deployment folder with its own read-only key, accepted from its address only.
    expect(ssh('ei1', 'grep "carbon-play depsync ei3" /root/.ssh/authorized_keys')).toContain(`from="${ip('ei3')}",restrict`);
    expect(ssh('ei3', `test -f ${HOME}/repository/deployment/server/.carbon-play-depsync-source && echo pulled`).trim()).toBe('pulled');
  });

  it('a later site.yaml run changes nothing and restarts nothing', async () => {
    const before = ['ei1', 'ei2', 'ei3'].map(pid);
    const again = await play('playbooks/site.yaml');
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ db: 0, ei1: 0, ei2: 0, ei3: 0, lb: 0 });
    expect(['ei1', 'ei2', 'ei3'].map(pid)).toEqual(before);
  });
});
