// What a rescue sees of the failure it handles: `ansible_failed_task` and `ansible_failed_result`, as Ansible sets them.
import type { ModuleSchema } from '../modules/types.js';
import type { TaskNode } from '../playbook/types.js';
import { markUnsafe } from '../template/index.js';
import { MASK } from './redact.js';
import { CENSORED, censorResult } from './no-log.js';
import type { HostState } from './state.js';

/** The failure a rescue block would handle: the last unignored failed task of the host and its result. */
export interface HostFailure {
  task: TaskNode;
  result: Record<string, unknown>;
}

/** A failure as it is kept: a no_log task's result and arguments censored, so no variable carries what it hid. */
export function keepFailure(task: TaskNode, result: Record<string, unknown>): HostFailure {
  return { task, result: task.noLog ? { ...censorResult(result), failed: true } : result };
}

/**
 * The task as Ansible serializes it for `ansible_failed_task`: its own attributes under Ansible's names, with
 * Ansible's defaults where the task sets none. Arguments are the task's untemplated ones (a secret argument masked).
 */
export function describeFailedTask(task: TaskNode, schema?: ModuleSchema): Record<string, unknown> {
  const secret = new Set(Object.entries(schema?.args ?? {}).filter(([, spec]) => spec.secret).map(([k]) => k));
  // A command line given free form (command's `cmd`) is `_raw_params` in Ansible's task.
  const name = (k: string) => (schema?.commandLine && k === schema.freeForm ? '_raw_params' : k);
  const args = task.noLog ? CENSORED : Object.fromEntries(Object.entries(task.args).map(([k, v]) => [name(k), secret.has(k) ? MASK : v]));
  return {
    action: task.module,
    args,
    name: task.name ?? '',
    any_errors_fatal: task.anyErrorsFatal ?? false,
    async: task.async ?? 0,
    async_val: task.async ?? 0,
    poll: task.poll ?? 15,
    become: task.become ?? false,
    become_user: task.becomeUser ?? null,
    become_method: task.becomeMethod ?? 'sudo',
    become_flags: task.becomeFlags ?? null,
    changed_when: conditions(task.changedWhen),
    failed_when: conditions(task.failedWhen),
    check_mode: task.checkMode ?? false,
    diff: task.diff ?? false,
    delegate_to: task.delegateTo ?? null,
    delegate_facts: task.delegateFacts ?? null,
    ignore_errors: task.ignoreErrors ?? null,
    no_log: task.noLog ?? false,
    notify: task.notify.length ? task.notify : null,
    register: task.register ?? null,
    remote_user: task.remoteUser ?? null,
    retries: task.retries ?? 3,
    delay: task.delay ?? 5,
    until: task.until ? [task.until] : [],
    run_once: task.runOnce ?? null,
    tags: task.tags,
    when: task.when,
    throttle: task.throttle ?? 0,
    timeout: task.timeout ?? 0,
    loop: task.loop ?? null,
    loop_with: task.loopWith ?? null,
    vars: task.vars,
  };
}

/** Conditions as written: the loader keeps them as text, so a YAML `false` is given back as the boolean it was. */
function conditions(list: string[] | undefined): unknown[] {
  return (list ?? []).map((c) => (c === 'true' ? true : c === 'false' ? false : c));
}

/** Sets the two variables on a host entering a rescue; they stay after it, as Ansible's non-persistent facts do. */
export function exposeFailure(st: HostState, failure: HostFailure | undefined, schema?: ModuleSchema): void {
  if (!failure) return;
  st.facts.ansible_failed_result = st.nonpersistent.ansible_failed_result = markUnsafe(failure.result);
  st.facts.ansible_failed_task = st.nonpersistent.ansible_failed_task = markUnsafe(describeFailedTask(failure.task, schema));
}
