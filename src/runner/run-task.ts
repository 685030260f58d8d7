// One task over the hosts of a batch: when, loop, register, notify, stats and events; bounded by forks.
import type { HandlerNode, LoopFields, RoleContext, TaskNode } from '../playbook/types.js';
import { evaluateCondition, markUnsafe, renderText, renderValue } from '../template/index.js';
import { controlSearchDirs, executeItem, failedOutcome, type ItemOutcome } from './execute-item.js';
import { expandLoop, loopItemVars } from './loop-lookups.js';
import { findSecretValues, noLogResultValues } from './redact.js';
import { censorOutcome } from './no-log.js';
import { keepFailure } from './failed-task.js';
import { isTaskSelected } from './tags.js';
import { combineStatuses, countStatus, settleResult } from './task-status.js';
import { hostState, isActive, mapLimit, type Inherited, type MergedTask, type PlayState } from './state.js';
import { renderTaskTitle, taskTitle } from './titles.js';
import { buildScope, scopeSources, type ScopeInput } from './vars.js';
import { createHostvars, hostvarsHas } from './hostvars.js';


/** Whether tags and --start-at-task let this task run (handlers ignore both, as in Ansible). */
export function isTaskWanted(ps: PlayState, task: MergedTask): boolean {
  const run = ps.run;
  if (!isTaskSelected(task.tags, run.opts.tags, run.opts.skipTags)) return false;
  if (run.waitingForStart) {
    const want = run.opts.startAtTask;
    if (want !== taskTitle(task) && want !== task.name) return false;
    run.waitingForStart = false;
  }
  return true;
}

/** `inh` still gives the variables of the blocks and roles around the task (its other attributes are merged into `task`). */
export async function runTask(ps: PlayState, task: MergedTask<TaskNode | HandlerNode>, inh: Inherited, hosts: string[], handler = false): Promise<void> {
  const run = ps.run;
  if (run.interrupted() || ps.abort) return;
  let active = hosts.filter((h) => isActive(run, h));
  if (active.length === 0) return;
  // pause and its kind run once for the batch, as Ansible's host-loop-bypassing actions do.
  const runOnce = task.runOnce ?? run.opts.findModule(task.module)?.bypassHostLoop ?? false;
  const targets = runOnce ? active.slice(0, 1) : active;
  const id = run.nextTaskId();
  const title = renderTaskTitle(run, ps.play, task);
  run.emit({ type: 'task_start', id, name: title, module: task.module, role: task.role?.name, handler, loc: task.loc, hosts: targets });
  const failedBefore = new Set(ps.batch.filter((h) => hostState(run, h).failed));
  await mapLimit(targets, Math.min(run.opts.forks, task.throttle || Infinity), async (host) => {
    if (run.interrupted()) return;
    run.emit({ type: 'host_start', taskId: id, host });
    const started = run.opts.clock();
    const outcome = await runOnHost(ps, task, inh, host);
    // Results may carry new secrets by name (set_fact token: ..., a module's `password` field).
    run.redactor.add(findSecretValues(outcome.result));
    const noLog = task.noLog ?? false;
    // What a no_log task printed stays hidden when a later task shows its registered result (unregistered, it is shown nowhere).
    if (noLog && task.register) run.redactor.add(noLogResultValues(outcome.result));
    const shown = noLog ? censorOutcome(outcome) : outcome;
    for (const w of shown.warnings ?? []) run.emit({ type: 'warning', message: w, host });
    const ignored = outcome.status === 'failed' && (task.ignoreErrors ?? false);
    run.emit({
      type: 'host_result', taskId: id, task: title, host, status: outcome.status,
      ...(shown.msg === undefined ? {} : { msg: shown.msg }), ...(shown.error ? { error: shown.error } : {}),
      delegatedTo: outcome.delegatedTo, ignored: ignored || undefined,
      diff: shown.diff, result: shown.result, durationMs: run.opts.clock() - started,
    });
    // run_once: the result counts for every host of the batch, as Ansible registers it on all.
    for (const h of runOnce ? active : [host]) record(ps, task, h, outcome, h === host, ignored);
  });
  run.emit({ type: 'task_end', taskId: id });
  active = ps.batch.filter((h) => !failedBefore.has(h) && hostState(run, h).failed);
  checkFailLimits(ps, active.length);
}

/** Modules whose facts Ansible keeps as host variables rather than in its fact cache. */
const NONPERSISTENT_FACTS = new Set(['set_fact', 'include_vars']);

function record(ps: PlayState, task: TaskNode, host: string, o: ItemOutcome, count: boolean, ignored: boolean): void {
  const st = hostState(ps.run, host);
  if (task.register) st.facts[task.register] = st.nonpersistent[task.register] = markUnsafe(o.result);
  if (o.status === 'failed' && !ignored) st.lastFailure = keepFailure(task, o.result);
  // delegate_facts: the delegate (a host hostvars has: an inventory host, or the implicit localhost) gets the facts instead.
  const delegate = o.delegatedTo;
  const factHost = task.delegateFacts && delegate !== undefined && hostvarsHas(ps.run.inventory, delegate) ? delegate : host;
  if (o.facts) {
    const target = hostState(ps.run, factHost);
    Object.assign(target.facts, o.facts);
    // set_fact's variables (a cacheable one's too) and include_vars' stay out of Ansible's fact cache; `ansible_facts`
    // and other modules' facts (setup) are in it.
    if (NONPERSISTENT_FACTS.has(task.module)) for (const [k, v] of Object.entries(o.facts)) if (k !== 'ansible_facts') target.nonpersistent[k] = v;
  }
  if (o.status === 'changed') for (const n of task.notify) st.notified.add(n);
  if (count) countStatus(st, o.status, ignored, o.result.changed === true);
}

