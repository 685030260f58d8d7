// lb_nginx: the upstreams (service ports apart from the console's, console sticky with ip_hash) pass `nginx -t`; the LB certificate lands in the nodes' trust stores with keytool, once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { changedCounts, createPlayDir, read, ROOT, runPlay, writeFiles } from './helpers.js';
import { shippedVaultArgs, useShippedVault } from '../helpers/shipped-vault.js';

// The shipped inventories keep their passwords in vault files: the demo password opens them.
// Before each test: a CLI run in a test leaves its own keyring behind.
beforeEach(useShippedVault);

const DEFAULTS = join(ROOT, 'roles/lb_nginx/defaults/main.yml');
const hasKeytool = existsSync('/usr/bin/keytool');
const hasNginx = existsSync('/usr/sbin/nginx');

function selfSigned(dir: string, name = 'server'): { crt: string; key: string } {
  const crt = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=ei.wso2.com', '-keyout', key, '-out', crt], { stdio: 'ignore' });
  return { crt, key };
}

describe('lb_nginx upstreams', () => {
  it('sends services to their own ports, the console (sticky) to every backend by default, and nginx -t accepts it', async () => {
    const dir = createPlayDir();
    const { crt, key } = selfSigned(dir);
    const conf = join(dir, 'carbon.conf');
    const site = JSON.stringify([{
      hosts: 'lb', gather_facts: false, vars_files: [DEFAULTS],
      tasks: [{ template: { src: join(ROOT, 'roles/lb_nginx/templates/carbon.conf.j2'), dest: conf } }],
    }]);
    const inv = '[carbon]\nei1 ansible_host=10.9.0.3\nei2 ansible_host=10.9.0.4 carbon_port_offset=1\n[lb]\nlb ansible_connection=local\n';
    // The role's defaults come in as vars_files; the inventory's choices as extra vars (which win over them).
    const extra = { lb_ssl_certificate: crt, lb_ssl_certificate_key: key, lb_backend_ca_file: crt, lb_backend_service_http_port: 8280, lb_backend_service_https_port: 8243, lb_server_name: 'ei.wso2.com', lb_mgt_server_name: 'ui.ei.wso2.com' };
    const run = await runPlay(dir, site, inv, ['-e', JSON.stringify(extra)]);
    expect(run.code, run.out + run.err).toBe(0);
    const text = read(conf);
    const upstream = (name: string) => text.slice(text.indexOf(`upstream ${name} {`), text.indexOf('}', text.indexOf(`upstream ${name} {`)));
    expect(upstream('carbon_http')).toMatch(/server 10\.9\.0\.3:8280;\s+server 10\.9\.0\.4:8281;/);
    expect(upstream('carbon_https')).toMatch(/server 10\.9\.0\.3:8243;\s+server 10\.9\.0\.4:8244;/);
    expect(upstream('carbon_mgt')).toMatch(/ip_hash;\s+server 10\.9\.0\.3:9443;\s+server 10\.9\.0\.4:9444;/);
    const mgt = text.slice(text.indexOf('server_name ui.ei.wso2.com'));
    expect(mgt).toMatch(/proxy_pass https:\/\/carbon_mgt;/);
    // HTTPS to HTTPS, verifying the nodes' own certificates; every answer names the upstream that gave it.
    const service = text.slice(text.indexOf('server_name ei.wso2.com', text.indexOf('ssl;')), text.indexOf('server_name ui.ei.wso2.com'));
    for (const block of [service, mgt]) {
      expect(block).toMatch(new RegExp(`proxy_ssl_verify on;\\s+proxy_ssl_trusted_certificate ${crt};\\s+proxy_ssl_name localhost;`));
      expect(block).toContain('add_header X-Carbon-Upstream $upstream_addr always;');
    }
    expect(service).toMatch(/proxy_pass https:\/\/carbon_https;/);
    if (hasNginx) {
      writeFiles(dir, { 'nginx.conf': `pid ${join(dir, 'nginx.pid')};\nerror_log stderr;\nevents {}\nhttp {\n access_log off;\n include ${conf};\n}\n` });
      mkdirSync(join(dir, 'logs'), { recursive: true });
      // ui-*.log paths are absolute in the file; point them at the temp dir for the test.
      const test = (text.replaceAll('/var/log/nginx/', `${dir}/logs/`));
      writeFiles(dir, { 'carbon.conf': test });
      execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
    }
  });

  it.each([
    // Seed 002: services to the workers, the console to the manager (workers have none).
    { inventory: 'as-workers', addresses: 'mgr1 ansible_host=10.9.0.2\nworker1 ansible_host=10.9.0.3\nworker2 ansible_host=10.9.0.4\n', mgtGroup: 'managers', service: ['10.9.0.3', '10.9.0.4'], servicePort: 9763, console: ['10.9.0.2'], httpsVhosts: 2 },
    // Seed 004: services to both EI nodes' pass-through port, the console to one node's 9443.
    { inventory: 'ei-nginx', addresses: 'ei1 ansible_host=10.9.0.2\nei2 ansible_host=10.9.0.3\n', mgtGroup: 'console', service: ['10.9.0.2', '10.9.0.3'], servicePort: 8280, console: ['10.9.0.2'], httpsVhosts: 2 },
    // Seed 001: the console name is the service name, which every node advertises as MgtHostName: one sticky HTTPS host.
    { inventory: 'greg-cluster', addresses: 'greg1 ansible_host=10.9.0.2\ngreg2 ansible_host=10.9.0.3\ngreg3 ansible_host=10.9.0.4\n', mgtGroup: 'carbon', service: ['10.9.0.2', '10.9.0.3', '10.9.0.4'], servicePort: 9763, console: ['10.9.0.2', '10.9.0.3', '10.9.0.4'], httpsVhosts: 1 },
  ])('inventory/$inventory keeps the console on one node with lb_mgt_backend_group', async ({ inventory, addresses, mgtGroup, service, servicePort, console, httpsVhosts }) => {
    const dir = createPlayDir();
    const conf = join(dir, 'carbon.conf');
    const site = JSON.stringify([{
      hosts: 'lb', gather_facts: false, vars_files: [DEFAULTS],
      tasks: [{ template: { src: join(ROOT, 'roles/lb_nginx/templates/carbon.conf.j2'), dest: conf } }],
    }]);
    // The lb host's inventory variables must win over the role defaults (vars_files here): pass them as extra vars.
    const lbVars = (await loadInventory([join(ROOT, 'inventory', inventory)])).hostVars('lb');
    expect(lbVars.lb_mgt_backend_group ?? lbVars.lb_backend_group, `inventory/${inventory}'s console group`).toBe(mgtGroup);
    const run = await runPlay(dir, site, `${addresses}lb ansible_connection=local\n`, ['-i', join(ROOT, 'inventory', inventory), ...shippedVaultArgs(), '-e', JSON.stringify(lbVars)]);
    expect(run.code, run.out + run.err).toBe(0);
    const text = read(conf);
    const upstream = (name: string) => text.slice(text.indexOf(`upstream ${name} {`), text.indexOf('}', text.indexOf(`upstream ${name} {`)));
    expect([...upstream('carbon_http').matchAll(new RegExp(`server ([\\d.]+):${servicePort};`, 'g'))].map((m) => m[1])).toEqual(service);
    expect(upstream('carbon_mgt')).toMatch(/^upstream carbon_mgt {\s+ip_hash;/);
    expect([...upstream('carbon_mgt').matchAll(/server ([\d.]+):9443;/g)].map((m) => m[1])).toEqual(console);
    // Each HTTPS name once; the console's name always goes to the sticky upstream.
    const https = text.split(/\n(?=server {)/).filter((b) => /listen \S+ ssl;/.test(b));
    expect(https).toHaveLength(httpsVhosts);
    expect(https.map((b) => /proxy_pass (\S+);/.exec(b)![1])).toEqual(httpsVhosts === 1 ? ['https://carbon_mgt'] : ['https://carbon_https', 'https://carbon_mgt']);
  });
});

// Each case starts a JVM per keytool call; on a loaded 2-core machine that alone can pass the 30 s default.
describe.skipIf(!hasKeytool)('lb_nginx trust-store import (keytool)', { timeout: 180_000 }, () => {
  it("imports the LB certificate into each node's client-truststore.jks once; the password never shows", async () => {
    const dir = createPlayDir();
    const { crt, key } = selfSigned(dir);
    const stores = ['ei1', 'ei2'].map((n) => join(dir, n, 'client-truststore.jks'));
    for (const ks of stores) {
      mkdirSync(join(ks, '..'), { recursive: true });
      execFileSync('keytool', ['-genkeypair', '-alias', 'wso2carbon', '-keyalg', 'RSA', '-dname', 'CN=localhost', '-keystore', ks, '-storepass', 'Tru5tStore-pw', '-keypass', 'Tru5tStore-pw', '-storetype', 'JKS'], { stdio: 'ignore' });
    }
    // A third node has no trust store (yet): skipped, not created.
    const missing = join(dir, 'ei3', 'client-truststore.jks');
    const site = JSON.stringify([
      { hosts: 'carbon', gather_facts: false, tasks: [{ set_fact: { carbon_truststore_file: `${dir}/{{inventory_hostname}}/client-truststore.jks` } }] },
      { hosts: 'lb', gather_facts: false, vars: { lb_ssl_certificate: crt, lb_ssl_certificate_key: key, lb_server_name: 'ei.wso2.com', lb_truststore_password: 'Tru5tStore-pw' },
        tasks: [{ include_role: { name: 'lb_nginx', tasks_from: 'truststore' } }] },
    ]);
    const inv = '[carbon]\nei1 ansible_connection=local\nei2 ansible_connection=local\nei3 ansible_connection=local\n[lb]\nlb ansible_connection=local\n';
    const first = await runPlay(dir, site, inv);
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out + first.err).not.toContain('Tru5tStore-pw');
    for (const ks of stores) {
      const list = execFileSync('keytool', ['-list', '-keystore', ks, '-storepass', 'Tru5tStore-pw', '-alias', 'ei.wso2.com']).toString();
      expect(list).toMatch(/trustedCertEntry/);
      // The existing entry stays.
      execFileSync('keytool', ['-list', '-keystore', ks, '-storepass', 'Tru5tStore-pw', '-alias', 'wso2carbon'], { stdio: 'ignore' });
    }
    expect(existsSync(missing)).toBe(false);
    const again = await runPlay(dir, site, inv);
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out).lb).toBe(0);
  });

  const sha256 = (text: string) => /SHA256: (\S+)/.exec(text)?.[1];
  const inStore = (ks: string) => sha256(execFileSync('keytool', ['-list', '-v', '-keystore', ks, '-storepass', 'wso2carbon', '-alias', 'ei.wso2.com']).toString());
  const ofCert = (crt: string) => sha256(execFileSync('keytool', ['-printcert', '-file', crt]).toString());

  it('replaces an older certificate under the alias, and leaves a running node the restart marker (a stopped one none)', async () => {
    const dir = createPlayDir();
    const old = selfSigned(dir, 'old');
    const stores = ['ei1', 'ei2'].map((n) => join(dir, n, 'client-truststore.jks'));
    for (const ks of stores) {
      mkdirSync(join(ks, '..'), { recursive: true });
      execFileSync('keytool', ['-genkeypair', '-alias', 'wso2carbon', '-keyalg', 'RSA', '-dname', 'CN=localhost', '-keystore', ks, '-storepass', 'wso2carbon', '-keypass', 'wso2carbon', '-storetype', 'JKS'], { stdio: 'ignore' });
    }
    // ei1 runs (its pid file names a live process: this test's), ei2 is stopped.
    writeFiles(dir, { 'ei1/wso2carbon.pid': `${process.pid}\n` });
    const site = (cert: { crt: string; key: string }) => JSON.stringify([
      { hosts: 'carbon', gather_facts: false, tasks: [{ set_fact: { carbon_truststore_file: `${dir}/{{inventory_hostname}}/client-truststore.jks` } }] },
      { hosts: 'lb', gather_facts: false, vars: { lb_ssl_certificate: cert.crt, lb_ssl_certificate_key: cert.key, lb_server_name: 'ei.wso2.com' },
        tasks: [{ include_role: { name: 'lb_nginx', tasks_from: 'truststore' } }] },
    ]);
    const inv = `[carbon]\nei1 ansible_connection=local carbon_home=${dir}/ei1\nei2 ansible_connection=local carbon_home=${dir}/ei2\n[lb]\nlb ansible_connection=local\n`;
    expect((await runPlay(dir, site(old), inv)).code).toBe(0);
    for (const ks of stores) expect(inStore(ks)).toBe(ofCert(old.crt));
    rmSync(join(dir, 'ei1/.carbon-play-restart-pending'));
    // The certificate is regenerated (it expired): the alias now holds the new one, and only the running node restarts.
    const renewed = selfSigned(dir, 'new');
    expect(ofCert(renewed.crt)).not.toBe(ofCert(old.crt));
    const r = await runPlay(dir, site(renewed), inv);
    expect(r.code, r.out + r.err).toBe(0);
    expect(changedCounts(r.out).lb).toBeGreaterThan(0);
    for (const ks of stores) expect(inStore(ks)).toBe(ofCert(renewed.crt));
    expect(existsSync(join(dir, 'ei1/.carbon-play-restart-pending'))).toBe(true);
    expect(existsSync(join(dir, 'ei2/.carbon-play-restart-pending'))).toBe(false);
  });

  it('fails, naming the node, when a node has a trust store but no keytool (instead of skipping it)', async () => {
    const dir = createPlayDir();
    const cert = selfSigned(dir);
    const ks = join(dir, 'ei1', 'client-truststore.jks');
    mkdirSync(join(ks, '..'), { recursive: true });
    writeFiles(dir, { 'ei1/client-truststore.jks': 'a trust store' });
    // A PATH with every command of /usr/bin except keytool.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const f of readdirSync('/usr/bin')) if (f !== 'keytool') symlinkSync(join('/usr/bin', f), join(bin, f));
    const site = JSON.stringify([
      { hosts: 'carbon', gather_facts: false, tasks: [{ set_fact: { carbon_truststore_file: `${dir}/{{inventory_hostname}}/client-truststore.jks` } }] },
      { hosts: 'lb', gather_facts: false, vars: { lb_ssl_certificate: cert.crt, lb_ssl_certificate_key: cert.key, lb_server_name: 'ei.wso2.com' },
        tasks: [{ include_role: { name: 'lb_nginx', tasks_from: 'truststore' } }] },
    ]);
    const path = process.env.PATH;
    process.env.PATH = bin;
    let r;
    try {
      r = await runPlay(dir, site, '[carbon]\nei1 ansible_connection=local\n[lb]\nlb ansible_connection=local\n');
    } finally {
      process.env.PATH = path;
    }
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ei1 has a trust store \(\S+client-truststore\.jks\) but no keytool on its PATH/);
  });
});
