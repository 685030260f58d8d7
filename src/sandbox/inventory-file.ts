// Renders the sandbox's Ansible INI inventory: hosts, groups, connection variables (+ the db admin login).
import type { SandboxLayout } from './layout.js';
import type { SandboxState } from './state.js';

function hostLine(layout: SandboxLayout, state: SandboxState, name: string): string {
  const h = state.hosts.find((x) => x.name === name)!;
  const vars = [
    `ansible_host=${h.ip}`,
    'ansible_user=root',
    `ansible_ssh_private_key_file=${layout.clientKey}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${layout.knownHosts}'`,
  ];
  if (h.db && state.dbAdmin) vars.push(`mysql_admin_user=${state.dbAdmin.user}`, `mysql_admin_password=${state.dbAdmin.password}`);
  return `${name} ${vars.join(' ')}`;
}

/**
 * Connection variables sit on each host line: host variables beat any group variable of the user's inventory,
 * so `-i INVENTORY -i DIR/inventory` reaches the sandbox whatever the user's groups set.
 */
export function renderInventory(layout: SandboxLayout, state: SandboxState): string {
  const out = [`# carbon-play sandbox in ${layout.dir}${state.like ? ` (like ${state.like})` : ''}; written by \`carbon-play sandbox up\`.`];
  const groups = new Map<string, string[]>();
  const ungrouped: string[] = [];
  for (const h of state.hosts) {
    if (h.groups.length === 0) ungrouped.push(h.name);
    for (const g of h.groups) groups.set(g, [...(groups.get(g) ?? []), h.name]);
  }
  for (const name of ungrouped) out.push(hostLine(layout, state, name));
  for (const [group, names] of groups) {
    out.push('', `[${group}]`);
    for (const name of names) out.push(hostLine(layout, state, name));
  }
  return out.join('\n') + '\n';
}
