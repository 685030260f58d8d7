// `hostvars`: one object per run shared by every play, task and host, each host's view built when first read.
import type { Inventory } from '../inventory/types.js';
import { resolveLazy } from '../template/lazy.js';
import { markUnsafe } from '../template/values.js';

/** What `hostvars` is made of: the same for every host and task of a run, but for the facts, which change. */
export interface HostvarsInput {
  inventory: Inventory;
  /** set_fact and register results of a host (its HostState's, read when a view is wanted). */
  facts: (host: string) => Record<string, unknown>;
  extra: Record<string, unknown>;
}

interface CachedView {
  /** A shallow copy of the host's facts when the view was built: the view stays good while they are the same. */
  facts: Record<string, unknown>;
  view: Record<string, unknown>;
}

/** Ansible's implicit localhost: in hostvars (after the inventory's hosts) when the inventory has no `localhost`. */
const IMPLICIT_LOCALHOST = 'localhost';

/** The hosts hostvars has, in its order: the inventory's, then the implicit localhost. */
function hostvarsNames(inventory: Inventory): string[] {
  const names = [...inventory.hosts.keys()];
  if (!inventory.hosts.has(IMPLICIT_LOCALHOST)) names.push(IMPLICIT_LOCALHOST);
  return names;
}

/** True for a host hostvars has (one that can be given facts: delegate_facts). */
export function hostvarsHas(inventory: Inventory, name: string): boolean {
  return inventory.hosts.has(name) || name === IMPLICIT_LOCALHOST;
}

/**
 * One getter per inventory host, in inventory order, then the implicit localhost, made once per run (not per
 * host-task: that grew with hosts² x tasks). A host's view is built on first read and kept while its facts hold
 * the same values; set_fact, register or clear_facts on that host makes the next read build it again. Frozen, like
 * Ansible's read-only mapping: no module can write into what every task shares.
 */
export function createHostvars(s: HostvarsInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of hostvarsNames(s.inventory)) {
    let cached: CachedView | undefined;
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        const facts = s.facts(name);
        if (!cached || !isSameShallow(cached.facts, facts)) cached = { facts: { ...facts }, view: createHostView(s, name, out) };
        return cached.view;
      },
    });
  }
  // What its getters give is rendered already: a filter given hostvars (`hostvars | dict2items`) must not render
  // every host's every value on the way in (one broken template on another host failed the whole expression).
  return markUnsafe(Object.freeze(out));
}

/** Same keys with the same values, by identity (the runner adds or replaces facts; a value edited in place is the view's too). */
function isSameShallow(was: Record<string, unknown>, now: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in now) {
    if (!Object.hasOwn(now, k)) continue;
    if (!Object.hasOwn(was, k) || was[k] !== now[k]) return false;
    n++;
  }
  return n === Object.keys(was).length;
}

/**
 * One host's variables as another host reads them, as Ansible's hostvars has them: the inventory's (the implicit
 * localhost: the `all` group's, and a local connection), its facts, set_fact and register values, and extra vars;
 * not the play's `vars` or `vars_files` (checked against ansible-playbook). A template among them renders in the
 * owning host's scope, as in Ansible: `hostvars.ei2.truststore` is ei2's path even when ei2's `carbon_home` says
 * `{{ product }}`.
 */
function createHostView(s: HostvarsInput, name: string, hostvars: Record<string, unknown>): Record<string, unknown> {
  const loc = s.inventory.hosts.get(name)?.loc;
  const inventoryVars = s.inventory.hosts.has(name) ? s.inventory.hostVars(name) : { ...s.inventory.groups.get('all')?.vars, ansible_connection: 'local' };
  const raw: Record<string, unknown> = Object.assign({}, inventoryVars, s.facts(name), s.extra, {
    inventory_hostname: name,
    group_names: s.inventory.groupNames(name),
    ...(loc ? { inventory_file: loc.file } : {}),
  });
  const own = { ...raw, hostvars, groups: s.inventory.groupsMap() };
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    // Qualified, so ei1's `carbon_home` reading ei2's `carbon_home` is not taken for a loop.
    Object.defineProperty(view, key, { enumerable: true, get: () => resolveLazy(raw[key], own, `hostvars.${name}.${key}`) });
  }
  return markUnsafe(Object.freeze(view));
}
