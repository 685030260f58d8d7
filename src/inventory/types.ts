// The loaded inventory: hosts, groups and their variables, with where each came from.
import type { SourceLocation } from '../core/errors.js';

export interface InventoryHost {
  name: string;
  /** Variables set on the host itself (inline, YAML host entry, host_vars/). */
  vars: Record<string, unknown>;
  /** Groups that list the host directly. */
  groups: string[];
  /** Where the host was first defined. */
  loc?: SourceLocation;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** Hosts listed directly, in file order. */
  hosts: string[];
  children: string[];
  loc?: SourceLocation;
}

export interface Inventory {
  /** Inventory order: the order hosts were first seen. */
  readonly hosts: ReadonlyMap<string, InventoryHost>;
  readonly groups: ReadonlyMap<string, InventoryGroup>;
  /** Every file that was read (for messages). */
  readonly sources: readonly string[];
  /** Inventory vars of a host, merged as Ansible does: all < parent groups < child groups < host. */
  hostVars(host: string): Record<string, unknown>;
  /** Every group the host belongs to, transitively, sorted, without `all` (Ansible's group_names). */
  groupNames(host: string): string[];
  /** `groups` magic variable: group -> its hosts, transitively, in inventory order (includes all and ungrouped). */
  groupsMap(): Record<string, string[]>;
  /** Resolve a host pattern (`a:b`, `a:&b`, `a:!b`, globs, `@file`); inventory order; throws on a bad pattern. */
  select(pattern: string): string[];
}
