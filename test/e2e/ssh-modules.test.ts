// Playbooks over SSH with template, etc_hosts, file, unarchive, wait_for and blockinfile: checked over OpenSSH, then re-run idempotently.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playOn, recapChanged } from './ssh-helpers.js';
import { sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const NODES = ['node1', 'node2', 'node3'];
const BASE = '/opt/e2e-mods';
const PORT = 18_431;
const work = makeTempDir('cp-e2e-mods-');
const rootHostsBefore = readFileSync('/etc/hosts');

// Every path the play manages, so the second run can prove none was rewritten (nanosecond mtimes).
const MANAGED = ['app.conf', 'data', 'data/readme.txt', 'current', 'zip/a.txt', 'zip/sub/b.txt', 'tgz/c.txt', 'tgz/sub/d.txt', 'limits.conf'].map((p) => `${BASE}/${p}`);

function writeArchives(): void {
  const src = join(work, 'src');
  mkdirSync(join(src, 'z', 'sub'), { recursive: true });
  mkdirSync(join(src, 't', 'sub'), { recursive: true });
  writeFileSync(join(src, 'z', 'a.txt'), 'zip a\n');
  writeFileSync(join(src, 'z', 'sub', 'b.txt'), 'zip b\n');
  writeFileSync(join(src, 't', 'c.txt'), 'tar c\n');
  writeFileSync(join(src, 't', 'sub', 'd.txt'), 'tar d\n');
  mkdirSync(join(work, 'files'));
  execFileSync('zip', ['-q', '-r', join(work, 'files', 'bundle.zip'), 'a.txt', 'sub'], { cwd: join(src, 'z') });
  execFileSync('tar', ['-czf', join(work, 'files', 'bundle.tar.gz'), 'c.txt', 'sub'], { cwd: join(src, 't') });
}

function writePlaybook(offset: number): void {
  mkdirSync(join(work, 'templates'));
  writeFileSync(join(work, 'templates', 'app.conf.j2'), 'name={{ inventory_hostname }}\nport={{ app_port }}\n');
  writeFileSync(join(work, 'site.yaml'), `- hosts: carbon
  vars: { app_port: ${PORT} }
  tasks:
    - name: base directory
      file: { path: ${BASE}, state: directory, mode: '0755' }
    - name: a data directory with a mode
      file: { path: ${BASE}/data, state: directory, mode: '0750' }
    - name: a file made elsewhere gets its mode
      file: { path: ${BASE}/data/readme.txt, mode: '0640' }
    - name: a link
      file: { path: ${BASE}/current, src: ${BASE}/data, state: link }
    - name: template
      template: { src: app.conf.j2, dest: ${BASE}/app.conf }
    - name: own /etc/hosts
      etc_hosts:
        entries:
          - { ip: 10.9.9.9, names: ["carbondb.e2e", "db-alias.e2e"] }
          - { ip: 10.9.9.10, names: ["{{ inventory_hostname }}.e2e"] }
    - name: zip target
      file: { path: ${BASE}/zip, state: directory }
    - name: tar target
      file: { path: ${BASE}/tgz, state: directory }
    - name: unzip
      unarchive: { src: bundle.zip, dest: ${BASE}/zip }
    - name: untar
      unarchive: { src: bundle.tar.gz, dest: ${BASE}/tgz }
    - name: a port opened in the background
      wait_for: { port: ${PORT}, timeout: 20 }
    - name: a log line after the offset
      wait_for: { path: ${BASE}/server.log, search_regex: "Server started", offset: ${offset}, timeout: 20 }
    - name: blockinfile
      blockinfile:
        path: ${BASE}/limits.conf
        create: true
        block: |
          carbon soft nofile 65535
          carbon hard nofile 65535
`);
  // Only the line before the offset matches: the wait must time out.
  writeFileSync(join(work, 'stale.yaml'), `- hosts: node1
  tasks:
    - wait_for: { path: ${BASE}/server.log, search_regex: "^old marker$", offset: ${offset}, timeout: 1 }
`);
}

function mtimes(host: string): string {
  return sshCheck(host, `stat -c '%n %y %a' ${MANAGED.join(' ')}`);
}

describe('modules over SSH', () => {
  let offset = 0;

  beforeAll(() => {
    for (const n of NODES) {
      // A log with an old "Server started" before the offset, a new one written later; a listener started a second late.
      const pre = 'old marker\nServer started (previous run)\n';
      sshCheck(n, `rm -rf ${BASE} && mkdir -p ${BASE}/data && printf '%s' '${pre}' > ${BASE}/server.log && echo readme > ${BASE}/data/readme.txt`);
      offset = Buffer.byteLength(pre);
      sshCheck(n, `cd ${BASE} && nohup sh -c 'sleep 1; echo "Server started in 1 sec" >> server.log' >/dev/null 2>&1 </dev/null &
        nohup /usr/bin/socat TCP-LISTEN:${PORT},bind=127.0.0.1,fork,reuseaddr /dev/null >/dev/null 2>&1 </dev/null & echo $! > ${BASE}/../e2e-mods-socat.pid`);
    }
    writeArchives();
    writePlaybook(offset);
  });

  afterAll(() => {
    for (const n of NODES) sshCheck(n, `kill $(cat /opt/e2e-mods-socat.pid) 2>/dev/null; rm -f /opt/e2e-mods-socat.pid; true`);
  });

  it('applies every module on each host, then changes nothing on a second run', async () => {
    const first = await playOn(join(work, 'site.yaml'));
    expect(first.code, first.out).toBe(0);
    for (const n of NODES) {
      expect(sshCheck(n, `cat ${BASE}/app.conf`)).toBe(`name=${n}\nport=${PORT}\n`);
      expect(sshCheck(n, `stat -c '%F %a' ${BASE}/data ${BASE}/data/readme.txt`)).toBe('directory 750\nregular file 640\n');
      expect(sshCheck(n, `readlink ${BASE}/current`)).toBe(`${BASE}/data\n`);
      expect(sshCheck(n, `cd ${BASE} && cat zip/a.txt zip/sub/b.txt tgz/c.txt tgz/sub/d.txt`)).toBe('zip a\nzip b\ntar c\ntar d\n');
      expect(sshCheck(n, `ls -A ${BASE}/zip ${BASE}/tgz`)).not.toMatch(/carbon-play/);
      expect(sshCheck(n, `cat ${BASE}/limits.conf`)).toBe(
        '# BEGIN ANSIBLE MANAGED BLOCK\ncarbon soft nofile 65535\ncarbon hard nofile 65535\n# END ANSIBLE MANAGED BLOCK\n');
      const hosts = sshCheck(n, 'cat /etc/hosts');
      expect(hosts).toMatch(/^10\.9\.9\.9\s+carbondb\.e2e db-alias\.e2e$/m);
      expect(hosts).toMatch(new RegExp(`^10\\.9\\.9\\.10\\s+${n}\\.e2e$`, 'm'));
      // Each host's /etc is its own: no other node's name appears in it.
      for (const other of NODES.filter((o) => o !== n)) expect(hosts).not.toContain(`${other}.e2e`);
    }
    // Hosts outside the play and the machine itself are untouched.
    expect(sshCheck('db', 'cat /etc/hosts')).not.toContain('.e2e');
    expect(readFileSync('/etc/hosts').equals(rootHostsBefore)).toBe(true);

    const before = NODES.map(mtimes);
    const second = await playOn(join(work, 'site.yaml'));
    expect(second.code, second.out).toBe(0);
    expect(recapChanged(second.out)).toEqual(Object.fromEntries(NODES.map((n) => [n, 0])));
    expect(NODES.map(mtimes)).toEqual(before);
    expect(readFileSync('/etc/hosts').equals(rootHostsBefore)).toBe(true);
  });

  it('wait_for counts only log lines after the offset', async () => {
    const r = await playOn(join(work, 'stale.yaml'));
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/timeout after 1s/);
  });
});
