// Secure Vault on, then off, on seed 004's EI cluster (real EI 6.4.0 files when ../shared has them): with it the
// pass-through HTTPS key stores are aliases the node resolves; turned off, every file is plain again, the nodes
// restart with plain passwords and still serve TLS, and a further run changes nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import { packOptions, productHome, realPacks } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

const INVENTORY = 'inventory/ei-nginx';
const SUBNET = '10.200.117.0/24';
const HOME = productHome('ei');
const NODES = ['ei1', 'ei2'] as const;
const dir = makeTempDir('cp-e2e-vault-off-');

const cli = runCliCaptured;

const play = (...more: string[]) => cli(['playbooks/site.yaml', '-i', INVENTORY, '-i', join(dir, 'inventory'), ...shippedVaultArgs(), ...more, '-e', `carbon_pack_dir=${join(dir, 'packs')}`]);

const state = () => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;

/** Runs a command on a sandbox host through OpenSSH, independent of the code under test. */
function ssh(host: string, command: string): string {
  const ip = state().hosts.find((h) => h.name === host)!.ip;
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip}`, command], { encoding: 'utf8' });
}

function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

const pids = () => NODES.map((n) => ssh(n, `cat ${HOME}/wso2carbon.pid`).trim());

/** What nginx saw answering HTTPS 443 (TLS to each node's pass-through 8243, with its key store). */
function httpsUpstreams(): string {
  const lb = state().hosts.find((h) => h.name === 'lb')!.ip;
  return ssh('ei1', `for i in 1 2 3 4 5 6; do curl -sk -o /dev/null -w '%{http_code} %header{x-carbon-upstream}\\n' -H 'Host: ei.wso2.com' https://${lb}/services; done`);
}

describe('Secure Vault turned off on a running EI cluster', () => {
  let on: { code: number; out: string };

  beforeAll(async () => {
    const up = await cli(['sandbox', 'up', '--like', INVENTORY, ...shippedVaultArgs(), ...packOptions(['ei']).up, '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    on = await play();
  });

  afterAll(async () => {
    await takeSandboxDown(dir);
  });

  it('with it, axis2.xml\'s transport key store passwords are aliases and the nodes serve TLS on 8243 with them', () => {
    expect(on.code, on.out).toBe(0);
    for (const n of NODES) {
      const axis2 = ssh(n, `cat ${HOME}/conf/axis2/axis2.xml`);
      const senders = realPacks ? ['Sender.KeyStore.Password', 'Sender.KeyStore.KeyPassword', 'Sender.TrustStore.Password'] : [];
      for (const alias of ['Listener.KeyStore.Password', 'Listener.KeyStore.KeyPassword', 'Listener.TrustStore.Password', ...senders]) {
        expect(axis2, n).toContain(`svns:secretAlias="Axis2.Https.${alias}">password<`);
      }
    }
    const ips = Object.fromEntries(state().hosts.map((h) => [h.name, h.ip]));
    const seen = httpsUpstreams();
    for (const n of NODES) expect(seen, n).toContain(`200 ${ips[n]}:8243`);
  });

  it('turned off: plain passwords, no alias left, the role\'s files gone, the nodes restarted and serving TLS; a further run changes nothing', async () => {
    const before = pids();
    const off = await play('-e', 'carbon_secure_vault=false');
    expect(off.code, off.out).toBe(0);
    expect(off.out).not.toContain('wso2carbon<');
    const after = pids();
    NODES.forEach((n, i) => expect(after[i], `${n} restarted`).not.toBe(before[i]));
    for (const n of NODES) {
      // Outside comments, no file under conf/ names an alias; the security folder holds none of the role's files.
      expect(ssh(n, `cd ${HOME}/conf && for f in $(find . -name '*.xml'); do perl -0pe 's/<!--.*?-->//gs' $f | grep -l secretAlias >/dev/null && echo $f; done; true`).trim(), n).toBe('');
      expect(ssh(n, `ls ${HOME}/conf/security/secret-conf.properties ${HOME}/conf/security/cipher-text.properties ${HOME}/password-persist 2>/dev/null; true`).trim(), n).toBe('');
      // The real EI axis2.xml: the listener's and the sender's key and trust stores (template packs: the listener's only).
      expect(ssh(n, `grep -c '<Password>wso2carbon</Password>' ${HOME}/conf/axis2/axis2.xml`).trim(), n).toBe(realPacks ? '4' : '2');
      // Started again after the change, with no Secure Vault error.
      const log = ssh(n, `cat ${HOME}/repository/logs/wso2carbon.log`);
      expect(log.slice(log.lastIndexOf('Shutdown hook triggered')), n).toMatch(/WSO2 Carbon started in/);
      expect(log.slice(log.lastIndexOf('Shutdown hook triggered')), n).not.toMatch(/SecretManager|Keystore was tampered/);
    }
    const ips = Object.fromEntries(state().hosts.map((h) => [h.name, h.ip]));
    const seen = httpsUpstreams();
    for (const n of NODES) expect(seen, n).toContain(`200 ${ips[n]}:8243`);

    const again = await play('-e', 'carbon_secure_vault=false');
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ db: 0, ei1: 0, ei2: 0, lb: 0 });
    expect(pids()).toEqual(after);
  });
});
