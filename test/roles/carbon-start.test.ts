// The carbon_start role against a fake start script (local connection): first start vs later starts on a
// worker, the failure paths (the log's ERROR lines), and config-change restarts rolling one node at a time.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';

/**
 * A stand-in for bin/wso2server.sh: start|stop|restart; `mode` in CARBON_HOME says what a start logs
 * (ok: the ready line one second later; fail: Carbon 4.4's pool and user-store errors; hang: an error, never ready).
 * Every call and every ready line is appended to ../calls (shared by the hosts), in order; with a `peers`
 * file, the peers then log this member (`member`: IP:PORT) joined, as a Hazelcast cluster does.
 */
const FAKE_SERVER = `#!/bin/sh
H=$(cd "$(dirname "$0")/.." && pwd)
N=$(basename "$H")
LOG="$H/repository/logs/wso2carbon.log"
CALLS="$H/../calls"
mkdir -p "$H/repository/logs"
cmd=$1; shift
stop() {
  [ -f "$H/wso2carbon.pid" ] && kill "$(cat "$H/wso2carbon.pid")" 2>/dev/null
  rm -f "$H/wso2carbon.pid"
  echo "TID: [-1234] [] [t]  INFO - CarbonServerManager Halting JVM" >> "$LOG"
}
start() {
  echo "$N $cmd $*" >> "$CALLS"
  nohup sleep 300 >/dev/null 2>&1 </dev/null &
  echo $! > "$H/wso2carbon.pid"
  echo "TID: [-1234] [] [t]  INFO - CarbonCoreActivator Starting WSO2 Carbon..." >> "$LOG"
  case $(cat "$H/mode" 2>/dev/null) in
    fail)
      echo "TID: [-1234] [] [t] ERROR - ConnectionPool Unable to create initial connections of pool." >> "$LOG"
      echo "TID: [-1234] [] [t] ERROR - DefaultRealmService Cannot initialize the realm." >> "$LOG"
      echo "TID: [-1234] [] [t] ERROR - Activator Cannot start User Manager Core bundle" >> "$LOG"
      kill "$(cat "$H/wso2carbon.pid")"; rm -f "$H/wso2carbon.pid" ;;
    hang)
      echo "TID: [-1234] [] [t]  ERROR {org.wso2.carbon.registry.core} -  Registry is not ready" >> "$LOG" ;;
    *)
      ( sleep 1; echo "TID: [-1234] [] [t]  INFO - StartupFinalizerServiceComponent WSO2 Carbon started in 1 sec" >> "$LOG"; echo "$N ready" >> "$CALLS"
        # With a peers file (one CARBON_HOME a line), each peer logs this member joined a second later.
        if [ -f "$H/peers" ]; then sleep 1; while read -r p; do
          echo "TID: [-1234] [] [t]  INFO - MembershipManager Member joined [$(cat "$H/member")] (wso2.test.domain)" >> "$p/repository/logs/wso2carbon.log"
          echo "$(basename "$p") saw $N" >> "$CALLS"
        done < "$H/peers"; fi ) >/dev/null 2>&1 </dev/null & ;;
  esac
}
case $cmd in start) start "$@" ;; stop) echo "$N stop" >> "$CALLS"; stop ;; restart) stop; start "$@" ;; esac
`;

const homes: string[] = [];

/** A CARBON_HOME with the fake script and a sample artifact in repository/deployment/server. */
function carbonHome(dir: string, name: string, mode = 'ok'): string {
  const home = join(dir, name);
  writeFiles(home, { 'bin/wso2server.sh': FAKE_SERVER, mode, 'repository/deployment/server/axis2services/Version.aar': 'sample' });
  chmodSync(join(home, 'bin/wso2server.sh'), 0o755);
  homes.push(home);
  return home;
}

/** The fake servers' pids are ours: stop them by pid. */
afterEach(() => {
  for (const home of homes.splice(0)) {
    const pidFile = join(home, 'wso2carbon.pid');
    if (existsSync(pidFile)) try { process.kill(Number(read(pidFile).trim())); } catch { /* already gone */ }
  }
});

const inventory = (...hosts: [string, string][]) =>
  `[carbon]\n${hosts.map(([name, home]) => `${name} ansible_connection=local carbon_home=${home}`).join('\n')}\n`;

const startPlay = (vars: Record<string, unknown> = {}) => JSON.stringify([{ hosts: 'carbon', serial: 1, vars, roles: ['carbon_start'] }]);

