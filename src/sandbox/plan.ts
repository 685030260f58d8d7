// Decides which hosts a sandbox has: nodeN + db + lb, or one per host of a real inventory (`--like`).
import type { Inventory } from '../inventory/types.js';
import { CarbonPlayError } from '../core/errors.js';

export interface PlannedHost {
  name: string;
  /** Groups to write into the sandbox inventory (empty with --like: the user's inventory has them). */
  groups: string[];
  db: boolean;
  lb: boolean;
}

export interface PlanOptions {
  hosts: number;
  db: boolean;
  lb: boolean;
}

export function planHosts(opts: PlanOptions): PlannedHost[] {
  if (!Number.isInteger(opts.hosts) || opts.hosts < 0 || opts.hosts > 200) {
    throw new CarbonPlayError('options', `--hosts: expected a whole number from 0 to 200, got ${opts.hosts}`);
  }
  const hosts: PlannedHost[] = [];
  for (let i = 1; i <= opts.hosts; i++) hosts.push({ name: `node${i}`, groups: ['carbon'], db: false, lb: false });
  if (opts.db) hosts.push({ name: 'db', groups: ['dbservers'], db: true, lb: false });
  if (opts.lb) hosts.push({ name: 'lb', groups: ['lb'], db: false, lb: true });
  if (hosts.length === 0) throw new CarbonPlayError('options', 'sandbox up: expected at least one host (--hosts N, --db or --lb), got none');
  return hosts;
}

/** One host per inventory host, same names; MariaDB on `dbservers`, nginx on `lb`. */
export function planHostsLike(inventory: Inventory): PlannedHost[] {
  const hosts: PlannedHost[] = [];
  for (const name of inventory.hosts.keys()) {
    if (name === 'localhost') continue;
    const groups = inventory.groupNames(name);
    hosts.push({ name, groups: [], db: groups.includes('dbservers'), lb: groups.includes('lb') });
  }
  if (hosts.length === 0) throw new CarbonPlayError('options', `sandbox up --like: expected hosts in ${inventory.sources.join(', ')}, got none`);
  return hosts;
}
