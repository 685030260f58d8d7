// Command-line and config connection settings (-u, -c, -b, --private-key, remote_user...) as the weakest host variables.
import type { Inventory } from './types.js';

/**
 * The same inventory, each host's variables laid over `defaults`: as in Ansible, inventory variables such as
 * `ansible_user` win over `-u` and `remote_user`, and play keywords (`connection:`, `become:`) win over both.
 */
export function withDefaultVars(inventory: Inventory, defaults: Record<string, unknown>): Inventory {
  if (Object.keys(defaults).length === 0) return inventory;
  return {
    hosts: inventory.hosts,
    groups: inventory.groups,
    sources: inventory.sources,
    hostVars: (host) => (inventory.hosts.has(host) ? { ...structuredClone(defaults), ...inventory.hostVars(host) } : inventory.hostVars(host)),
    groupNames: (host) => inventory.groupNames(host),
    groupsMap: () => inventory.groupsMap(),
    select: (pattern) => inventory.select(pattern),
  };
}
