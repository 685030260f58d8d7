// The verify role with the local connection and fake logs: "Member joined" in the stand-in's shape and in
// Carbon 4.4 Hazelcast's, near misses refused; the HTTP probe of managers and of console-less workers; and
// joined.yml (add-node's wait) reading the other members' logs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, runPlay, writeFiles } from './helpers.js';

const LINE = 'TID: [-1234] [] [2026-11-29 22:00:00,000]  INFO {org.wso2.carbon.core.clustering.hazelcast.wka.WKABasedMembershipScheme} - ';
const standIn = (ip: string, port: number) => `TID: [-1234] [] [2026-11-29 22:00:00,000]  INFO - MembershipManager Member joined [${ip}:${port}] (wso2.as.domain)\n`;
const hazelcast = (ip: string, port: number) => `${LINE} Member joined [3f0d2a5e-8b1c-4c7e-9a41-6d2e5b7c1f90]: /${ip}:${port}\n`;

/** Answers 200 on the console's login page and 404 elsewhere, as a manager does; `workerOnly` answers 404 everywhere. */
let server: Server;
let port = 0;
let workerOnly = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(!workerOnly && req.url === '/carbon/admin/login.jsp' ? 200 : 404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Two nodes on this machine, each with its own CARBON_HOME and log; the HTTP probe reaches the test's server. */
function setup(logs: { n1: string; n2: string }, hostVars = ''): { dir: string; inventory: string } {
  const dir = createPlayDir();
  writeFiles(dir, { 'n1/repository/logs/wso2carbon.log': logs.n1, 'n2/repository/logs/wso2carbon.log': logs.n2 });
  const host = (name: string, ip: string) => `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)} ${hostVars}`;
  const inventory = `[carbon]\n${host('n1', '10.9.0.2')}\n${host('n2', '10.9.0.3')}\n\n[carbon:vars]\ncarbon_local_member_port=4100\ncarbon_port_offset=${port - 9763}\n`;
  return { dir, inventory };
}

const site = JSON.stringify([{ hosts: 'carbon', vars: { verify_timeout: 1 }, roles: ['verify'] }]);

describe('verify role', () => {
  it('accepts "Member joined" in both shapes (stand-in and Hazelcast), with IP and port', async () => {
    const { dir, inventory } = setup({ n1: hazelcast('10.9.0.3', 4100), n2: standIn('10.9.0.2', 4100) });
    const r = await runPlay(dir, site, inventory);
    expect(r.code, r.out + r.err).toBe(0);
    expect(changedCounts(r.out)).toEqual({ n1: 0, n2: 0 });
  });

  it('refuses near misses: another port with the same prefix, another IP with the same prefix', async () => {
    const { dir, inventory } = setup({
      n1: hazelcast('10.9.0.3', 41000) + standIn('10.9.0.31', 4100),
      n2: standIn('10.9.0.2', 41000) + hazelcast('10.9.0.22', 4100) + hazelcast('10.9.0.2', 4101),
    });
    const r = await runPlay(dir, site, inventory);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/fatal: \[n1\]: FAILED!.*timeout after 1s waiting for \/Member joined/);
    expect(r.out).toMatch(/fatal: \[n2\]: FAILED!.*timeout after 1s waiting for \/Member joined/);
  });

  it('a worker (no management console) passes when its HTTP port answers at all; a manager needs its console', async () => {
    const logs = { n1: standIn('10.9.0.3', 4100), n2: standIn('10.9.0.2', 4100) };
    workerOnly = true;
    try {
      const worker = setup(logs, 'carbon_worker_node=true');
      const w = await runPlay(worker.dir, site, worker.inventory);
      expect(w.code, w.out + w.err).toBe(0);
      // As an INI inventory writes it: the string "false", which must not count as a worker.
      const manager = setup(logs, 'carbon_worker_node=false');
      const m = await runPlay(manager.dir, site, manager.inventory);
      expect(m.code).toBe(2);
      expect(m.out).toMatch(/fatal: \[n1\]: FAILED! => verify : the node answers on its HTTP port/);
    } finally {
      workerOnly = false;
    }
  });

  it('fails a node whose HTTP port does not answer, worker or not', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { dir, inventory } = setup({ n1: standIn('10.9.0.3', 4100), n2: standIn('10.9.0.2', 4100) }, 'carbon_worker_node=true');
    const r = await runPlay(dir, site, inventory.replace(`carbon_port_offset=${port - 9763}`, `carbon_port_offset=${closedPort - 9763}`));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/fatal: \[n1\]: FAILED! => verify : the node answers on its HTTP port/);
    expect(r.out).toMatch(/fatal: \[n2\]: FAILED! => verify : the node answers on its HTTP port/);
  });

  it('joined.yml waits on the other members\' logs, skipping a member not in the cluster yet', async () => {
    const dir = createPlayDir();
    writeFiles(dir, {
      'n2/repository/logs/wso2carbon.log': '',
      'n3/repository/logs/wso2carbon.log': '',
    });
    const host = (name: string, ip: string, more = '') => `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)} ${more}`;
    const inventory = `[carbon]\n${host('n1', '10.9.0.2')}\n${host('n2', '10.9.0.3')}\n${host('n3', '10.9.0.4', 'carbon_in_cluster=false')}\n\n[carbon:vars]\ncarbon_local_member_port=4100\n`;
    // As add-node.yaml does: note where the logs end, "start" n1 (n2 logs it joined), then wait.
    const joined = JSON.stringify([{ hosts: 'n1', vars: { verify_timeout: 1 }, tasks: [
      { include_role: { name: 'verify', tasks_from: 'members-before' } },
      { name: 'n1 starts: n2 logs it', shell: `printf '%s' '${hazelcast('10.9.0.2', 4100).trim()}' | tee -a ${join(dir, 'n2/repository/logs/wso2carbon.log')} >/dev/null; echo >> ${join(dir, 'n2/repository/logs/wso2carbon.log')}` },
      { include_role: { name: 'verify', tasks_from: 'joined' } },
    ] }]);
    const ok = await runPlay(dir, joined, inventory);
    expect(ok.code, ok.out + ok.err).toBe(0);
    // n3's log is empty: only skipping it lets the wait succeed.
    expect(ok.out).toMatch(/ok: \[n1 -> n2\]/);
    const waiting = await runPlay(dir, joined, inventory.replace('carbon_in_cluster=false', ''));
    expect(waiting.code).toBe(2);
    expect(waiting.out).toContain(`waiting for /Member joined \\[(10\\.9\\.0\\.2:4100`);
    expect(waiting.out).toContain(`in ${join(dir, 'n3/repository/logs/wso2carbon.log')}`);
  });

  it('joined.yml waits on every member of the node\'s cluster, beyond its WKA list (seed 002: a new worker lists the manager alone)', async () => {
    const dir = createPlayDir();
    writeFiles(dir, { 'm1/repository/logs/wso2carbon.log': '', 'w1/repository/logs/wso2carbon.log': '' });
    const host = (name: string, ip: string) => `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)}`;
    const inventory = `[managers]\n${host('m1', '10.9.0.2')}\n[workers]\n${host('w1', '10.9.0.3')}\n${host('w2', '10.9.0.4')}\n[carbon:children]\nmanagers\nworkers\n\n`
      + '[carbon:vars]\ncarbon_local_member_port=4000\ncarbon_wka_group=managers\ncarbon_cluster_group=carbon\n';
    const logged = (who: string) => ({ name: `${who} logs w2`, shell: `echo '${hazelcast('10.9.0.4', 4000).trim()}' >> ${join(dir, who, 'repository/logs/wso2carbon.log')}` });
    const joined = (by: string[]) => JSON.stringify([{ hosts: 'w2', vars: { verify_timeout: 1 }, tasks: [
      { include_role: { name: 'verify', tasks_from: 'members-before' } }, ...by.map(logged), { include_role: { name: 'verify', tasks_from: 'joined' } },
    ] }]);
    // Only the manager has it: w1, which learns members through the manager, has not logged it yet.
    const early = await runPlay(dir, joined(['m1']), inventory);
    expect(early.code, early.out + early.err).toBe(2);
    expect(early.out).toMatch(/FAILED!.*timeout after 1s waiting for \/Member joined/);
    expect(early.out).toContain(`in ${join(dir, 'w1/repository/logs/wso2carbon.log')}`);
    const ok = await runPlay(dir, joined(['m1', 'w1']), inventory);
    expect(ok.code, ok.out + ok.err).toBe(0);
  });

  it('joined.yml does not take a "Member joined" line of an earlier run: only lines written after this start count', async () => {
    const dir = createPlayDir();
    // n2 logged n1 joined in an earlier run (n1 was in the cluster before, then removed); this start logs nothing.
    writeFiles(dir, { 'n2/repository/logs/wso2carbon.log': hazelcast('10.9.0.2', 4100) });
    const host = (name: string, ip: string) => `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)}`;
    const inventory = `[carbon]\n${host('n1', '10.9.0.2')}\n${host('n2', '10.9.0.3')}\n\n[carbon:vars]\ncarbon_local_member_port=4100\n`;
    const joined = JSON.stringify([{ hosts: 'n1', vars: { verify_timeout: 1 }, tasks: [
      { include_role: { name: 'verify', tasks_from: 'members-before' } },
      { include_role: { name: 'verify', tasks_from: 'joined' } },
    ] }]);
    const r = await runPlay(dir, joined, inventory);
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.out).toMatch(/fatal: \[n1 -> n2\]: FAILED!.*timeout after 1s waiting for \/Member joined/);
  });

  it('joined.yml without members-before.yml says what is missing', async () => {
    const { dir, inventory } = setup({ n1: '', n2: '' });
    const r = await runPlay(dir, JSON.stringify([{ hosts: 'n1', tasks: [{ include_role: { name: 'verify', tasks_from: 'joined' } }] }]), inventory);
    expect(r.code).toBe(2);
    expect(r.out).toContain("verify's joined.yml needs verify_member_logs: run verify's members-before.yml before n1 starts");
  });
});

