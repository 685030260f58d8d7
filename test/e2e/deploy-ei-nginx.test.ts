// Seed 004 as a user rehearses it: `sandbox up --like inventory/ei-nginx`, then site.yaml, twice, and db-bootstrap;
// last, Secure Vault turned off on the running cluster (one sandbox for both: each built its own before).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { guideFileChecks } from './guide-file-checks.js';
import { startLoad } from './lb-load.js';
import { packOptions, productHome } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

const INVENTORY = 'inventory/ei-nginx';
const SUBNET = '10.200.104.0/24';
const HOME = productHome('ei');
const NODES = ['ei1', 'ei2'] as const;
const dir = makeTempDir('cp-e2e-ei-nginx-');

const cli = runCliCaptured;

const play = (playbook: string, ...more: string[]) => cli([playbook, '-i', INVENTORY, '-i', join(dir, 'inventory'), ...shippedVaultArgs(), ...more, '-e', `carbon_pack_dir=${join(dir, 'packs')}`]);

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

/** Each sandbox host's address, by name. */
const ipOf = (): Record<string, string> => Object.fromEntries((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.map((h) => [h.name, h.ip]));

describe('EI + nginx (seed 004) deployed into its own sandbox', () => {
  let first: { code: number; out: string };

  beforeAll(async () => {
    // Every pack ships client-truststore.jks (password wso2carbon), as a distribution does.
    const up = await cli(['sandbox', 'up', '--like', INVENTORY, ...shippedVaultArgs(), ...packOptions(['ei']).up, '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    first = await play('playbooks/site.yaml');
  });

  afterAll(async () => {
    await takeSandboxDown(dir);
  });

  it('site.yaml builds and verifies the cluster (no database password in the output)', () => {
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/ok: \[ei2\] => verify : every backend served requests through the load balancer/);
    expect(first.out).not.toContain('regadmin</password>');
  });

  it('the bootstrap loaded every schema: ei1\'s -Dsetup found the tables and created none; both joined each other', () => {
    const log1 = ssh('ei1', `cat ${HOME}/repository/logs/wso2carbon.log`);
    const log2 = ssh('ei2', `cat ${HOME}/repository/logs/wso2carbon.log`);
    for (const db of ['WSO2_USER_DB', 'REGISTRY_DB', 'REGISTRY_LOCAL1', 'REGISTRY_LOCAL2']) {
      expect(first.out, db).toMatch(new RegExp(`"msg":"${db}: [1-9]\\d* tables \\(`));
    }
    // user.core's DefaultRealmService on ei1 (-Dsetup): UM_SYSTEM_USER answers, so no script runs.
    expect(log1).toMatch(/INFO - DefaultRealmService Database already exists\. Not creating a new database\./);
    expect(log1 + log2).not.toMatch(/Creating database tables/);
    // Carbon 4.4's line, with the other member's exact address.
    const ips = ipOf();
    expect(log1).toMatch(new RegExp(`Member joined \\[[0-9a-f-]{36}\\]: /${ips.ei2.replaceAll('.', '\\.')}:4100$`, 'm'));
    expect(log2).toMatch(new RegExp(`Member joined \\[[0-9a-f-]{36}\\]: /${ips.ei1.replaceAll('.', '\\.')}:4100$`, 'm'));
  });

  it('the deployed files hold what seed 004 asks, read back as Carbon reads them', async () => {
    expect(first.code, first.out).toBe(0);
    await guideFileChecks['004']!({ run: async (node, command) => ssh(node, command), ips: ipOf(), homes: { ei1: HOME, ei2: HOME } });
  });

  it("the LB certificate is in both nodes' trust stores, imported before their first start (so it is loaded)", () => {
    for (const n of NODES) {
      expect(ssh(n, `keytool -list -keystore ${TRUSTSTORE} -storepass wso2carbon -alias ei.wso2.com`), n).toMatch(/trustedCertEntry/);
      // The pid file is written by the start: the trust store must not be newer.
      expect(ssh(n, `[ ${TRUSTSTORE} -nt ${HOME}/wso2carbon.pid ] && echo after || echo before`).trim(), n).toBe('before');
      expect(ssh(n, `test -e ${HOME}/.carbon-play-restart-pending && echo pending || echo none`).trim(), n).toBe('none');
    }
  });

  it('nginx sends service traffic to both nodes\' pass-through ports, HTTPS to HTTPS with their certificates verified', () => {
    const ips = ipOf();
    // nginx's own record of the upstream, on HTTP 80 (-> 8280) and HTTPS 443 (-> 8243, TLS to the node).
    const upstreams = (url: string) => ssh('ei1', `for i in 1 2 3 4 5 6; do curl -sk -o /dev/null -w '%{http_code} %header{x-carbon-upstream}\\n' -H 'Host: ei.wso2.com' ${url}; done`);
    const http = upstreams(`http://${ips.lb}/services`);
    const https = upstreams(`https://${ips.lb}/services`);
    for (const n of NODES) {
      expect(http, n).toContain(`200 ${ips[n]}:8280`);
      expect(https, n).toContain(`200 ${ips[n]}:8243`);
    }
    // The LB's bundle holds the nodes' own certificates, and nginx verifies them.
    const conf = ssh('lb', 'cat /etc/nginx/conf.d/carbon.conf');
    expect(conf).toMatch(/proxy_ssl_verify on;\s+proxy_ssl_trusted_certificate \/etc\/nginx\/ssl\/carbon-backends\.pem;/);
    expect(ssh('lb', 'grep -c "BEGIN CERTIFICATE" /etc/nginx/ssl/carbon-backends.pem').trim()).toBe('3');
  });

  it('the console name reaches ei1 only (seed 004), over HTTPS to its 9443', () => {
    const ips = ipOf();
    const seen = ssh('ei2', `for i in 1 2 3 4; do curl -sk -o /dev/null -w '%header{x-carbon-upstream}\\n' -H 'Host: ui.ei.wso2.com' https://${ips.lb}/carbon/admin/login.jsp; done`);
    expect(new Set(seen.trim().split('\n'))).toEqual(new Set([`${ips.ei1}:9443`]));
  });

  it('ei2 pulled ei1\'s deployment folder (rsync, read-only key from its own address)', () => {
    ssh('ei1', `mkdir -p ${HOME}/repository/deployment/server/synapse-configs/default/api && echo '<api name="e2e"/>' > ${HOME}/repository/deployment/server/synapse-configs/default/api/e2e.xml`);
    const pulled = ssh('ei2', '/opt/wso2/depsync/depsync.sh');
    expect(pulled).toMatch(/e2e\.xml/);
    expect(ssh('ei2', `cat ${HOME}/repository/deployment/server/synapse-configs/default/api/e2e.xml`)).toContain('name="e2e"');
    const keys = ssh('ei1', 'grep "carbon-play depsync ei2" /root/.ssh/authorized_keys');
    expect(keys).toMatch(new RegExp(`^command="/usr/bin/rrsync -ro ${HOME}/repository/deployment/server/",from="${ipOf().ei2.replaceAll('.', '\\.')}",restrict ssh-ed25519 `));
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
    const joins2 = log2.slice(0, log2.lastIndexOf('Shutdown hook triggered')).split('\n').filter((l) => l.includes('Member joined [')).join('\n');
    const ei1Back = last(joins2, `]: /${ei1Ip}:4100`);
    expect(last(log1, 'Shutdown hook triggered') < ei1Back, `ei1 went down at ${last(log1, 'Shutdown hook triggered')}, ei2 logged it back at ${ei1Back}`).toBe(true);
  });

  it('a rolling restart of every node under a steady stream of requests through the LB: zero failed requests', async () => {
    const before = pids();
    for (const n of NODES) ssh(n, `touch ${HOME}/.carbon-play-restart-pending`);
    // One request at a time, back to back, for the whole rollout (HTTP 80 -> the nodes' pass-through 8280).
    const load = startLoad([{ host: ipOf().lb!, port: 80, serverName: 'ei.wso2.com', path: '/services' }]);
    const roll = await play('playbooks/site.yaml');
    const counts = await load.stop();
    expect(roll.code, roll.out).toBe(0);
    const after = pids();
    NODES.forEach((n, i) => expect(after[i], `${n} restarted`).not.toBe(before[i]));
    expect(roll.out).toMatch(/lb_nginx : the node out of the load balancer's upstreams/);
    expect(counts.ok).toBeGreaterThan(20);
    expect(counts.failed, `failed requests: ${counts.failures.slice(0, 5).join(', ')}`).toBe(0);
    // Both nodes are back in the upstreams.
    expect(ssh('lb', 'grep -c " down;" /etc/nginx/conf.d/carbon.conf || true').trim()).toBe('0');
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

  // Secure Vault on (as deployed above), then off (real EI 6.4.0 files when ../shared has them): with it the pass-through
  // HTTPS key stores are aliases the node resolves; turned off, every file is plain again, the nodes restart with plain
  // passwords and still serve TLS, and a further run changes nothing.
  describe('Secure Vault turned off on the running cluster', () => {
    /** What nginx saw answering HTTPS 443 (TLS to each node's pass-through 8243, with its key store). */
    const httpsUpstreams = () => ssh('ei1', `for i in 1 2 3 4 5 6; do curl -sk -o /dev/null -w '%{http_code} %header{x-carbon-upstream}\\n' -H 'Host: ei.wso2.com' https://${ipOf().lb}/services; done`);

    it('with it, axis2.xml\'s transport key store passwords are aliases and the nodes serve TLS on 8243 with them', () => {
      expect(first.code, first.out).toBe(0);
      for (const n of NODES) {
        const axis2 = ssh(n, `cat ${HOME}/conf/axis2/axis2.xml`);
        for (const alias of ['Listener.KeyStore.Password', 'Listener.KeyStore.KeyPassword', 'Listener.TrustStore.Password', 'Sender.KeyStore.Password', 'Sender.KeyStore.KeyPassword', 'Sender.TrustStore.Password']) {
          expect(axis2, n).toContain(`svns:secretAlias="Axis2.Https.${alias}">password<`);
        }
      }
      const [ips, seen] = [ipOf(), httpsUpstreams()];
      for (const n of NODES) expect(seen, n).toContain(`200 ${ips[n]}:8243`);
    });

    it('turned off: plain passwords, no alias left, the role\'s files gone, the nodes restarted and serving TLS; a further run changes nothing', async () => {
      const before = pids();
      const off = await play('playbooks/site.yaml', '-e', 'carbon_secure_vault=false');
      expect(off.code, off.out).toBe(0);
      expect(off.out).not.toContain('wso2carbon<');
      const after = pids();
      NODES.forEach((n, i) => expect(after[i], `${n} restarted`).not.toBe(before[i]));
      for (const n of NODES) {
        // Outside comments, no file under conf/ names an alias; the security folder holds none of the role's files.
        expect(ssh(n, `cd ${HOME}/conf && for f in $(find . -name '*.xml'); do perl -0pe 's/<!--.*?-->//gs' $f | grep -l secretAlias >/dev/null && echo $f; done; true`).trim(), n).toBe('');
        expect(ssh(n, `ls ${HOME}/conf/security/secret-conf.properties ${HOME}/conf/security/cipher-text.properties ${HOME}/password-persist 2>/dev/null; true`).trim(), n).toBe('');
        // EI's axis2.xml: the listener's and the sender's key and trust stores.
        expect(ssh(n, `grep -c '<Password>wso2carbon</Password>' ${HOME}/conf/axis2/axis2.xml`).trim(), n).toBe('4');
        // Started again after the change, with no Secure Vault error.
        const log = ssh(n, `cat ${HOME}/repository/logs/wso2carbon.log`);
        expect(log.slice(log.lastIndexOf('Shutdown hook triggered')), n).toMatch(/WSO2 Carbon started in/);
        expect(log.slice(log.lastIndexOf('Shutdown hook triggered')), n).not.toMatch(/SecretManager|Keystore was tampered/);
      }
      const [ips, seen] = [ipOf(), httpsUpstreams()];
      for (const n of NODES) expect(seen, n).toContain(`200 ${ips[n]}:8243`);

      const again = await play('playbooks/site.yaml', '-e', 'carbon_secure_vault=false');
      expect(again.code, again.out).toBe(0);
      expect(changedCounts(again.out)).toEqual({ db: 0, ei1: 0, ei2: 0, lb: 0 });
      expect(pids()).toEqual(after);
    });
  });
});
