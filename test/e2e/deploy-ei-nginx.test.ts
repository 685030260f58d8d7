// Seed 004 as a user rehearses it: `sandbox up --like inventory/ei-nginx`, then site.yaml, twice, and db-bootstrap.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { packOptions, productHome } from './product-packs.js';

const INVENTORY = 'inventory/ei-nginx';
const SUBNET = '10.200.104.0/24';
const HOME = productHome('ei');
const NODES = ['ei1', 'ei2'] as const;
const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-ei-nginx-'));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  const code = await runCli(args, io);
  return { code, out };
}

const play = (playbook: string, ...more: string[]) => cli([playbook, '-i', INVENTORY, '-i', join(dir, 'inventory'), ...more, '-e', `carbon_pack_dir=${join(dir, 'packs')}`]);

/** Runs a command on a sandbox host through OpenSSH, independent of the code under test. */
function ssh(host: string, command: string): string {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const ip = state.hosts.find((h) => h.name === host)!.ip;
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip}`, command], { encoding: 'utf8' });
}

/** The recap's changed= count per host. */
function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

const TRUSTSTORE = `${HOME}/repository/resources/security/client-truststore.jks`;

const pids = () => NODES.map((n) => ssh(n, `cat ${HOME}/wso2carbon.pid`).trim());

describe('EI + nginx (seed 004) deployed into its own sandbox', () => {
  let first: { code: number; out: string };

  beforeAll(async () => {
    // Every pack ships client-truststore.jks (password wso2carbon), as a distribution does.
    const up = await cli(['sandbox', 'up', '--like', INVENTORY, ...packOptions(['ei']).up, '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    first = await play('playbooks/site.yaml');
  });

  afterAll(async () => {
    await cli(['sandbox', 'down', '--dir', dir]);
  });

  it('site.yaml builds and verifies the cluster (no database password in the output)', () => {
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/verify : every backend answered through the load balancer/);
    expect(first.out).not.toContain('regadmin</password>');
  });

  it('ei1 created the schema with -Dsetup, ei2 only found it; both joined each other', () => {
    const log1 = ssh('ei1', `cat ${HOME}/repository/logs/wso2carbon.log`);
    const log2 = ssh('ei2', `cat ${HOME}/repository/logs/wso2carbon.log`);
    expect(log1).toMatch(/Creating database tables in 'WSO2_USER_DB'/);
    expect(log2).not.toMatch(/Creating database tables in 'WSO2_USER_DB'/);
    expect(log1).toMatch(/Member joined \[[\d.]+:4100\] \(wso2.ei.domain\)/);
    expect(log2).toMatch(/Member joined \[[\d.]+:4100\] \(wso2.ei.domain\)/);
  });

  it("the LB certificate is in both nodes' trust stores, imported before their first start (so it is loaded)", () => {
    for (const n of NODES) {
      expect(ssh(n, `keytool -list -keystore ${TRUSTSTORE} -storepass wso2carbon -alias ei.wso2.com`), n).toMatch(/trustedCertEntry/);
      // The pid file is written by the start: the trust store must not be newer.
      expect(ssh(n, `[ ${TRUSTSTORE} -nt ${HOME}/wso2carbon.pid ] && echo after || echo before`).trim(), n).toBe('before');
      expect(ssh(n, `test -e ${HOME}/.carbon-play-restart-pending && echo pending || echo none`).trim(), n).toBe('none');
    }
  });

  it('nginx sends requests to both nodes', () => {
    const lbIp = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.find((h) => h.name === 'lb')!.ip;
    const bodies = ssh('ei1', `for i in 1 2 3 4 5 6; do curl -s -H 'Host: ei.wso2.com' http://${lbIp}/carbon/admin/login.jsp; done`);
    expect(bodies).toContain('node: ei1');
    expect(bodies).toContain('node: ei2');
  });

  it('a second run changes nothing and restarts nothing', async () => {
    const before = pids();
    const again = await play('playbooks/site.yaml');
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ db: 0, ei1: 0, ei2: 0, lb: 0 });
    expect(pids()).toEqual(before);
  });

  it('a config change restarts only the changed node, through the handler', async () => {
    const before = pids();
    ssh('ei2', `sed -i 's#<Offset>0</Offset>#<Offset>7</Offset>#' ${HOME}/conf/carbon.xml`);
    const fix = await play('playbooks/site.yaml');
    expect(fix.code, fix.out).toBe(0);
    const changed = changedCounts(fix.out);
    expect(changed.ei1).toBe(0);
    expect(changed.ei2).toBeGreaterThan(0);
    const after = pids();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('config changes on both nodes restart them one after the other: ei2 goes down only once ei1 is back', async () => {
    const before = pids();
    for (const n of NODES) ssh(n, `sed -i 's#<Offset>0</Offset>#<Offset>7</Offset>#' ${HOME}/conf/carbon.xml`);
    const fix = await play('playbooks/site.yaml');
    expect(fix.code, fix.out).toBe(0);
    const after = pids();
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    // The last stop and start of each node, by the log's own timestamps (one clock: the sandbox's hosts share it).
    const last = (log: string, text: string) => {
      const lines = log.split('\n').filter((l) => l.includes(text));
      return /\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\]/.exec(lines[lines.length - 1] ?? '')?.[1] ?? '';
    };
    const [log1, log2] = NODES.map((n) => ssh(n, `cat ${HOME}/repository/logs/wso2carbon.log`));
    const ei1Ready = last(log1, 'WSO2 Carbon started in');
    const ei2Down = last(log2, 'Shutdown hook triggered');
    expect(last(log1, 'Shutdown hook triggered') < ei1Ready).toBe(true);
    expect(ei1Ready < ei2Down, `ei1 ready at ${ei1Ready}, ei2 went down at ${ei2Down}`).toBe(true);
    expect(ei2Down < last(log2, 'WSO2 Carbon started in')).toBe(true);
    // And ei2 had logged ei1 back in the cluster (after ei1's restart) before it went down itself.
    const ei1Ip = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.find((h) => h.name === 'ei1')!.ip;
    const ei1Back = last(log2.slice(0, log2.lastIndexOf('Shutdown hook triggered')), `Member joined [${ei1Ip}:4100]`);
    expect(last(log1, 'Shutdown hook triggered') < ei1Back, `ei1 went down at ${last(log1, 'Shutdown hook triggered')}, ei2 logged it back at ${ei1Back}`).toBe(true);
  });

  it('a broken inventory fails in the check and touches nothing', async () => {
    const broken = join(dir, 'broken');
    writeFileSync(broken, '[carbon]\nei2 carbon_registry_shared_jndi=jdbc/Missing jdbc_driver_class=com.mysql.jdbc.Driver\n');
    const conf = () => NODES.map((n) => ssh(n, `cat ${HOME}/conf/registry.xml ${HOME}/conf/datasources/master-datasources.xml | md5sum`));
    const [beforePids, beforeConf] = [pids(), conf()];
    const r = await play('playbooks/site.yaml', '-i', broken);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/inventory check failed: .*JNDI name jdbc\/Missing.*driver class com\.mysql\.jdbc\.Driver is not in the driver jar/);
    expect(r.out).not.toMatch(/PLAY \[databases/);
    expect(pids()).toEqual(beforePids);
    expect(conf()).toEqual(beforeConf);
  });

  it('db-bootstrap.yaml is safe to run again: the second run reports changed=0', async () => {
    const a = await play('playbooks/db-bootstrap.yaml');
    const b = await play('playbooks/db-bootstrap.yaml');
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    // The inventory check runs first and lists every host (set_fact only, no connection).
    expect(changedCounts(b.out)).toEqual({ db: 0, ei1: 0, ei2: 0, lb: 0 });
  });
});