/** A load balancer stand-in: answers each request with the next (status, upstream) of `answers`, naming it in X-Carbon-Upstream as nginx does. */
async function startLb(answers: [number, string][]): Promise<{ port: number; hosts: string[]; close: () => Promise<void> }> {
  let i = 0;
  const hosts: string[] = [];
  const lb = createServer((req, res) => {
    hosts.push(String(req.headers.host));
    const [status, upstream] = answers[i++ % answers.length]!;
    res.writeHead(status, { 'X-Carbon-Upstream': upstream }).end('login page of no particular node');
  });
  await new Promise<void>((r) => lb.listen(0, '127.0.0.1', () => r()));
  return { port: (lb.address() as AddressInfo).port, hosts, close: () => new Promise<void>((r) => lb.close(() => r())) };
}

describe('verify role: requests through the load balancer', () => {
  const logs = { n1: hazelcast('10.9.0.3', 4100), n2: hazelcast('10.9.0.2', 4100) };
  it.each([
    { what: 'both nodes named by the LB', answers: (p: number): [number, string][] => [[302, `10.9.0.2:${p}`], [200, `10.9.0.3:${p}`]], ok: true },
    // A page body naming a node proves nothing; an upstream that failed (502) served nothing.
    { what: 'one node only ever failing behind the LB', answers: (p: number): [number, string][] => [[302, `10.9.0.2:${p}`], [502, `10.9.0.3:${p}`]], ok: false },
    { what: 'one node never named', answers: (p: number): [number, string][] => [[200, `10.9.0.2:${p}`]], ok: false },
  ])('$what', async (c) => {
    const lb = await startLb(c.answers(port));
    try {
      const { dir, inventory } = setup(logs);
      const inv = `${inventory}\n[lb]\nlb ansible_connection=local ansible_host=127.0.0.1 lb_http_port=${lb.port} lb_server_name=as.example.org\n`;
      const r = await runPlay(dir, site, inv);
      if (c.ok) expect(r.code, r.out + r.err).toBe(0);
      else {
        expect(r.code).toBe(2);
        expect(r.out).toMatch(/n2 \(10\.9\.0\.3:\d+\) served none of 12 requests through the load balancer/);
      }
      expect(lb.hosts.every((h) => h === 'as.example.org')).toBe(true);
    } finally {
      await lb.close();
    }
  });
});
