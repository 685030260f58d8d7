// `-e carbon_version=6.6.0` with a wso2ei-6.6.0 pack deploys that version with nothing else changed (issue 11).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-capture.js';
import { shippedVaultArgs } from '../helpers/shipped-vault.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { packProduct } from '../../sandbox/carbon/pack.js';
import { assembleDistribution } from '../carbon/fixture-dist.js';
import { realPacks } from './product-packs.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { takeSandboxDown } from './sandbox-down.js';

const INVENTORY = 'inventory/ei-nginx';
const SUBNET = '10.200.115.0/24';
const VERSION = '6.6.0';
const HOME = `/opt/wso2/wso2ei-${VERSION}`;
const dir = makeTempDir('cp-e2e-ei-version-');

/** Runs the CLI; every command but `sandbox` (up aside) takes the shipped vault password. */
const cli = (args: string[]) => runCliCaptured(args[0] === 'sandbox' && args[1] !== 'up' ? args : [...args, ...shippedVaultArgs()]);

function ssh(host: string, command: string): string {
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
  const ip = state.hosts.find((h) => h.name === host)!.ip;
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip}`, command], { encoding: 'utf8' });
}

describe(`EI ${VERSION} from its own pack, by carbon_version alone`, () => {
  let run: { code: number; out: string };

  beforeAll(async () => {
    // A distribution named wso2ei-6.6.0: the real EI files under that name, or the template pack under that name.
    const work = makeTempDir('cp-e2e-ei66-');
    const packs = realPacks ? ['--pack-from', assembleDistribution('ei', { form: 'zip', dir: work, version: VERSION })] : ['--no-pack'];
    const up = await cli(['sandbox', 'up', '--like', INVENTORY, ...packs, '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    if (!realPacks) await packProduct({ product: 'ei', version: VERSION, outDir: join(dir, 'packs') });
    run = await cli(['playbooks/site.yaml', '-i', INVENTORY, '-i', join(dir, 'inventory'), '-e', `carbon_pack_dir=${join(dir, 'packs')}`, '-e', `carbon_version=${VERSION}`]);
  });

  afterAll(async () => {
    await takeSandboxDown(dir);
  });

  it('site.yaml deploys and verifies the cluster from wso2ei-6.6.0.zip, with no 6.4.0 anywhere', () => {
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/verify : every backend served requests through the load balancer/);
    expect(run.out).not.toContain('6.4.0');
    for (const node of ['ei1', 'ei2']) {
      const installed = ssh(node, 'ls /opt/wso2').trim().split('\n');
      expect(installed, node).toContain(`wso2ei-${VERSION}`);
      expect(installed.filter((d) => d.startsWith('wso2ei-')), node).toEqual([`wso2ei-${VERSION}`]);
      expect(ssh(node, `cat ${HOME}/bin/version.txt`), node).toContain(VERSION);
      expect(ssh(node, `cat ${HOME}/repository/logs/wso2carbon.log`), node).toMatch(/WSO2 Carbon started in \d+ sec/);
    }
  });
});
