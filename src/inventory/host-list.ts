// `-i 'web1,web2:2222,'`: a comma-separated host list as the source (Ansible's host_list plugin), hosts in `ungrouped`.
import { CarbonPlayError } from '../core/errors.js';
import { expandHostEntry } from './expand-host-pattern.js';
import type { InventoryData } from './inventory-data.js';

/** As Ansible: a source that is no existing path and holds a comma is a host list. */
export function isHostList(source: string, exists: boolean): boolean {
  return !exists && source.includes(',');
}

/** Adds each name (with an optional `:port`) to `ungrouped`; ranges are not expanded, as in host_list. */
export function parseHostList(source: string, data: InventoryData): CarbonPlayError[] {
  const errors: CarbonPlayError[] = [];
  for (const raw of source.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('[')) {
      errors.push(new CarbonPlayError('parse', `-i ${source}: expected host names in a comma list, got the range '${entry}' (ranges belong in an inventory file)`));
      continue;
    }
    try {
      const { names, port } = expandHostEntry(entry);
      for (const name of names) {
        const h = data.addHost(name, 'ungrouped');
        if (port !== undefined) h.fileVars.ansible_port = port;
      }
    } catch (err) {
      errors.push(new CarbonPlayError('parse', `-i ${source}: ${(err as Error).message}`));
    }
  }
  return errors;
}