/** The product zip as carbon_pack unpacked it: CARBON_HOME's sample deployment folder, as it is now. */
function packOf(dir: string, name: string): string {
  const zip = join(dir, `${name}.zip`);
  execFileSync('zip', ['-q', '-r', zip, `${name}/repository/deployment/server`], { cwd: dir });
  return zip;
}

const pidOf = (home: string) => read(join(home, 'wso2carbon.pid')).trim();

function stop(home: string): void {
  process.kill(Number(pidOf(home)));
  rmSync(join(home, 'wso2carbon.pid'));
}

const calls = (dir: string) => read(join(dir, 'calls')).trim().split('\n').map((l) => l.trim());

/** site.yaml's configure play: carbon_start's status first, then a config file whose change notifies `restart carbon`. */
const configurePlay = (content: string, vars: Record<string, unknown> = {}) => ({
  hosts: 'carbon',
  vars,
  pre_tasks: [{ include_role: { name: 'carbon_start', tasks_from: 'status' } }],
  tasks: [{ name: 'a config file', copy: { dest: '{{carbon_home}}/conf.txt', content }, notify: 'restart carbon' }],
});

/**
 * site.yaml's shape (the configure play, then the start play: serial 1, verify's rejoined.yml) run with conf v1, then
 * v2: what the second run did, in order.
 */
async function rejoinedRestartCalls(dir: string, inv: string): Promise<string[]> {
  const start = { hosts: 'carbon', serial: 1, roles: ['carbon_start'], post_tasks: [{ include_role: { name: 'verify', tasks_from: 'rejoined' } }] };
  const site = (conf: string) => JSON.stringify([configurePlay('{{inventory_hostname}}-{{conf}}', { conf }), start]);
  const first = await runPlay(dir, site('v1'), inv);
  expect(first.code, first.out + first.err).toBe(0);
  // The first starts' join lines land before the restarts (the fake logs them a second after the ready line).
  await joinsLogged(dir);
  const before = calls(dir).length;
  const r = await runPlay(dir, site('v2'), inv);
  expect(r.code, r.out + r.err).toBe(0);
  await joinsLogged(dir);
  return calls(dir).slice(before);
}

/**
 * Waits until every ready line in ../calls has its peers' "saw" lines after it (the fake writes them a second later,
 * in the background), returning as soon as they are all there.
 */
async function joinsLogged(dir: string): Promise<void> {
  const peersOf = (node: string) => (existsSync(join(dir, node, 'peers')) ? read(join(dir, node, 'peers')).trim().split('\n').length : 0);
  await vi.waitFor(() => {
    const lines = calls(dir);
    const expected = lines.map((l) => /^(\S+) ready$/.exec(l)).reduce((n, m) => n + (m ? peersOf(m[1]!) : 0), 0);
    expect(lines.filter((l) => / saw /.test(l))).toHaveLength(expected);
  }, { timeout: 20_000, interval: 50 });
}

