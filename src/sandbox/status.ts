// `sandbox status`: what the sandbox in DIR runs, host by host, and whether each process is still alive.
import { createLayout } from './layout.js';
import { isAlive, readState } from './state.js';

export interface HostStatus {
  name: string;
  ip: string;
  groups: string[];
  roles: string[];
  pids: Array<{ pid: number; alive: boolean }>;
}

export async function readSandboxStatus(dir: string): Promise<{ dir: string; inventory: string; hosts: HostStatus[] } | null> {
  const layout = createLayout(dir);
  const state = await readState(layout);
  if (!state) return null;
  return {
    dir: layout.dir,
    inventory: layout.inventory,
    hosts: state.hosts.map((h) => ({
      name: h.name,
      ip: h.ip,
      groups: h.groups,
      roles: [...(h.db ? ['mariadb'] : []), ...(h.lb ? ['nginx'] : [])],
      pids: h.pids.map((pid) => ({ pid, alive: isAlive(pid) })),
    })),
  };
}

export function formatSandboxStatus(status: Awaited<ReturnType<typeof readSandboxStatus>>): string {
  if (!status) return 'no sandbox here';
  const lines = [`sandbox in ${status.dir} (inventory ${status.inventory})`];
  for (const h of status.hosts) {
    const procs = h.pids.map((p) => `${p.pid}${p.alive ? '' : ' (dead)'}`).join(', ') || 'none';
    lines.push(`  ${h.name.padEnd(12)} ${h.ip.padEnd(15)} ${[...h.groups, ...h.roles].join(',').padEnd(20)} pids: ${procs}`);
  }
  return lines.join('\n');
}
