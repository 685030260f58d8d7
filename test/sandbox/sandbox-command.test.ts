// `carbon-play sandbox` for real (root): up, status, up again (kept), --like, down leaving nothing behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../src/cli/sandbox-command.js';
import { createLayout } from '../../src/sandbox/layout.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const root = makeTempDir('cp-sbx-');
const dir = join(root, 'sbx');
const SUBNET = '10.200.51.0/24';
const prefix = `cp-${createLayout(dir).tag}-`;

function output(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
  return fn().then((code) => ({ code, out: lines.join('\n') })).finally(() => spy.mockRestore());
}
const state = () => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SandboxState;
const ssh = (ip: string, cmd: string) => execFileSync('ssh', ['-i', join(dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip}`, cmd], { encoding: 'utf8' });
const leftovers = () => ({
  netns: execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(prefix)),
  links: execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(createLayout(dir).tag)),
});

afterAll(async () => {
  await runSandboxCommand(['down', '--dir', dir]);
});

describe.skipIf(process.getuid?.() !== 0)('carbon-play sandbox', () => {
  it('brings hosts up, prints the inventory and known_hosts paths, and they answer over ssh with host keys checked', async () => {
    const { code, out } = await output(() => runSandboxCommand(['up', '--hosts', '2', '--dir', dir, '--subnet', SUBNET, '--no-pack']));
    expect(code).toBe(0);
    expect(out).toContain(`inventory:   ${join(dir, 'inventory')}`);
    expect(out).toContain(`known_hosts: ${join(dir, 'known_hosts')}`);
    const [n1, n2] = state().hosts;
    expect([n1.ip, n2.ip]).toEqual(['10.200.51.2', '10.200.51.3']);
    expect(ssh(n1.ip, 'hostname; ls -A /root')).toBe('node1\n.bashrc\n');
    expect(readFileSync(join(dir, 'inventory'), 'utf8')).toContain(`[carbon]\nnode1 ansible_host=10.200.51.2 ansible_user=root`);
  });

  it('keeps /etc and /opt private to each host', () => {
    const [n1, n2] = state().hosts;
    ssh(n1.ip, 'echo mine > /opt/private && echo "10.1.1.1 x" >> /etc/hosts');
    expect(ssh(n2.ip, 'test -e /opt/private && echo shared || echo private; grep -c 10.1.1.1 /etc/hosts || true')).toBe('private\n0\n');
    expect(existsSync('/opt/private')).toBe(false);
  });

  it('also accepts keys from a host\'s own /root/.ssh/authorized_keys, and only on that host', () => {
    const [n1, n2] = state().hosts;
    const key = join(root, 'own_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    ssh(n1.ip, `mkdir -p /root/.ssh && cat >> /root/.ssh/authorized_keys <<'K'\n${readFileSync(`${key}.pub`, 'utf8')}K`);
    const as = (ip: string) => execFileSync('ssh', ['-i', key, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes', `root@${ip}`, 'hostname'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(as(n1.ip)).toBe('node1\n');
    expect(() => as(n2.ip)).toThrow();
  });

  it('lists hosts and live pids with status', async () => {
    const { code, out } = await output(() => runSandboxCommand(['status', '--dir', dir]));
    expect(code).toBe(0);
    expect(out).toMatch(/node1 +10\.200\.51\.2 +carbon +pids: \d+\n/);
    expect(out).not.toContain('dead');
  });

  it('keeps a running sandbox of the same shape when brought up twice', async () => {
    const pids = state().hosts.map((h) => h.pids);
    const { code, out } = await output(() => runSandboxCommand(['up', '--hosts', '2', '--dir', dir, '--subnet', SUBNET, '--no-pack']));
    expect(code).toBe(0);
    expect(out).toContain('already up');
    expect(state().hosts.map((h) => h.pids)).toEqual(pids);
  });

  it('rehearses a real inventory with --like: same names, db on dbservers, only connection vars written', async () => {
    const inv = join(root, 'hosts.ini');
    writeFileSync(inv, '[carbon]\nas-mgr http_port=9443\n\n[dbservers]\nmysql-1\n');
    const { code } = await output(() => runSandboxCommand(['up', '--like', inv, '--dir', dir, '--subnet', SUBNET, '--no-pack']));
    expect(code).toBe(0);
    const s = state();
    expect(s.hosts.map((h) => [h.name, h.db])).toEqual([['as-mgr', false], ['mysql-1', true]]);
    const text = readFileSync(join(dir, 'inventory'), 'utf8');
    expect(text).not.toContain('[carbon]');
    expect(text).not.toContain('http_port');
    expect(text).toMatch(/^mysql-1 ansible_host=10\.200\.51\.3 .* mysql_admin_user=carbon_admin mysql_admin_password=[0-9a-f]{24}$/m);
    expect(ssh(s.hosts[1].ip, 'hostname; mariadb -N -e "select 1"')).toBe('mysql-1\n1\n');
  });

  it('takes everything down: processes, namespaces, links, files', async () => {
    const pids = state().hosts.flatMap((h) => h.pids);
    const { code } = await output(() => runSandboxCommand(['down', '--dir', dir]));
    expect(code).toBe(0);
    expect(pids.filter((p) => existsSync(`/proc/${p}`))).toEqual([]);
    expect(leftovers()).toEqual({ netns: [], links: [] });
    expect(existsSync(dir)).toBe(false);
    // And once more: down on nothing is fine.
    expect((await output(() => runSandboxCommand(['down', '--dir', dir]))).code).toBe(0);
  });

  it('refuses bad options with exit 5', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await runSandboxCommand(['up', '--hosts', 'x', '--dir', dir])).toBe(5);
      expect(await runSandboxCommand(['up', '--hosts', '1', '--subnet', '10.0.0.0', '--dir', dir])).toBe(5);
    } finally {
      err.mockRestore();
    }
  });
});
