// add-node.yaml on a running EI cluster: a third node joins, every member logs it, no existing node restarts.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import type { SandboxState } from '../../src/sandbox/state.js';

const SUBNET = '10.200.108.0/24';
const HOME = '/opt/wso2/wso2ei-6.1.1';
const work = mkdtempSync(join(tmpdir(), 'cp-e2e-add-node-'));
const inv = join(work, 'inv');
const dir = join(work, 'sandbox');

/** inventory/ei-nginx plus ei3 (with its own local registry database), which site.yaml leaves out. */
function writeInventory(): void {
  cpSync('inventory/ei-nginx', inv, { recursive: true });
  writeFileSync(join(inv, 'hosts'), readFileSync(join(inv, 'hosts'), 'utf8').replace(/^ei2$/m, 'ei2\nei3'));
  writeFileSync(join(inv, 'host_vars', 'ei3.yml'), 'carbon_local_registry_db: REGISTRY_LOCAL3\n');
  appendFileSync(join(inv, 'group_vars', 'dbservers.yml'), '  - REGISTRY_LOCAL3\n');
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  return { code: await runCli(args, io), out };
}

const play = (playbook: string, ...more: string[]) =>
  cli([playbook, '-i', inv, '-i', join(dir, 'inventory'), '-e', `carbon_pack_src=${join(dir, 'packs', 'wso2ei-6.1.1.zip')}`, ...more]);

function ip(host: string): string {
  return (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState).hosts.find((h) => h.name === host)!.ip;
}

function ssh(host: string, command: string): string {
  return execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip(host)}`, command], { encoding: 'utf8' });
}

const pid = (host: string) => ssh(host, `cat ${HOME}/wso2carbon.pid`).trim();

describe('add-node.yaml grows a running EI cluster', () => {
  let base: { code: number; out: string };

  beforeAll(async () => {
    writeInventory();
    const up = await cli(['sandbox', 'up', '--like', inv, '--product', 'ei', '--dir', dir, '--subnet', SUBNET]);
    expect(up.code, up.out).toBe(0);
    base = await play('playbooks/site.yaml', '-l', 'all:!ei3');
  });

  afterAll(async () => {
    await cli(['sandbox', 'down', '--dir', dir]);
  });

  it('adds ei3: both existing members log it joined, their pids stay the same', async () => {
    expect(base.code, base.out).toBe(0);
    const before = [pid('ei1'), pid('ei2')];
    const r = await play('playbooks/add-node.yaml', '-e', 'new_nodes=ei3');
    expect(r.code, r.out).toBe(0);
    const joined = `Member joined [${ip('ei3')}:4100] (wso2.ei.domain)`;
    for (const h of ['ei1', 'ei2']) expect(ssh(h, `cat ${HOME}/repository/logs/wso2carbon.log`)).toContain(joined);
    expect([pid('ei1'), pid('ei2')]).toEqual(before);
    expect(ssh('ei3', `cat ${HOME}/repository/logs/wso2carbon.log`)).toMatch(/WSO2 Carbon started in \d+ sec/);
  });
});
