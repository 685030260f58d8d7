// The depsync role with the local connection: each target's key, accepted by the source only from that target's
// address and only for a read-only rrsync of its deployment folder; the pull script (lock, --delete, never from an
// unmarked source), run through an ssh stand-in that applies the source's authorized_keys line as sshd would.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay } from './helpers.js';

const IPS = { mgr: '10.9.0.2', worker1: '10.9.0.3', worker2: '10.9.0.4' } as const;

/** One source and two targets, all on this machine (local connection), each with its own CARBON_HOME and depsync folder. */
function inventory(dir: string): string {
  const host = (name: keyof typeof IPS) => `${name} ansible_connection=local ansible_host=${IPS[name]} carbon_home=${join(dir, name)} depsync_dir=${join(dir, name, 'depsync')} depsync_lock=${join(dir, name, 'depsync-lock')} depsync_log=${join(dir, name, 'depsync.log')} depsync_cron_file=${join(dir, name, 'cron.d-carbon-depsync')}`;
  return ['[managers]', host('mgr'), '', '[workers]', host('worker1'), host('worker2'), ''].join('\n');
}

function site(dir: string, enabled: boolean): string {
  return JSON.stringify([{
    hosts: 'all',
    vars: { depsync_enabled: enabled, depsync_authorized_keys: join(dir, 'ssh/authorized_keys'), depsync_authorized_keys_dir: join(dir, 'ssh'), depsync_sync_now: false },
    roles: [{ role: 'depsync', when: 'depsync_enabled' }],
  }]);
}

/**
 * `ssh` as the pull script calls it, with sshd's part played here: the key's line in the source's authorized_keys
 * must exist, its from= must be the caller's address (CLIENT_IP), and its forced command runs with the asked
 * command in SSH_ORIGINAL_COMMAND (rrsync reads it).
 */
function writeSshShim(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'ssh'), `#!/bin/sh
while [ $# -gt 0 ]; do case "$1" in -i) key=$2; shift 2;; -o|-l|-p) shift 2;; -*) shift;; *) shift; break;; esac; done
pub=$(cut -d' ' -f2 "$key.pub")
line=$(grep -F " $pub " "$AUTH_KEYS") || { echo "Permission denied (publickey)" >&2; exit 255; }
from=$(printf '%s' "$line" | sed -n 's/.*from="\\([^"]*\\)".*/\\1/p')
[ "$from" = "$CLIENT_IP" ] || { echo "Permission denied: from=$from, client $CLIENT_IP" >&2; exit 255; }
cmd=$(printf '%s' "$line" | sed -n 's/^command="\\([^"]*\\)".*/\\1/p')
SSH_ORIGINAL_COMMAND="$*" exec sh -c "$cmd"
`);
  chmodSync(join(bin, 'ssh'), 0o755);
  return bin;
}

function pull(dir: string, target: keyof typeof IPS, clientIp: string = IPS[target]) {
  const env = { ...process.env, PATH: `${writeSshShim(dir)}:${process.env.PATH}`, AUTH_KEYS: join(dir, 'ssh/authorized_keys'), CLIENT_IP: clientIp };
  return spawnSync(join(dir, target, 'depsync/depsync.sh'), { encoding: 'utf8', env });
}

const deployDir = (dir: string, node: string) => join(dir, node, 'repository/deployment/server');

