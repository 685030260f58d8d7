// The depsync role with the local connection: the source's key, nodes list, script and cron entry; the
// targets' authorized key; nothing when disabled; and the script's lock and rsync --delete behaviour.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay } from './helpers.js';

/** One source and two targets, all on this machine (local connection), each with its own CARBON_HOME. */
function inventory(dir: string): string {
  const host = (name: string, ip: string) => `${name} ansible_connection=local ansible_host=${ip} carbon_home=${join(dir, name)}`;
  return ['[manager]', host('mgr', '10.9.0.2'), '', '[workers]', host('worker1', '10.9.0.3'), host('worker2', '10.9.0.4'), ''].join('\n');
}

function site(dir: string, enabled: boolean): string {
  return JSON.stringify([{
    hosts: 'all',
    vars: {
      depsync_enabled: enabled,
      depsync_dir: join(dir, 'depsync'),
      depsync_lock: join(dir, 'depsync-lock'),
      depsync_log: join(dir, 'depsync.log'),
      depsync_cron_file: join(dir, 'cron.d-carbon-depsync'),
      depsync_authorized_keys: join(dir, 'authorized_keys'),
    },
    roles: ['depsync'],
  }]);
}

describe('depsync role', () => {
  it('sets up the source and authorises its key on the targets; a second run changes nothing', async () => {
    const dir = createPlayDir();
    const first = await runPlay(dir, site(dir, true), inventory(dir));
    expect(first.code, first.out + first.err).toBe(0);
    const d = join(dir, 'depsync');
    expect(read(join(d, 'nodes-list.txt')).trim().split('\n')).toEqual([
      `root@10.9.0.3:${join(dir, 'worker1')}/repository/deployment/server/`,
      `root@10.9.0.4:${join(dir, 'worker2')}/repository/deployment/server/`,
    ]);
    expect(statSync(join(d, 'depsync.sh')).mode & 0o777).toBe(0o700);
    expect(read(join(d, 'depsync.sh'))).toContain(`"${join(dir, 'mgr')}/repository/deployment/server/" "$target"`);
    expect(read(join(dir, 'cron.d-carbon-depsync'))).toContain(`* * * * * root ${join(d, 'depsync.sh')}`);
    const pub = read(join(d, 'id_ed25519.pub')).trim();
    expect(read(join(dir, 'authorized_keys')).trim()).toBe(pub);
    const again = await runPlay(dir, site(dir, true), inventory(dir));
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ mgr: 0, worker1: 0, worker2: 0 });
  });

  it('does nothing when disabled', async () => {
    const dir = createPlayDir();
    const run = await runPlay(dir, site(dir, false), inventory(dir));
    expect(run.code, run.out + run.err).toBe(0);
    expect(changedCounts(run.out)).toEqual({ mgr: 0, worker1: 0, worker2: 0 });
    expect(existsSync(join(dir, 'depsync'))).toBe(false);
    expect(existsSync(join(dir, 'cron.d-carbon-depsync'))).toBe(false);
    expect(existsSync(join(dir, 'authorized_keys'))).toBe(false);
  });

  it('the script mirrors the deployment folder (with --delete) and refuses to run while the lock is held', async () => {
    const dir = createPlayDir();
    expect((await runPlay(dir, site(dir, true), inventory(dir))).code).toBe(0);
    const src = join(dir, 'mgr/repository/deployment/server');
    const dst = join(dir, 'local-target');
    mkdirSync(src, { recursive: true });
    mkdirSync(dst, { recursive: true });
    writeFileSync(join(src, 'app.car'), 'artifact');
    writeFileSync(join(dst, 'stale.car'), 'old');
    // A local path as target: rsync copies without ssh, so the script's own logic is what is tested.
    writeFileSync(join(dir, 'depsync/nodes-list.txt'), `${dst}/\n`);
    const script = join(dir, 'depsync/depsync.sh');
    const ok = spawnSync(script, { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(readdirSync(dst)).toEqual(['app.car']);
    expect(existsSync(join(dir, 'depsync-lock'))).toBe(false);
    mkdirSync(join(dir, 'depsync-lock'));
    const locked = spawnSync(script, { encoding: 'utf8' });
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain('another run is in progress');
    // The lock belongs to the other run: a refused run leaves it in place.
    expect(existsSync(join(dir, 'depsync-lock'))).toBe(true);
  });
});
