// Restarts one sandbox host (after a test or a user killed its sshd): same namespace, same files, same host key.
import { CarbonPlayError } from '../core/errors.js';
import { startHost } from './host.js';
import { createLayout, hostDir } from './layout.js';
import { namespacePids } from './network.js';
import { isAlive, readState, saveState } from './state.js';

export async function restartSandboxHost(dir: string, name: string): Promise<number[]> {
  const layout = createLayout(dir);
  const state = await readState(layout);
  const host = state?.hosts.find((h) => h.name === name);
  if (!state || !host) throw new CarbonPlayError('options', `sandbox: expected a host named ${name} in ${layout.dir}, got none`);
  // Every process of the host goes (by pid), so the new mount namespace starts clean.
  const pids = [...host.pids, ...(await namespacePids(host.netns))].filter(isAlive);
  for (const pid of pids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 20));
  const started = await startHost({ name: host.name, ip: host.ip, netns: host.netns, dir: hostDir(layout, host.name), authorizedKeys: layout.authorizedKeys, db: host.db });
  host.pids = started.pids;
  await saveState(layout, state);
  return started.pids;
}
