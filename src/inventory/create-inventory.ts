// Turns parsed InventoryData into the Inventory contract: merged vars, group_names, groups, patterns.
import type { Inventory, InventoryGroup, InventoryHost } from './types.js';
import type { GroupData, InventoryData, Vars } from './inventory-data.js';
import { selectHosts, type PatternInventory } from './host-pattern.js';

export function createInventory(data: InventoryData, cwd: string): Inventory {
  const depth = computeDepths(data);
  const hostNames = [...data.hosts.keys()];
  const order = new Map(hostNames.map((h, i) => [h, i]));

  const transitiveGroups = (host: string): GroupData[] => {
    const names = new Set<string>();
    for (const g of data.hosts.get(host)?.groups ?? []) {
      names.add(g);
      for (const a of data.ancestors(g)) names.add(a);
    }
    names.delete('all');
    return [...names].map((n) => data.groups.get(n) as GroupData);
  };
  // Ansible's sort_groups: by depth, then ansible_group_priority, then name
  const sortGroups = (groups: GroupData[]): GroupData[] =>
    [...groups].sort((a, b) => depth.get(a.name)! - depth.get(b.name)! || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const groupHostsCache = new Map<string, string[]>();
  const groupHosts = (group: string): string[] => {
    let hosts = groupHostsCache.get(group);
    if (!hosts) {
      const set = new Set<string>();
      const walk = (name: string): void => {
        const g = data.groups.get(name);
        if (!g) return;
        for (const h of g.hosts) set.add(h);
        for (const c of g.children) walk(c);
      };
      walk(group);
      hosts = [...set].sort((a, b) => order.get(a)! - order.get(b)!);
      groupHostsCache.set(group, hosts);
    }
    return hosts;
  };

  const patternInventory: PatternInventory = { hostNames, groupNames: [...data.groups.keys()], groupHosts, cwd };
  const merge = (...layers: Vars[]): Vars => Object.assign({}, ...layers);

  const hosts = new Map<string, InventoryHost>();
  for (const h of data.hosts.values()) {
    hosts.set(h.name, { name: h.name, vars: merge(h.fileVars, ...h.dirVars), groups: [...h.groups], ...(h.loc ? { loc: h.loc } : {}) });
  }
  const groups = new Map<string, InventoryGroup>();
  for (const g of data.groups.values()) {
    groups.set(g.name, { name: g.name, vars: merge(g.fileVars, ...g.dirVars), hosts: [...g.hosts], children: [...g.children], ...(g.loc ? { loc: g.loc } : {}) });
  }

  // The inventory does not change once loaded, and the runner asks for a host's vars and groups on every task:
  // each host's merge and group list are made once (callers still get copies of their own).
  const mergedVars = new Map<string, Vars>();
  const groupNamesOf = new Map<string, string[]>();

  return {
    hosts,
    groups,
    sources: [...data.sources],
    hostVars(host: string): Record<string, unknown> {
      const h = data.hosts.get(host);
      if (!h) return {};
      let merged = mergedVars.get(host);
      if (!merged) {
        const all = data.groups.get('all') as GroupData;
        const sorted = sortGroups(transitiveGroups(host));
        // Ansible's VARIABLE_PRECEDENCE: inventory-file vars (all, then groups) before group_vars/ files (all, then groups)
        const layers: Vars[] = [all.fileVars, ...sorted.map((g) => g.fileVars)];
        data.varDirs.forEach((_, i) => layers.push(all.dirVars[i] ?? {}));
        data.varDirs.forEach((_, i) => layers.push(...sorted.map((g) => g.dirVars[i] ?? {})));
        layers.push(h.fileVars, ...h.dirVars);
        merged = merge(...layers);
        mergedVars.set(host, merged);
      }
      return structuredClone(merged);
    },
    groupNames(host: string): string[] {
      let names = groupNamesOf.get(host);
      if (!names) {
        names = transitiveGroups(host).map((g) => g.name).sort();
        groupNamesOf.set(host, names);
      }
      return [...names];
    },
    groupsMap(): Record<string, string[]> {
      const out: Record<string, string[]> = {};
      for (const g of data.groups.keys()) out[g] = [...groupHosts(g)];
      return out;
    },
    select(pattern: string): string[] {
      return selectHosts(patternInventory, pattern);
    },
  };
}

/** Longest path from `all`, as Ansible's Group.depth. */
function computeDepths(data: InventoryData): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (name: string, d: number): void => {
    if ((depth.get(name) ?? -1) >= d) return;
    depth.set(name, d);
    for (const c of data.groups.get(name)?.children ?? []) visit(c, d + 1);
  };
  visit('all', 0);
  for (const g of data.groups.keys()) if (!depth.has(g)) depth.set(g, 0);
  return depth;
}
