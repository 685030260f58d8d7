// Walks tasks and blocks for a batch: block/rescue/always with Ansible's semantics, meta tasks, inherited attributes.
import { normalizeArgs } from '../modules/args.js';
import { meta, type metaActions } from '../modules/meta.js';
import type { BlockNode, TaskItem } from '../playbook/types.js';
import { evaluateCondition } from '../template/index.js';
import { exposeFailure } from './failed-task.js';
import { runHandlers } from './handlers.js';
import { runInclude } from './run-include.js';
import { isTaskWanted, runTask, taskScope } from './run-task.js';
import { hostState, isActive, mergeTask, overlayAttributes, type Inherited, type MergedTask, type PlayState } from './state.js';
import { taskTitle } from './titles.js';

export function inheritFrom(parent: Inherited, b: BlockNode): Inherited {
  return {
    tags: [...parent.tags, ...b.tags],
    when: [...parent.when, ...b.when],
    vars: [...parent.vars, b.vars],
    ...overlayAttributes(b, parent),
    // A role included from another keeps the outer role's defaults and vars in view (Ansible's private_role_vars=false).
    outerRoles: b.role && parent.role && b.role !== parent.role ? [...(parent.outerRoles ?? []), parent.role] : parent.outerRoles,
    itemVars: parent.itemVars,
    envLayers: b.environment !== undefined ? [...(parent.envLayers ?? []), b.environment] : parent.envLayers,
    defaultsLayers: b.moduleDefaults ? [...(parent.defaultsLayers ?? []), b.moduleDefaults] : parent.defaultsLayers,
  };
}

export async function runItems(ps: PlayState, items: TaskItem[], inh: Inherited, hosts: string[]): Promise<void> {
  for (const item of items) {
    if (ps.abort || ps.run.interrupted()) return;
    if (item.kind === 'block' && item.include) {
      await runInclude(ps, item, inh, hosts, runItems);
      continue;
    }
    if (item.kind === 'block') {
      await runBlock(ps, item, inh, hosts);
      continue;
    }
    const task = mergeTask(item, inh);
    if (task.module === 'meta') await runMeta(ps, task, inh);
    else if (isTaskWanted(ps, task) && (await confirmStep(ps, task))) await runTask(ps, task, inh, hosts);
  }
}

/** --step: the user says whether this task runs. */
async function confirmStep(ps: PlayState, task: MergedTask): Promise<boolean> {
  const confirm = ps.run.opts.confirmTask;
  return confirm === undefined || confirm(taskTitle(task));
}

async function runBlock(ps: PlayState, b: BlockNode, parent: Inherited, hosts: string[]): Promise<void> {
  const run = ps.run;
  const inh = inheritFrom(parent, b);
  const entered = hosts.filter((h) => isActive(run, h));
  if (entered.length === 0) return;
  await runItems(ps, b.block, inh, entered);
  const failedHere = entered.filter((h) => hostState(run, h).failed);
  if (b.rescue.length > 0 && failedHere.length > 0) {
    // A rescued failure is counted as rescued, not failed (ansible-core 2.14 recap).
    for (const h of failedHere) {
      const st = hostState(run, h);
      st.failed = false;
      st.stats.failed = Math.max(0, st.stats.failed - 1);
      st.stats.rescued++;
      exposeFailure(st, st.lastFailure, st.lastFailure && run.opts.findModule(st.lastFailure.task.module)?.schema);
    }
    await runItems(ps, b.rescue, inh, failedHere);
  }
  if (b.always.length === 0) return;
  const alwaysHosts = entered.filter((h) => !hostState(run, h).unreachable);
  const wasFailed = new Map(alwaysHosts.map((h) => [h, hostState(run, h).failed]));
  for (const h of alwaysHosts) hostState(run, h).failed = false;
  await runItems(ps, b.always, inh, alwaysHosts);
  for (const h of alwaysHosts) if (wasFailed.get(h)) hostState(run, h).failed = true;
}

/**
 * A meta task's `when`, decided as Ansible's linear strategy does: once for the batch, on its first host still
 * running (`meta: end_play` with a `when` ends the play only when it holds). A condition that cannot be evaluated
 * is reported and the action not taken.
 */
function metaConditionHolds(ps: PlayState, task: MergedTask, inh: Inherited): boolean {
  if (task.when.length === 0) return true;
  const host = ps.batch.find((h) => isActive(ps.run, h));
  if (host === undefined) return false;
  try {
    const scope = taskScope(ps, inh, host, task.vars, task.role);
    return task.when.every((c) => evaluateCondition(c, scope));
  } catch (err) {
    ps.run.emit({ type: 'warning', message: `${taskTitle(task)}: the condition could not be evaluated, so nothing was done: ${(err as Error).message}` });
    return false;
  }
}

/** meta: flush_handlers, end_play, clear_facts, noop; end_host is warned about (not yet). */
async function runMeta(ps: PlayState, task: MergedTask, inh: Inherited): Promise<void> {
  // The loader checked the arguments against the meta action's schema; normalised, they name one of its choices.
  const action = normalizeArgs(meta.schema, task.args).args.free_form as (typeof metaActions)[number];
  if (action === 'flush_handlers') return runHandlers(ps);
  if (!isTaskWanted(ps, task) || !metaConditionHolds(ps, task, inh)) return;
  if (action === 'end_play') ps.abort = true;
  else if (action !== 'noop' && action !== 'clear_facts') ps.run.emit({ type: 'warning', message: `meta: '${action}' is not supported; ignored` });
  // As Ansible: the fact cache of the batch's hosts is emptied (a `serial` play's other batches keep theirs, Ansible
  // restricting its inventory to the batch); their host variables stay.
  else if (action === 'clear_facts') {
    for (const h of ps.batch) {
      const st = hostState(ps.run, h);
      st.facts = { ...st.nonpersistent };
    }
  }
}
