// Mutable state of one run: per-host stats, facts and notifications; per-play context passed down the walk.
import type { Inventory } from '../inventory/types.js';
import type { PlayNode, Playbook, RoleContext, TaskAttributes, TaskNode } from '../playbook/types.js';
import type { HostStats, RunnerEvent } from './events.js';
import type { HostFailure } from './failed-task.js';
import type { ResolvedOptions } from './options.js';
import type { Redactor } from './redact.js';
import type { SecretScopes } from './secret-scopes.js';

export interface HostState {
  /** set_fact and register results, and gathered facts; they outlive the play, as in Ansible. */
  facts: Record<string, unknown>;
  /**
   * What of `facts` Ansible keeps out of its fact cache (register, set_fact, include_vars, a rescue's failed task and
   * result): `meta: clear_facts` empties the fact cache only, so these are what the host keeps.
   */
  nonpersistent: Record<string, unknown>;
  stats: HostStats;
  /** Out of the play (and the rest of the run): a task failed and nothing rescued it. */
  failed: boolean;
  unreachable: boolean;
  /** Handler names and listen topics notified and not yet run. */
  notified: Set<string>;
  /** The last failure no ignore_errors covered: what a rescue block is told (ansible_failed_task / _result). */
  lastFailure?: HostFailure;
}

export interface RunState {
  playbook: Playbook;
  inventory: Inventory;
  opts: ResolvedOptions;
  redactor: Redactor;
  /** The secret search of each host's variable layers, done once per layer (feeds `redactor`). */
  secrets: SecretScopes;
  hosts: Map<string, HostState>;
  /** The run's `hostvars` (the same for every play: no play's vars are in it), made when a first scope is built. */
  hostvars?: Record<string, unknown>;
  emit(event: RunnerEvent): void;
  nextTaskId(): string;
  /** --start-at-task: true until the named task is reached. */
  waitingForStart: boolean;
  /** any_errors_fatal / max_fail_percentage fired: no further play runs. */
  stopped: boolean;
  interrupted(): boolean;
}

export interface PlayState {
  run: RunState;
  play: PlayNode;
  playHosts: string[];
  batch: string[];
  /** any_errors_fatal / max_fail_percentage / meta end_play: no further task in this play. */
  abort: boolean;
}

/** Attributes a task takes from the blocks, role and play around it. */
export interface Inherited extends Omit<TaskAttributes, 'vars' | 'environment' | 'moduleDefaults'> {
  /** The vars of each block around the task, outermost first. */
  vars: Record<string, unknown>[];
  role?: RoleContext;
  /** Roles around `role`, outermost first, whose variables stay visible below it. */
  outerRoles?: RoleContext[];
  /** Per host, the loop variables of the looped includes around (item, index_var, ansible_loop). */
  itemVars?: Map<string, Record<string, unknown>>;
  /** environment: layers, outermost first (each a mapping or a template naming one). */
  envLayers?: (Record<string, unknown> | string)[];
  /** module_defaults: layers, outermost first. */
  defaultsLayers?: Record<string, Record<string, unknown>>[];
}

/** The attributes a task or block takes from around it when it does not set them itself. */
type Overlaid = Pick<Inherited, 'become' | 'becomeUser' | 'becomeMethod' | 'becomeFlags' | 'ignoreErrors' | 'noLog' | 'delegateTo' | 'runOnce' | 'role' | 'remoteUser' | 'checkMode' | 'diff' | 'timeout'>;
const OVERLAID: readonly (keyof Overlaid)[] = ['become', 'becomeUser', 'becomeMethod', 'becomeFlags', 'ignoreErrors', 'noLog', 'delegateTo', 'runOnce', 'role', 'remoteUser', 'checkMode', 'diff', 'timeout'];

/** Each overlaid attribute: the inner node's own, else the outer one's. */
export function overlayAttributes(inner: Overlaid, outer: Overlaid): Overlaid {
  const out: Record<string, unknown> = {};
  for (const k of OVERLAID) {
    const v = inner[k] ?? outer[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Overlaid;
}

/** A task with what it inherits from its blocks, role and play filled in: merged once, when the task starts. */
export type MergedTask<T extends TaskNode = TaskNode> = T & {
  readonly merged: true;
  /** environment and module_defaults of the play, blocks and task, outermost first. */
  envLayers: (Record<string, unknown> | string)[];
  defaultsLayers: Record<string, Record<string, unknown>>[];
};

export function mergeTask<T extends TaskNode>(task: T, inh: Inherited): MergedTask<T> {
  return {
    ...task, ...overlayAttributes(task, inh), when: [...inh.when, ...task.when], tags: [...new Set([...inh.tags, ...task.tags])], merged: true,
    envLayers: [...(inh.envLayers ?? []), ...(task.environment !== undefined ? [task.environment] : [])],
    defaultsLayers: [...(inh.defaultsLayers ?? []), ...(task.moduleDefaults ? [task.moduleDefaults] : [])],
  };
}

export function newHostState(): HostState {
  return {
    facts: {},
    nonpersistent: {},
    stats: { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
    failed: false,
    unreachable: false,
    notified: new Set(),
  };
}

export function hostState(run: RunState, host: string): HostState {
  let s = run.hosts.get(host);
  if (!s) run.hosts.set(host, (s = newHostState()));
  return s;
}

export function isActive(run: RunState, host: string): boolean {
  const s = hostState(run, host);
  return !s.failed && !s.unreachable;
}

/** Runs fn over items, at most `limit` at a time, keeping result order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
