// lb_nginx: the generated certificate renewed before it expires (a given one never replaced: the run fails instead),
// nginx enabled at boot through systemd where systemd runs (a systemctl stand-in records the calls), started by hand
// where it does not; the removal of Debian's default site said in the output.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';

const INVENTORY = 'lb ansible_connection=local ansible_host=127.0.0.1\n';

function certificate(dir: string, days: number): { crt: string; key: string } {
  const crt = join(dir, 'ssl/server.crt');
  const key = join(dir, 'ssl/server.key');
  mkdirSync(join(dir, 'ssl'), { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days), '-subj', '/CN=old.example', '-keyout', key, '-out', crt], { stdio: 'ignore' });
  return { crt, key };
}

const endDate = (crt: string) => execFileSync('openssl', ['x509', '-enddate', '-noout', '-in', crt], { encoding: 'utf8' }).trim();

function certPlay(dir: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'lb', gather_facts: false,
    vars: { lb_ssl_dir: join(dir, 'ssl'), lb_ssl_certificate: join(dir, 'ssl/server.crt'), lb_ssl_certificate_key: join(dir, 'ssl/server.key'), lb_truststore_import: false, lb_server_name: 'ei.example', lb_mgt_server_name: 'ui.ei.example', ...vars },
    tasks: [{ include_role: { name: 'lb_nginx', tasks_from: 'certificate' } }],
    handlers: [{ name: 'reload nginx', debug: { msg: 'reload requested' } }],
  }]);
}

describe('lb_nginx certificate', () => {
  it('a generated certificate that expires within 30 days is renewed (and nginx reloaded); a fresh one is left alone', async () => {
    const dir = createPlayDir();
    const { crt } = certificate(dir, 10);
    const old = endDate(crt);
    const run = await runPlay(dir, certPlay(dir, {}), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    expect(endDate(crt)).not.toBe(old);
    expect(execFileSync('openssl', ['x509', '-checkend', String(300 * 86400), '-noout', '-in', crt]).toString()).toMatch(/will not expire/);
    expect(execFileSync('openssl', ['x509', '-ext', 'subjectAltName', '-noout', '-in', crt], { encoding: 'utf8' })).toMatch(/DNS:ei\.example, DNS:ui\.ei\.example/);
    expect(run.out).toContain('reload requested');
    const again = await runPlay(dir, certPlay(dir, {}), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ lb: 0 });
  });

  it('a certificate you gave is never replaced: the run fails while it is about to expire', async () => {
    const dir = createPlayDir();
    const { crt } = certificate(dir, 10);
    const before = read(crt);
    const run = await runPlay(dir, certPlay(dir, { lb_ssl_self_signed: false }), INVENTORY);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/server\.crt expires within 30 days/);
    expect(read(crt)).toBe(before);
  });
});

describe('lb_nginx service', () => {
  /** The main tasks with the template and certificate steps' inputs in a temp dir; `systemd` decides whether systemd "runs". */
  async function mainRun(dir: string, systemd: boolean) {
    const bin = join(dir, 'bin');
    writeFiles(dir, {
      'bin/systemctl': `#!/bin/sh\necho "$*" >> ${join(dir, 'systemctl.log')}\ncase "$1" in is-enabled|is-active) [ -f ${join(dir, 'enabled')} ] ;; enable) touch ${join(dir, 'enabled')} ;; esac\n`,
      'bin/nginx': `#!/bin/sh\necho "$*" >> ${join(dir, 'nginx.log')}\n`,
      'sites-enabled/default': 'server { listen 80 default_server; }\n',
    });
    for (const f of ['systemctl', 'nginx']) chmodSync(join(bin, f), 0o755);
    if (systemd) mkdirSync(join(dir, 'systemd'), { recursive: true });
    const { crt, key } = certificate(dir, 100);
    const play = JSON.stringify([{
      hosts: 'lb', gather_facts: false,
      vars: {
        lb_etc_hosts: false, lb_truststore_import: false, lb_backend_ssl_verify: false, lb_ssl_dir: join(dir, 'ssl'), lb_ssl_certificate: crt, lb_ssl_certificate_key: key,
        lb_conf_file: join(dir, 'carbon.conf'), lb_systemd_dir: join(dir, 'systemd'), lb_nginx_cmd: join(bin, 'nginx'), lb_nginx_pid_file: join(dir, 'nginx.pid'), lb_systemctl: join(bin, 'systemctl'),
      },
      tasks: [
        { include_role: { name: 'lb_nginx' }, vars: { lb_default_site: join(dir, 'sites-enabled/default') } },
      ],
      handlers: [{ name: 'reload nginx', debug: { msg: 'reload requested' } }],
    }]);
    const inv = `[carbon]\nn1 ansible_host=10.9.0.2\n[lb]\nlb ansible_connection=local ansible_host=127.0.0.1\n`;
    return runPlay(dir, play, inv);
  }

  it('where systemd runs, nginx is enabled at boot and started by it, once', async () => {
    const dir = createPlayDir();
    const run = await mainRun(dir, true);
    expect(run.code, run.out + run.err).toBe(0);
    expect(read(join(dir, 'systemctl.log'))).toMatch(/enable --now nginx/);
    expect(run.out).toMatch(/changed: \[lb\] => lb_nginx : nginx enabled at boot and started \(systemd\)/);
    const again = await mainRun(dir, true);
    expect(again.out).toMatch(/ok: \[lb\] => lb_nginx : nginx enabled at boot and started \(systemd\)/);
    expect(read(join(dir, 'systemctl.log')).match(/enable --now/g)).toHaveLength(1);
  });

  it('without systemd, nginx is started by hand', async () => {
    const dir = createPlayDir();
    const run = await mainRun(dir, false);
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(/changed: \[lb\] => lb_nginx : start nginx \(no systemd\)/);
    expect(run.out).toMatch(/skipping: \[lb\] => lb_nginx : nginx enabled at boot and started \(systemd\)/);
    // Debian's default site goes, and the run says so.
    expect(run.out).toContain(`removed ${join(dir, 'sites-enabled/default')} (Debian's default site; lb_remove_default_site: false keeps it)`);
    expect(existsSync(join(dir, 'sites-enabled/default'))).toBe(false);
  });
});
