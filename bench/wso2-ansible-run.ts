// The run part of the WSO2 compatibility check: site.yml on fresh sandbox hosts named as dev/inventory's, once with
// ansible-playbook and once with carbon-play; each host's tasks, their status, the recap and the files changed compared.
// Caller holds the machine-wide sandbox lock (flock /tmp/carbon-play-e2e.lock).
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { hostDir } from '../src/sandbox/layout.js';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { planHostsLike } from '../src/sandbox/plan.js';
import { sandboxDown } from '../src/sandbox/down.js';
import { sandboxUp } from '../src/sandbox/up.js';
import { runAnsible, runCarbon, statusOf, type HostOutcome } from '../test/helpers/ansible-diff.js';
import { PLAYBOOK_ARGS, type Check } from './wso2-ansible.js';

const SUBNET = process.env.CARBON_PLAY_WSO2_SUBNET ?? '10.200.116.0/24';

/** Per host, its tasks in run order with their status: `name: status`. */
export function hostTimelines(outcomes: HostOutcome[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const o of outcomes) (out[o.host] ??= []).push(`${o.task}: ${statusOf(o.result)}`);
  return out;
}

/**
 * carbon-play masks secret values wherever they show, task names included (WSO2's default keystore password is
 * `wso2carbon`, so "Add wso2carbon user" shows as "Add ******** user"): a mask matches any text.
 */
export function sameLine(ansible: string | undefined, ours: string | undefined): boolean {
  if (ansible === undefined || ours === undefined) return ansible === ours;
  const pattern = ours.split('********').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${pattern}$`).test(ansible);
}

/** The differences between two timelines, host by host (at most `max`). */
export function timelineDiff(a: Record<string, string[]>, b: Record<string, string[]>, max = 4): string[] {
  const diff: string[] = [];
  for (const host of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[host] ?? [];
    const y = b[host] ?? [];
    for (let i = 0; i < Math.max(x.length, y.length) && diff.length < max; i++) {
      if (!sameLine(x[i], y[i])) {
        diff.push(`${host} #${i + 1}: ansible ${JSON.stringify(x[i] ?? null)} vs carbon-play ${JSON.stringify(y[i] ?? null)}`);
        break;
      }
    }
  }
  return diff;
}

/** Files a run changes but that say nothing of what the playbook did (ssh's, sudo's and the package tools' own state). */
const VOLATILE = /^(etc\/ssh\/|var\/(cache|log|tmp|lib\/(apt|dpkg|systemd))\/|etc\/ld\.so\.cache$|etc\/(shadow|gshadow|passwd|group|subuid|subgid)-$)/;

/**
 * What a run left on a host: every file its /etc, /opt and /var overlays gained or changed, with mode and content hash
 * (the upper layers hold exactly those files). changesDiff leaves out the VOLATILE ones.
 */
export function hostChanges(hostDirectory: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const top of ['etc', 'opt', 'var']) {
    const upper = join(hostDirectory, `${top}-upper`);
    const walk = (dir: string) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const abs = join(dir, name);
        const rel = `${top}/${relative(upper, abs)}`;
        const st = lstatSync(abs);
        if (st.isDirectory()) {
          out[`${rel}/`] = (st.mode & 0o7777).toString(8);
          walk(abs);
        } else out[rel] = `${(st.mode & 0o7777).toString(8)} ${st.isFile() ? createHash('sha1').update(readFileSync(abs)).digest('hex').slice(0, 12) : 'special'}`;
      }
    };
    walk(upper);
  }
  return out;
}

/** Fresh hosts for each tool, so both start from the same state; after `fn`, what it changed on each host. */
async function onFreshHosts<T>(repoDir: string, sandboxDir: string, fn: (inventory: string) => Promise<T>): Promise<{ run: T; changes: Record<string, Record<string, string>> }> {
  const inv = await loadInventory([join(repoDir, 'dev/inventory')]);
  await sandboxDown(sandboxDir);
  const hosts = planHostsLike(inv);
  const { layout } = await sandboxUp({ dir: sandboxDir, hosts, subnet: SUBNET });
  const run = await fn(layout.inventory);
  return { run, changes: Object.fromEntries(hosts.map((h) => [h.name, hostChanges(hostDir(layout, h.name))])) };
}

/** Files one run left and the other did not, or left differently: `host path: ansible ... vs carbon-play ...`. */
export function changesDiff(a: Record<string, Record<string, string>>, b: Record<string, Record<string, string>>, max = 4): string[] {
  const diff: string[] = [];
  for (const host of Object.keys(a).sort()) {
    for (const path of [...new Set([...Object.keys(a[host] ?? {}), ...Object.keys(b[host] ?? {})])].sort().filter((p) => !VOLATILE.test(p))) {
      if (a[host]?.[path] !== b[host]?.[path] && diff.length < max) diff.push(`${host} /${path}: ansible ${a[host]?.[path] ?? 'absent'} vs carbon-play ${b[host]?.[path] ?? 'absent'}`);
    }
  }
  return diff;
}

export async function compareSandboxRun(repoDir: string): Promise<Check> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'cp-wso2-sandbox-'));
  try {
    const { run: theirs, changes: theirChanges } = await onFreshHosts(repoDir, sandboxDir, (inv) => runAnsible(repoDir, [...PLAYBOOK_ARGS, '-i', inv]));
    const { run: ours, changes: ourChanges } = await onFreshHosts(repoDir, sandboxDir, (inv) => runCarbon(repoDir, [...PLAYBOOK_ARGS, '-i', inv]));
    // CARBON_PLAY_WSO2_DUMP=DIR keeps both tools' results for a closer look.
    const dump = process.env.CARBON_PLAY_WSO2_DUMP;
    if (dump) for (const [tool, r, files] of [['ansible', theirs, theirChanges], ['carbon-play', ours, ourChanges]] as const) writeFileSync(join(dump, `${basename(repoDir)}-${tool}.json`), JSON.stringify({ ...r, files }, null, 1));
    const a = hostTimelines(theirs.outcomes);
    const b = hostTimelines(ours.outcomes);
    const diff = [...timelineDiff(a, b), ...changesDiff(theirChanges, ourChanges)];
    const files = Object.values(ourChanges).reduce((n, c) => n + Object.keys(c).filter((p) => !VOLATILE.test(p)).length, 0);
    // Where each host stopped: the download both tools cannot make here.
    const stops = [...new Set(ours.outcomes.filter((o) => statusOf(o.result) === 'failed').map((o) => o.task))];
    const pick = (s: Record<string, Record<string, number>>) => JSON.stringify(Object.fromEntries(Object.entries(s).sort().map(([h, v]) => [h, [v.ok, v.changed, v.failures ?? v.failed, v.skipped]])));
    if (diff.length === 0 && pick(ours.stats) !== pick(theirs.stats)) diff.push(`recap: ansible ${pick(theirs.stats)} vs carbon-play ${pick(ours.stats)}`);
    const tasks = Object.values(b).reduce((n, t) => n + t.length, 0);
    return {
      name: 'sandbox run',
      pass: diff.length === 0 && tasks > 0,
      detail: diff.length ? diff.join('; ') : `${Object.keys(b).length} hosts, ${tasks} host-tasks with the same status, ${files} changed files alike; stopped at: ${stops.join(', ') || 'nothing'}${ours.err ? ` (carbon-play stderr: ${ours.err.trim().split('\n')[0]})` : ''}`,
    };
  } finally {
    await sandboxDown(sandboxDir);
    rmSync(sandboxDir, { recursive: true, force: true });
  }
}
