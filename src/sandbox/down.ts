// `sandbox down`: stop what the sandbox started (by pid), remove its namespaces, links and files.
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLayout } from './layout.js';
import { listNamespaces, namespacePids, removeBridge, removeHostNetwork } from './network.js';
import { isAlive, readState } from './state.js';
import { withSandboxLock } from './lock.js';
import { dropClaim, otherNameHolder } from './claims.js';

async function killPids(pids: number[]): Promise<void> {
  const live = [...new Set(pids)].filter(isAlive);
  for (const pid of live) try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && live.some(isAlive)) await new Promise((r) => setTimeout(r, 50));
  for (const pid of live.filter(isAlive)) try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  const hard = Date.now() + 2000;
  while (Date.now() < hard && live.some(isAlive)) await new Promise((r) => setTimeout(r, 50));
}

/** Only what `up` wrote: a --dir the user also keeps other things in survives. */
export const SANDBOX_FILES = ['hosts', 'inventory', 'known_hosts', 'id_ed25519', 'id_ed25519.pub', 'authorized_keys', 'state.json', 'packs'];

async function removeFiles(dir: string): Promise<void> {
  for (const f of SANDBOX_FILES) await rm(join(dir, f), { recursive: true, force: true });
  for (const f of await readdir(dir).catch(() => [])) if (/^state\.json\..*\.tmp$/.test(f)) await rm(join(dir, f), { force: true });
  await rmdir(dir).catch(() => undefined);
}

export interface DownResult {
  hosts: number;
  namespaces: number;
}

/** Safe to run twice, and after a crash: every step tolerates what is already gone. */
export function sandboxDown(dir: string, opts: { keepFiles?: boolean } = {}): Promise<DownResult> {
  return withSandboxLock(createLayout(dir).dir, () => removeSandbox(dir, opts));
}

/** `down` without the lock: for `up`, which holds it already. */
export async function removeSandbox(dir: string, opts: { keepFiles?: boolean } = {}): Promise<DownResult> {
  const layout = createLayout(dir);
  const state = await readState(layout);
  const prefix = `cp-${layout.tag}-`;
  // Another folder's running sandbox with the same names: touch only what this folder's state records, never its links.
  const foreign = await otherNameHolder(layout);
  const namespaces = new Set([...(state?.hosts.map((h) => h.netns) ?? []), ...(foreign ? [] : await listNamespaces(prefix))]);
  // The recorded pids, plus anything a playbook started inside the hosts (found by namespace, killed by pid).
  const pids = [...(state?.hosts.flatMap((h) => h.pids) ?? [])];
  for (const ns of namespaces) pids.push(...(await namespacePids(ns)));
  await killPids(pids);
  for (const ns of namespaces) {
    const index = Number(ns.slice(prefix.length));
    const veth = state?.hosts.find((h) => h.netns === ns)?.veth ?? `cpv${layout.tag}x${index}`;
    await removeHostNetwork(ns, veth);
  }
  if (!foreign) {
    await removeBridge(state?.bridge ?? layout.bridge);
    await dropClaim(layout);
  }
  // Files go only from a folder that `up` made (it writes state.json first): any other folder is the user's.
  if (!opts.keepFiles && state?.dir === layout.dir) await removeFiles(layout.dir);
  return { hosts: state?.hosts.length ?? 0, namespaces: namespaces.size };
}
