// `carbon-play check`: playbooks/check.yaml over an inventory, every problem listed, exit 4, no host contacted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cp-check-'));

async function check(extra: string): Promise<{ code: number; out: string }> {
  const file = join(dir, `inv-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, extra);
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  const code = await runCli(['check', '-i', 'inventory/ei-nginx', '-i', file], io);
  return { code, out };
}

// The IPs are TEST-NET-3 addresses nobody answers on: a check that tried to connect would report them unreachable.
const GOOD = '[carbon]\nei1 ansible_host=203.0.113.11\nei2 ansible_host=203.0.113.12\n[dbservers]\ndb ansible_host=203.0.113.13\n[lb]\nlb ansible_host=203.0.113.14\n';

const cases: Array<{ name: string; inv: string; message: RegExp }> = [
  { name: 'two nodes on one machine with the same offset', inv: GOOD.replace('203.0.113.12', '203.0.113.11'), message: /hosts ei1 and ei2 share machine 203\.0\.113\.11 with the same carbon_port_offset 0/ },
  { name: 'two nodes on one machine with the same localMemberPort', inv: GOOD.replace('203.0.113.12', '203.0.113.11 carbon_port_offset=1'), message: /hosts ei1 and ei2 share machine 203\.0\.113\.11 with the same carbon_local_member_port 4100/ },
  { name: 'two -Dsetup nodes for one user store', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_setup_node=true'), message: /hosts ei1 and ei2 both have carbon_setup_node=true for the user store jdbc\/WSO2UMDB/ },
  { name: 'a WKA member with no IP', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2'), message: /WKA member ei2 of host ei1 has no IP/ },
  { name: 'a WKA group not in the inventory', inv: GOOD.replace('ei1 ansible_host=203.0.113.11', 'ei1 ansible_host=203.0.113.11 carbon_wka_group=nodes'), message: /host ei1: carbon_wka_group nodes is not a group of the inventory/ },
  { name: 'a JNDI name referenced but not defined', inv: GOOD.replace('ei2 ansible_host=203.0.113.12', 'ei2 ansible_host=203.0.113.12 carbon_registry_shared_jndi=jdbc/Missing'), message: /host ei2: JNDI name jdbc\/Missing is referenced/ },
  { name: 'a JDBC host with no IP', inv: GOOD.replace('db ansible_host=203.0.113.13', 'db'), message: /JDBC host carbondb\.mysql-wso2\.com maps to db, which has no IP/ },
  { name: 'a driver class not in the jar', inv: GOOD.replace('ei1 ansible_host=203.0.113.11', 'ei1 ansible_host=203.0.113.11 jdbc_driver_class=com.mysql.jdbc.Driver'), message: /host ei1: jdbc_driver_class com\.mysql\.jdbc\.Driver is not in the MariaDB driver jar/ },
];

describe('carbon-play check', () => {
  it('passes the example inventory with addresses (exit 0)', async () => {
    const r = await check(GOOD);
    expect(r.code, r.out).toBe(0);
  });

  it.each(cases)('fails with exit 4 on $name', async ({ inv, message }) => {
    const r = await check(inv);
    expect(r.code, r.out).toBe(4);
    expect(r.out).toMatch(message);
    expect(r.out).not.toMatch(/UNREACHABLE/);
  });

  it('lists every problem at once', async () => {
    const r = await check(GOOD.replace('203.0.113.12', '203.0.113.11').replace('db ansible_host=203.0.113.13', 'db'));
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/carbon_port_offset 0.*carbon_local_member_port 4100.*has no IP/s);
  });
});
