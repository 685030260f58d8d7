// The mutable inventory the parsers fill in, with Ansible's rules for groups, children and ungrouped hosts.
import type { SourceLocation } from '../core/errors.js';

export type Vars = Record<string, unknown>;

export interface GroupData {
  name: string;
  /** Vars from inventory files ([g:vars], YAML `vars:`). */
  fileVars: Vars;
  /** Vars from group_vars/ beside each source, one entry per vars directory. */
  dirVars: Vars[];
  hosts: string[];
  children: string[];
  parents: string[];
  priority: number;
  loc?: SourceLocation;
}

export interface HostData {
  name: string;
  fileVars: Vars;
  dirVars: Vars[];
  /** Groups listing the host directly (including `ungrouped`, never `all`). */
  groups: string[];
  loc?: SourceLocation;
}

export class InventoryData {
  readonly groups = new Map<string, GroupData>();
  readonly hosts = new Map<string, HostData>();
  readonly sources: string[] = [];
  /** Directories whose group_vars/ and host_vars/ apply, in source order. */
  readonly varDirs: string[] = [];

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string, loc?: SourceLocation): GroupData {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, fileVars: {}, dirVars: [], hosts: [], children: [], parents: [], priority: 1, loc };
      this.groups.set(name, g);
    }
    return g;
  }

  addHost(name: string, group: string | undefined, loc?: SourceLocation): HostData {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, fileVars: {}, dirVars: [], groups: [], loc };
      this.hosts.set(name, h);
    }
    if (group !== undefined && group !== 'all') {
      const g = this.addGroup(group);
      if (!g.hosts.includes(name)) g.hosts.push(name);
      if (!h.groups.includes(group)) h.groups.push(group);
    } else if (group === 'all') {
      const g = this.addGroup('all');
      if (!g.hosts.includes(name)) g.hosts.push(name);
    }
    return h;
  }

  setGroupVar(group: string, key: string, value: unknown): void {
    const g = this.addGroup(group);
    if (key === 'ansible_group_priority' && Number.isInteger(Number(value))) g.priority = Number(value);
    else g.fileVars[key] = value;
  }

  /** Returns an error reason when the link would make a group its own ancestor. */
  addChild(parent: string, child: string): string | undefined {
    const p = this.addGroup(parent);
    const c = this.addGroup(child);
    if (parent === child || this.ancestors(parent).has(child)) {
      return `adding group '${child}' as a child of '${parent}' makes a group its own ancestor`;
    }
    if (!p.children.includes(child)) p.children.push(child);
    if (!c.parents.includes(parent)) c.parents.push(parent);
    return undefined;
  }

  ancestors(group: string): Set<string> {
    const out = new Set<string>();
    const walk = (name: string): void => {
      for (const p of this.groups.get(name)?.parents ?? []) {
        if (!out.has(p)) {
          out.add(p);
          walk(p);
        }
      }
    };
    walk(group);
    return out;
  }

  /** Ansible's reconcile_inventory: parentless groups go under all; hosts in no group go to ungrouped. */
  reconcile(): void {
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && g.parents.length === 0) this.addChild('all', g.name);
    }
    const ungrouped = this.addGroup('ungrouped');
    for (const h of this.hosts.values()) {
      const others = h.groups.filter((n) => n !== 'ungrouped');
      if (others.length > 0 && h.groups.includes('ungrouped')) {
        h.groups = others;
        ungrouped.hosts = ungrouped.hosts.filter((n) => n !== h.name);
      } else if (h.groups.length === 0) {
        this.addHost(h.name, 'ungrouped');
      }
    }
  }
}
