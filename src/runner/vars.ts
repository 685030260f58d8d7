// Variable precedence and magic variables: the scope a task sees on one host.
import type { Inventory } from '../inventory/types.js';
import type { PlayNode, Playbook, RoleContext } from '../playbook/types.js';
import type { SecretLayer } from './secret-scopes.js';

/**
 * Precedence, lowest first (later layers win), as Ansible orders the sources we support:
 * | 1 | role defaults                                     |
 * | 2 | inventory group vars (all < parent < child)       |
 * | 3 | inventory host vars                               |
 * | 4 | play vars                                         |
 * | 5 | vars_files                                        |
 * | 6 | role vars                                         |
 * | 7 | block vars (outer to inner), then task vars       |
 * | 8 | set_fact / register                               |
 * | 9 | role params (`- role: x` keys, include_role vars) |
 * |10 | extra vars (-e)                                   |
 * Layers 2-3 come merged from `inventory.hostVars`.
 */
export interface VarLayers {
  roleDefaults: Record<string, unknown>;
  inventory: Record<string, unknown>;
  play: Record<string, unknown>;
  varsFiles: Record<string, unknown>;
  roleVars: Record<string, unknown>;
  roleParams: Record<string, unknown>;
  blockAndTask: Record<string, unknown>[];
  facts: Record<string, unknown>;
  extra: Record<string, unknown>;
}

export function mergeVarLayers(l: VarLayers): Record<string, unknown> {
  return Object.assign({}, l.roleDefaults, l.inventory, l.play, l.varsFiles, l.roleVars, ...l.blockAndTask, l.facts, l.roleParams, l.extra);
}

export interface ScopeInput {
  inventory: Inventory;
  playbook: Playbook;
  play: PlayNode;
  host: string;
  role?: RoleContext;
  /** Roles that include `role`, outermost first. */
  outerRoles?: RoleContext[];
  blockAndTask: Record<string, unknown>[];
  /** set_fact and register results of every host. */
  facts: (host: string) => Record<string, unknown>;
  /** The play's shared `hostvars` (src/runner/hostvars.ts). */
  hostvars: Record<string, unknown>;
  extra: Record<string, unknown>;
  playHosts: string[];
  batch: string[];
  check: boolean;
}

/**
 * The layers of `buildScope` as written, by identity, for the secret search (facts and extra vars are searched when
 * they are made). The inventory's layer is a fresh copy each time: it goes by name, made only when first wanted.
 */
export function scopeSources(s: ScopeInput): SecretLayer[] {
  const roles = [...(s.outerRoles ?? []), ...(s.role ? [s.role] : [])];
  return [
    ...roles.map((r) => r.defaults), { name: 'inventory', read: () => s.inventory.hostVars(s.host) }, s.play.vars, s.play.varsFiles,
    ...roles.map((r) => r.vars), ...s.blockAndTask, ...(s.role ? [s.role.params] : []),
  ];
}

/** Every variable a task sees on a host; templates inside values render when read (src/template/lazy.ts). */
export function buildScope(s: ScopeInput): Record<string, unknown> {
  const vars = mergeVarLayers({
    roleDefaults: Object.assign({}, ...(s.outerRoles ?? []).map((r) => r.defaults), s.role?.defaults),
    inventory: s.inventory.hostVars(s.host),
    play: s.play.vars,
    varsFiles: s.play.varsFiles,
    roleVars: Object.assign({}, ...(s.outerRoles ?? []).map((r) => r.vars), s.role?.vars),
    roleParams: s.role?.params ?? {},
    blockAndTask: s.blockAndTask,
    facts: s.facts(s.host),
    extra: s.extra,
  });
  const loc = s.inventory.hosts.get(s.host)?.loc;
  const magic: Record<string, unknown> = {
    inventory_hostname: s.host,
    inventory_hostname_short: s.host.split('.')[0],
    group_names: s.inventory.groupNames(s.host),
    groups: s.inventory.groupsMap(),
    hostvars: s.hostvars,
    play_hosts: s.batch,
    ansible_play_batch: s.batch,
    ansible_play_hosts: s.playHosts,
    ansible_check_mode: s.check,
    playbook_dir: s.playbook.dir,
  };
  if (loc) magic.inventory_file = loc.file;
  if (s.role) Object.assign(magic, { role_name: s.role.name, role_path: s.role.dir });
  return Object.assign(vars, magic);
}
