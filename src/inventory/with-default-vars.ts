// Command-line and config connection settings (-u, -c, -b, --private-key, remote_user...) as the weakest host variables.
import type { Inventory } from './types.js';

/** Variables Ansible reads under two names: a host that sets either keeps its own value. */
const SAME_SETTING = [['ansible_user', 'ansible_ssh_user'], ['ansible_ssh_private_key_file', 'ansible_private_key_file']];

/**
 * The same inventory, each host's variables laid over `defaults`: as in Ansible, inventory variables such as
 * `ansible_user` win over `-u` and `remote_user`, and play keywords (`connection:`, `become:`) win over both.
 */
export function withDefaultVars(inventory: Inventory, defaults: Record<string, unknown>): Inventory {
  if (Object.keys(defaults).length === 0) return inventory;
  const hostVars = (host: string): Record<string, unknown> => {
    const own = inventory.hostVars(host);
    if (!inventory.hosts.has(host)) return own;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(defaults)) {
      const names = SAME_SETTING.find((g) => g.includes(name)) ?? [name];
      if (!names.some((n) => n in own)) out[name] = structuredClone(value);
    }
    return { ...out, ...own };
  };
  return {
    hosts: inventory.hosts,
    groups: inventory.groups,
    sources: inventory.sources,
    hostVars,
    groupNames: (host) => inventory.groupNames(host),
    groupsMap: () => inventory.groupsMap(),
    select: (pattern) => inventory.select(pattern),
  };
}