describe('depsync role', () => {
  it('each target\'s key: forced read-only rrsync of the deployment folder, from that target only; a second run changes nothing', async () => {
    const dir = createPlayDir();
    for (const n of Object.keys(IPS)) mkdirSync(deployDir(dir, n), { recursive: true });
    writeFileSync(join(deployDir(dir, 'mgr'), 'app.car'), 'artifact');
    const first = await runPlay(dir, site(dir, true), inventory(dir));
    expect(first.code, first.out + first.err).toBe(0);
    const lines = read(join(dir, 'ssh/authorized_keys')).trim().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((l, i) => {
      const name = ['worker1', 'worker2'][i]!;
      expect(l).toMatch(new RegExp(`^command="/usr/bin/rrsync -ro ${deployDir(dir, 'mgr')}/",from="${IPS[name as 'worker1'].replaceAll('.', '\\.')}",restrict ssh-ed25519 \\S+ carbon-play depsync ${name}$`));
    });
    expect(statSync(join(dir, 'ssh/authorized_keys')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'worker1/depsync/depsync.sh')).mode & 0o777).toBe(0o700);
    expect(read(join(dir, 'worker1/cron.d-carbon-depsync'))).toContain(`* * * * * root ${join(dir, 'worker1/depsync/depsync.sh')}`);
    // The source keeps no key, script or cron entry; it marked its folder (it holds an artifact).
    expect(existsSync(join(dir, 'mgr/depsync'))).toBe(false);
    expect(existsSync(join(deployDir(dir, 'mgr'), '.carbon-play-depsync-source'))).toBe(true);
    const again = await runPlay(dir, site(dir, true), inventory(dir));
    expect(changedCounts(again.out)).toEqual({ mgr: 0, worker1: 0, worker2: 0 });
  });

  it('does nothing when disabled', async () => {
    const dir = createPlayDir();
    const run = await runPlay(dir, site(dir, false), inventory(dir));
    expect(run.code, run.out + run.err).toBe(0);
    expect(changedCounts(run.out)).toEqual({ mgr: 0, worker1: 0, worker2: 0 });
    expect(existsSync(join(dir, 'worker1/depsync'))).toBe(false);
    expect(existsSync(join(dir, 'ssh/authorized_keys'))).toBe(false);
  });

  it('disabled, it needs none of its groups: an inventory without them runs the role to nothing', async () => {
    const dir = createPlayDir();
    const play = JSON.stringify([{ hosts: 'all', roles: ['depsync'] }]);
    const run = await runPlay(dir, play, `[carbon]\ng1 ansible_connection=local ansible_host=10.9.0.2 carbon_home=${join(dir, 'g1')}\n`);
    expect(run.code, run.out + run.err).toBe(0);
    expect(changedCounts(run.out)).toEqual({ g1: 0 });
  });

  it('the pull mirrors the source (with --delete), only read-only, only from its own address; never from an unmarked source; one run at a time', async () => {
    const dir = createPlayDir();
    for (const n of Object.keys(IPS)) mkdirSync(deployDir(dir, n), { recursive: true });
    writeFileSync(join(deployDir(dir, 'mgr'), 'app.car'), 'artifact');
    writeFileSync(join(deployDir(dir, 'worker1'), 'stale.car'), 'old');
    expect((await runPlay(dir, site(dir, true), inventory(dir))).code).toBe(0);

    const ok = pull(dir, 'worker1');
    expect(ok.status, ok.stderr + read(join(dir, 'worker1/depsync.log'))).toBe(0);
    expect(readdirSync(deployDir(dir, 'worker1')).sort()).toEqual(['.carbon-play-depsync-source', 'app.car']);
    expect(ok.stdout).toMatch(/app\.car/);
    // Nothing left to do: nothing printed.
    expect(pull(dir, 'worker1').stdout).toBe('');

    // The key is refused from another address.
    const elsewhere = pull(dir, 'worker2', IPS.worker1);
    expect(elsewhere.status).not.toBe(0);
    expect(readdirSync(deployDir(dir, 'worker2'))).toEqual([]);

    // Read-only: the key cannot write to the source (rrsync -ro refuses a push).
    const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, AUTH_KEYS: join(dir, 'ssh/authorized_keys'), CLIENT_IP: IPS.worker1 };
    writeFileSync(join(dir, 'evil.car'), 'x');
    const push = spawnSync('rsync', ['-a', '-e', `ssh -i ${join(dir, 'worker1/depsync/id_ed25519')}`, join(dir, 'evil.car'), `root@${IPS.mgr}:`], { encoding: 'utf8', env });
    expect(push.status).not.toBe(0);
    expect(existsSync(join(deployDir(dir, 'mgr'), 'evil.car'))).toBe(false);

    // An emptied (or unmounted) source has no mark: no sync, and the target keeps its artifacts.
    rmSync(deployDir(dir, 'mgr'), { recursive: true });
    mkdirSync(deployDir(dir, 'mgr'));
    const empty = pull(dir, 'worker1');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('has no .carbon-play-depsync-source');
    expect(readdirSync(deployDir(dir, 'worker1')).sort()).toEqual(['.carbon-play-depsync-source', 'app.car']);
    // And a role run does not mark an empty folder.
    expect((await runPlay(dir, site(dir, true), inventory(dir))).code).toBe(0);
    expect(existsSync(join(deployDir(dir, 'mgr'), '.carbon-play-depsync-source'))).toBe(false);

    mkdirSync(join(dir, 'worker1/depsync-lock'));
    const locked = pull(dir, 'worker1');
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain('another run is in progress');
    expect(existsSync(join(dir, 'worker1/depsync-lock'))).toBe(true);
  });
});
