// The cluster the rules read, built from the task's variables (groups, hostvars): nothing is contacted.
import { readJarFacts } from '../modules/jar-info.js';
import { renderValue } from '../template/index.js';
import type { Cluster, ClusterHost } from './types.js';

type Vars = Record<string, unknown>;

export function createCluster(vars: Readonly<Vars>): Cluster {
  const groups = (vars.groups ?? {}) as Record<string, string[]>;
  const hostvars = (vars.hostvars ?? {}) as Record<string, Vars>;
  const cache = new Map<string, ClusterHost>();
  const host = (name: string): ClusterHost | undefined => {
    if (!Object.hasOwn(hostvars, name)) return undefined;
    let h = cache.get(name);
    if (!h) {
      const view = hostvars[name];
      const scope = () => ({ ...view, hostvars, groups });
      const file = view.inventory_file;
      h = {
        name,
        where: `${name} (${typeof file === 'string' ? file : 'the inventory'})`,
        get: (variable) => (Object.hasOwn(view, variable) ? renderValue(view[variable], scope()) : undefined),
      };
      cache.set(name, h);
    }
    return h;
  };
  return {
    group: (name) => (groups[name] ?? []).map((n) => host(n)).filter((h): h is ClusterHost => h !== undefined),
    hasGroup: (name) => Object.hasOwn(groups, name),
    host,
    readJar: readJarFacts,
  };
}