function checkFailLimits(ps: PlayState, newlyFailed: number): void {
  if (newlyFailed === 0) return;
  const pct = ps.play.maxFailPercentage;
  const failed = ps.batch.filter((h) => hostState(ps.run, h).failed).length;
  // As in Ansible, hitting a fail limit ends the play for every host and the run with it.
  if (ps.play.anyErrorsFatal || (pct !== undefined && (failed / ps.batch.length) * 100 > pct)) {
    ps.abort = true;
    ps.run.stopped = true;
  }
}

/** Every variable a task (or include) sees on a host: the precedence layers, the enclosing loops' items, then its own vars. */
export function taskScope(ps: PlayState, inh: Inherited, host: string, taskVars: Record<string, unknown>, role = inh.role): Record<string, unknown> {
  const run = ps.run;
  const facts = (h: string) => hostState(run, h).facts;
  const hostvars = (run.hostvars ??= createHostvars({ inventory: run.inventory, facts, extra: run.opts.extraVars }));
  const input: ScopeInput = {
    inventory: run.inventory, playbook: run.playbook, play: ps.play, host, role, outerRoles: inh.outerRoles,
    blockAndTask: [...inh.vars, inh.itemVars?.get(host) ?? {}, taskVars], facts, hostvars, extra: run.opts.extraVars,
    playHosts: ps.playHosts, batch: ps.batch.filter((h) => isActive(run, h)), check: run.opts.check,
  };
  const scope = buildScope(input);
  run.secrets.learn(host, scopeSources(input), scope);
  return scope;
}

/** The items of a task's or include's loop on one host (`loop`, or a `with_<lookup>`). */
export function loopItems(ps: PlayState, loop: LoopFields, role: RoleContext | undefined, scope: Record<string, unknown>): unknown[] {
  return expandLoop(loop.loopWith, renderValue(loop.loop, scope), () => controlSearchDirs(ps, role));
}

/** The task on one host: its scope, `when` per item, the loop, and the combined result. */
async function runOnHost(ps: PlayState, task: MergedTask, inh: Inherited, host: string): Promise<ItemOutcome> {
  const run = ps.run;
  let scope: Record<string, unknown>;
  try {
    scope = taskScope(ps, inh, host, task.vars, task.role);
  } catch (err) {
    return failedOutcome(task, host, err);
  }
  if (task.loop === undefined) return runItem(ps, task, host, scope);
  let items: unknown[];
  try {
    items = loopItems(ps, task, task.role ?? inh.role, scope);
  } catch (err) {
    return failedOutcome(task, host, err);
  }
  const results: ItemOutcome[] = [];
  for (const [i, item] of items.entries()) {
    if (run.interrupted()) break;
    if (i > 0 && task.loopPause) await run.opts.sleep(task.loopPause * 1000);
    const itemScope = { ...scope, ...loopItemVars(task, items, i) };
    const o = await runItem(ps, task, host, itemScope);
    o.result[task.loopVar] = item;
    if (task.indexVar) o.result[task.indexVar] = i;
    o.result.ansible_loop_var = task.loopVar;
    results.push(o);
    if (task.loopLabel !== undefined) o.result._ansible_item_label = itemLabel(task, itemScope, item);
  }
  return combineItems(results);
}

async function runItem(ps: PlayState, task: MergedTask, host: string, scope: Record<string, unknown>): Promise<ItemOutcome> {
  try {
    if (!task.when.every((c) => evaluateCondition(c, scope))) {
      return { status: 'skipped', result: settleResult({ skip_reason: 'Conditional result was False' }, 'skipped') };
    }
  } catch (err) {
    return failedOutcome(task, host, err);
  }
  return executeItem(ps, task, host, scope);
}

function itemLabel(task: TaskNode, scope: Record<string, unknown>, item: unknown): string {
  try {
    if (task.loopLabel !== undefined) return renderText(task.loopLabel, scope);
  } catch {
    /* fall back to the item itself */
  }
  return typeof item === 'string' ? item : JSON.stringify(item);
}

/**
 * Ansible's loop result: `results` per item; failed if any failed, changed if any changed (a failed item's `changed`
 * too), skipped if all skipped. The shown message is the failed item's; the registered one is Ansible's summary.
 */
function combineItems(items: ItemOutcome[]): ItemOutcome {
  const status = combineStatuses(items.map((i) => i.status));
  const failedItem = items.find((i) => i.status === 'failed' || i.status === 'unreachable');
  const msg = failedItem ? 'One or more items failed' : status === 'skipped' ? 'All items skipped' : 'All items completed';
  const facts = Object.assign({}, ...items.map((i) => i.facts ?? {}));
  const changed = items.some((i) => i.result.changed === true);
  return {
    status,
    msg: failedItem ? failedItem.msg ?? msg : undefined,
    error: failedItem?.error,
    diff: items.flatMap((i) => i.diff ?? []),
    result: settleResult({ results: items.map((i) => i.result), failed: false, msg }, status, changed),
    facts,
    delegatedTo: items.find((i) => i.delegatedTo)?.delegatedTo,
    warnings: items.flatMap((i) => i.warnings ?? []),
  };
}