describe('carbon_start role', () => {
  it('empties a worker\'s deployment folder on its first start only: a file put there later survives a stop and start', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'w1');
    const deployed = join(home, 'repository/deployment/server');
    const pack = packOf(dir, 'w1');
    const first = await runPlay(dir, startPlay({ carbon_worker_node: true, carbon_pack_src: pack }), inventory(['w1', home]));
    expect(first.code, first.out + first.err).toBe(0);
    expect(readdirSync(deployed)).toEqual([]);
    expect(existsSync(join(home, '.carbon-play-started'))).toBe(true);
    expect(calls(dir)).toEqual(['w1 start -DworkerNode=true', 'w1 ready']);
    // The node goes down (a reboot), its log is rotated away, and an artifact was deployed meanwhile.
    stop(home);
    rmSync(join(home, 'repository/logs/wso2carbon.log'));
    writeFiles(deployed, { 'app.car': 'artifact' });
    const again = await runPlay(dir, startPlay({ carbon_worker_node: true, carbon_pack_src: pack }), inventory(['w1', home]));
    expect(again.code, again.out + again.err).toBe(0);
    expect(calls(dir).slice(2)).toEqual(['w1 start -DworkerNode=true', 'w1 ready']);
    expect(readdirSync(deployed)).toEqual(['app.car']);
  });

  it('a worker whose log shows an earlier start (started before the marker existed) is not emptied', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'w1');
    writeFiles(home, { 'repository/logs/wso2carbon.log': 'TID: [-1234] [] [t]  INFO - StartupFinalizerServiceComponent WSO2 Carbon started in 30 sec\n' });
    const r = await runPlay(dir, startPlay({ carbon_worker_node: true }), inventory(['w1', home]));
    expect(r.code, r.out + r.err).toBe(0);
    expect(readdirSync(join(home, 'repository/deployment/server'))).toEqual(['axis2services']);
  });

  it('a stopped worker with no start marker whose start line is only in a rotated log (wso2carbon.log.DATE) is not emptied', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'w1');
    const pack = packOf(dir, 'w1');
    // Started before the marker existed; Carbon rotated the log at midnight, the new day's log has no start line.
    writeFiles(home, {
      'repository/logs/wso2carbon.log.2026-11-28': 'TID: [-1234] [] [t]  INFO - StartupFinalizerServiceComponent WSO2 Carbon started in 30 sec\n',
      'repository/logs/wso2carbon.log': 'TID: [-1234] [] [t]  INFO - CarbonServerManager Halting JVM\n',
    });
    const r = await runPlay(dir, startPlay({ carbon_worker_node: true, carbon_pack_src: pack }), inventory(['w1', home]));
    expect(r.code, r.out + r.err).toBe(0);
    expect(readdirSync(join(home, 'repository/deployment/server'))).toEqual(['axis2services']);
    // Gzipped by logrotate, under another name: the same.
    const other = carbonHome(dir, 'w2');
    const pack2 = packOf(dir, 'w2');
    writeFiles(other, { 'repository/logs/wso2carbon.log.1': 'TID: [-1234] [] [t]  INFO - StartupFinalizerServiceComponent WSO2 Carbon started in 30 sec\n' });
    execFileSync('gzip', [join(other, 'repository/logs/wso2carbon.log.1')]);
    const r2 = await runPlay(dir, startPlay({ carbon_worker_node: true, carbon_pack_src: pack2 }), inventory(['w2', other]));
    expect(r2.code, r2.out + r2.err).toBe(0);
    expect(readdirSync(join(other, 'repository/deployment/server'))).toEqual(['axis2services']);
  });

  it('a worker\'s first start leaves the folder alone, and says why, when it holds a file the pack does not (or the pack is unknown)', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'w1');
    const pack = packOf(dir, 'w1');
    writeFiles(home, { 'repository/deployment/server/carbonapps/orders.car': 'deployed by hand' });
    const r = await runPlay(dir, startPlay({ carbon_worker_node: true, carbon_pack_src: pack }), inventory(['w1', home]));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('it holds files the product zip does not put there: carbonapps/orders.car');
    expect(readdirSync(join(home, 'repository/deployment/server')).sort()).toEqual(['axis2services', 'carbonapps']);
    // No product zip known: nothing to compare with, so nothing is removed.
    const other = carbonHome(dir, 'w2');
    const r2 = await runPlay(dir, startPlay({ carbon_worker_node: true }), inventory(['w2', other]));
    expect(r2.code, r2.out + r2.err).toBe(0);
    expect(r2.out).toContain("the product zip's file list could not be read (carbon_pack_src is not set)");
    expect(readdirSync(join(other, 'repository/deployment/server'))).toEqual(['axis2services']);
  });

  it('-Dsetup only on the setup node\'s first start', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1');
    expect((await runPlay(dir, startPlay({ carbon_setup_node: true }), inventory(['n1', home]))).code).toBe(0);
    stop(home);
    expect((await runPlay(dir, startPlay({ carbon_setup_node: true }), inventory(['n1', home]))).code).toBe(0);
    expect(calls(dir)).toEqual(['n1 start -Dsetup', 'n1 ready', 'n1 start', 'n1 ready']);
  });

  it('an INI carbon_setup_node=false / carbon_worker_node=false (the string "false") is false: no -Dsetup, no -DworkerNode, nothing emptied', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1');
    const inv = `[carbon]\nn1 ansible_connection=local carbon_home=${home} carbon_setup_node=false carbon_worker_node=false\n`;
    const r = await runPlay(dir, startPlay(), inv);
    expect(r.code, r.out + r.err).toBe(0);
    expect(calls(dir)).toEqual(['n1 start', 'n1 ready']);
    expect(existsSync(join(home, '.carbon-play-setup-done'))).toBe(false);
    expect(readdirSync(join(home, 'repository/deployment/server'))).toEqual(['axis2services']);
  });

  it('on a timeout, fails with the ERROR lines this start logged (not older ones)', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1', 'hang');
    writeFiles(home, { 'repository/logs/wso2carbon.log': 'TID: [-1234] [] [t]  ERROR {org.wso2.carbon.core} -  an error of an earlier run\n' });
    const r = await runPlay(dir, startPlay({ carbon_start_timeout: 2 }), inventory(['n1', home]));
    expect(r.code).toBe(2);
    expect(r.out).toContain("n1 did not start: no 'WSO2 Carbon started' line");
    expect(r.out).toContain('Registry is not ready');
    expect(r.out).not.toContain('an error of an earlier run');
    expect(existsSync(join(home, '.carbon-play-started'))).toBe(false);
  });

  it('when the log says it cannot start, fails at once with its ERROR lines', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1', 'fail');
    const r = await runPlay(dir, startPlay({ carbon_start_timeout: 60 }), inventory(['n1', home]));
    expect(r.code).toBe(2);
    // Failed on the log's line, not by waiting out the timeout.
    expect(r.out).not.toMatch(/timed out|timeout/i);
    expect(r.out).toContain('n1 did not start: the log says it cannot start');
    expect(r.out).toContain('Cannot start User Manager Core bundle');
  });

  it('a config change leaves a restart marker; the serial start play restarts the nodes one after the other', async () => {
    const dir = createPlayDir();
    const [h1, h2] = [carbonHome(dir, 'n1'), carbonHome(dir, 'n2')];
    const inv = inventory(['n1', h1], ['n2', h2]);
    expect((await runPlay(dir, startPlay(), inv)).code).toBe(0);
    const pids = [pidOf(h1), pidOf(h2)];
    const configure = (version: string) => configurePlay(version);
    // The configure play alone (as if the run stopped there): nothing restarts, the marker stays.
    const cut = await runPlay(dir, JSON.stringify([configure('v2')]), inv);
    expect(cut.code, cut.out + cut.err).toBe(0);
    expect([pidOf(h1), pidOf(h2)]).toEqual(pids);
    expect(existsSync(join(h1, '.carbon-play-restart-pending'))).toBe(true);
    expect(existsSync(join(h2, '.carbon-play-restart-pending'))).toBe(true);
    // The next run finds nothing to configure, and still does the pending restarts, one node at a time.
    const site = JSON.stringify([configure('v2'), JSON.parse(startPlay())[0]]);
    const r = await runPlay(dir, site, inv);
    expect(r.code, r.out + r.err).toBe(0);
    expect(calls(dir).slice(4)).toEqual(['n1 restart', 'n1 ready', 'n2 restart', 'n2 ready']);
    expect(pidOf(h1)).not.toBe(pids[0]);
    expect(pidOf(h2)).not.toBe(pids[1]);
    expect(existsSync(join(h1, '.carbon-play-restart-pending'))).toBe(false);
    expect(existsSync(join(h2, '.carbon-play-restart-pending'))).toBe(false);
    const idle = await runPlay(dir, site, inv);
    expect(idle.code).toBe(0);
    expect(changedCounts(idle.out)).toEqual({ n1: 0, n2: 0 });
    expect(calls(dir)).toHaveLength(8);
  });

  it('a restarted node is logged back by the running members before the next node goes down', async () => {
    const dir = createPlayDir();
    const [h1, h2] = [carbonHome(dir, 'n1'), carbonHome(dir, 'n2')];
    writeFiles(h1, { peers: `${h2}\n`, member: '10.9.0.2:4100' });
    writeFiles(h2, { peers: `${h1}\n`, member: '10.9.0.3:4100' });
    const inv = `[carbon]\nn1 ansible_connection=local ansible_host=10.9.0.2 carbon_home=${h1}\nn2 ansible_connection=local ansible_host=10.9.0.3 carbon_home=${h2}\n\n[carbon:vars]\ncarbon_local_member_port=4100\n`;
    expect(await rejoinedRestartCalls(dir, inv)).toEqual(['n1 restart', 'n1 ready', 'n2 saw n1', 'n2 restart', 'n2 ready', 'n1 saw n2']);
  });

  it('seed 002: the manager, the workers\' only WKA member, is logged back by the workers (its cluster) before a worker goes down', async () => {
    const dir = createPlayDir();
    const [hm, hw] = [carbonHome(dir, 'm1'), carbonHome(dir, 'w1')];
    writeFiles(hm, { peers: `${hw}\n`, member: '10.9.0.2:4000' });
    writeFiles(hw, { peers: `${hm}\n`, member: '10.9.0.3:4000' });
    // as inventory/as-workers: every node lists the manager alone; the workers learn each other through it.
    const inv = `[managers]\nm1 ansible_connection=local ansible_host=10.9.0.2 carbon_home=${hm}\n[workers]\nw1 ansible_connection=local ansible_host=10.9.0.3 carbon_home=${hw}\n`
      + '[carbon:children]\nmanagers\nworkers\n\n[carbon:vars]\ncarbon_wka_group=managers\ncarbon_cluster_group=carbon\ncarbon_local_member_port=4000\n';
    expect(await rejoinedRestartCalls(dir, inv)).toEqual(['m1 restart', 'm1 ready', 'w1 saw m1', 'w1 restart', 'w1 ready', 'm1 saw w1']);
  });

  it('a node that does not come back stops the rollout: the next keeps running and keeps its restart marker', async () => {
    const dir = createPlayDir();
    const [h1, h2] = [carbonHome(dir, 'n1'), carbonHome(dir, 'n2')];
    const inv = inventory(['n1', h1], ['n2', h2]);
    const site = (conf: string) => JSON.stringify([configurePlay('{{conf}}', { conf }), { hosts: 'carbon', serial: 1, max_fail_percentage: 0, roles: ['carbon_start'] }]);
    expect((await runPlay(dir, site('v1'), inv)).code).toBe(0);
    const pid2 = pidOf(h2);
    writeFiles(h1, { mode: 'fail' });
    const broken = await runPlay(dir, site('v2'), inv);
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('n1 did not start: the log says it cannot start');
    expect(calls(dir).slice(4)).toEqual(['n1 restart']);
    expect(pidOf(h2)).toBe(pid2);
    expect(existsSync(join(h2, '.carbon-play-restart-pending'))).toBe(true);
    // Fixed, the next run starts n1 and does n2's pending restart.
    writeFiles(h1, { mode: 'ok' });
    const fixed = await runPlay(dir, site('v2'), inv);
    expect(fixed.code, fixed.out + fixed.err).toBe(0);
    expect(calls(dir).slice(5)).toEqual(['n1 start', 'n1 ready', 'n2 restart', 'n2 ready']);
    expect(existsSync(join(h2, '.carbon-play-restart-pending'))).toBe(false);
  });

  it('with clustering off (a standalone node), a restart waits for no member', async () => {
    const dir = createPlayDir();
    const [h1, h2] = [carbonHome(dir, 'n1'), carbonHome(dir, 'n2')];
    const inv = `[carbon]\nn1 ansible_connection=local ansible_host=10.9.0.2 carbon_home=${h1}\nn2 ansible_connection=local ansible_host=10.9.0.3 carbon_home=${h2}\n\n[carbon:vars]\ncarbon_clustering_enabled=false\n`;
    const site = (conf: string) => JSON.stringify([configurePlay('{{conf}}', { conf }), { hosts: 'carbon', serial: 1, vars: { verify_timeout: 2 }, roles: ['carbon_start'], post_tasks: [{ include_role: { name: 'verify', tasks_from: 'rejoined' } }] }]);
    expect((await runPlay(dir, site('v1'), inv)).code).toBe(0);
    const r = await runPlay(dir, site('v2'), inv);
    expect(r.code, r.out + r.err).toBe(0);
    expect(calls(dir).slice(4)).toEqual(['n1 restart', 'n1 ready', 'n2 restart', 'n2 ready']);
  });

  it('check mode (-C) starts nothing and does not wait for a ready line', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1');
    const r = await runPlay(dir, startPlay({ carbon_start_timeout: 30 }), inventory(['n1', home]), ['-C']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).not.toMatch(/timed out|timeout/i);
    expect(existsSync(join(dir, 'calls'))).toBe(false);
    expect(existsSync(join(home, '.carbon-play-started'))).toBe(false);
  });

  it('a config change on a stopped node starts it without a restart marker', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir, 'n1');
    const site = JSON.stringify([configurePlay('v1'), JSON.parse(startPlay())[0]]);
    const r = await runPlay(dir, site, inventory(['n1', home]));
    expect(r.code, r.out + r.err).toBe(0);
    expect(calls(dir)).toEqual(['n1 start', 'n1 ready']);
    expect(existsSync(join(home, '.carbon-play-restart-pending'))).toBe(false);
  });
});
