// One task (or one loop item) on one host: render arguments, pick the connection, run with until, apply changed_when/failed_when.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CONNECTION_VARS, type BecomeOptions, type Command, type Connection, type HostConnectionVars, type RunOptions } from '../connection/types.js';
import { toBool } from '../core/bool.js';
import { CarbonPlayError, toErrorInfo, type ErrorContext, type ErrorInfo } from '../core/errors.js';
import { executeModule } from '../modules/execute.js';
import { secretArgValues } from '../modules/args.js';
import type { FileDiff, ModuleContext } from '../modules/types.js';
import type { RoleContext, TaskNode } from '../playbook/types.js';
import { evaluateCondition, removeOmitted, renderFile, renderText, renderValue } from '../template/index.js';
import type { HostStatus } from './events.js';
import { decideStatus, settleResult } from './task-status.js';
import { jobsFor, startJob } from './async-jobs.js';
import type { MergedTask, PlayState } from './state.js';

export interface ItemOutcome {
  status: HostStatus;
  msg?: string;
  /** Why a failed or unreachable outcome is so, with where it happened. */
  error?: ErrorInfo;
  diff?: FileDiff[];
  /** What `register` stores. */
  result: Record<string, unknown>;
  facts?: Record<string, unknown>;
  delegatedTo?: string;
  warnings?: string[];
}

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** `task 'name' (file:line)`: how errors name a task. */
export function describeTask(task: TaskNode): string {
  return `task '${task.name ?? task.module}' (${task.loc.file}:${task.loc.line})`;
}

/** Where the runner stands when a task fails on a host: the context every error of it carries. */
export function taskContext(task: TaskNode, host: string): ErrorContext {
  return { loc: task.loc, host, task: task.name ?? task.module, module: task.module };
}

/** The runner's own work for a task failed (rendering, when, loop): `task 'name' (file:line): reason`. */
export function failedOutcome(task: TaskNode, host: string, err: unknown): ItemOutcome {
  const msg = `${describeTask(task)}: ${errorText(err)}`;
  return { status: 'failed', msg, error: toErrorInfo(err, taskContext(task, host)), result: settleResult({ msg }, 'failed') };
}

/**
 * The outcome under a decided status: its result's flags agree, and a failure carries an error (the module's own, or
 * one made of `reason` when the runner decided it: failed_when, until, a time limit).
 */
export function withStatus(out: ItemOutcome, status: HostStatus, where: ErrorContext, reason?: string, changed?: boolean): ItemOutcome {
  const result = settleResult(out.result, status, changed);
  if (status !== 'failed' && status !== 'unreachable') return { ...out, status, result, error: undefined };
  // A failure the outcome already had keeps its error; one decided now is told by its reason (an ok module's msg would mislead).
  const kept = out.status === status;
  const message = (kept ? out.msg : undefined) ?? reason ?? out.msg ?? 'the task failed';
  return { ...out, status, result, error: (kept ? out.error : undefined) ?? { kind: 'module', message, context: where } };
}

export async function executeItem(ps: PlayState, task: MergedTask, host: string, scope: Record<string, unknown>): Promise<ItemOutcome> {
  const run = ps.run;
  const def = run.opts.findModule(task.module);
  const where = taskContext(task, host);
  if (!def) return failedOutcome(task, host, new CarbonPlayError('validation', `no module named '${task.module}'`));
  let args: Record<string, unknown>;
  let delegate: string | undefined;
  let become: BecomeOptions | undefined;
  let env: Record<string, string> | undefined;
  let raw: Connection;
  try {
    // module_defaults from play, blocks and task (inner wins), under the task's own arguments.
    const defaults = Object.assign({}, ...task.defaultsLayers.map((d) => d[task.module] ?? {}));
    args = removeOmitted(renderValue({ ...defaults, ...task.args }, scope)) as Record<string, unknown>;
    env = renderEnvironment(task.envLayers, scope);
    run.redactor.add(secretArgValues(def.schema.args, args));
    const d = task.delegateTo;
    delegate = d === undefined ? undefined : renderText(d, scope);
    become = resolveBecome(ps, task, scope);
    // A connection setting that does not render fails the task on this host, as any other of its templates.
    const user = task.remoteUser === undefined ? undefined : renderText(task.remoteUser, scope);
    raw = run.opts.connections.get(delegate ?? host, connectionVars(ps, delegate ?? host, host, scope, user));
  } catch (err) {
    return failedOutcome(task, host, err);
  }
  const limit = task.async ?? task.timeout;
  const signal = limit ? AbortSignal.any([run.opts.killSignal, AbortSignal.timeout(limit * 1000)]) : run.opts.killSignal;
  const conn = withRunDefaults(raw, env, signal);
  const ctx: ModuleContext = {
    host,
    conn,
    connectionFor: (h) => run.opts.connections.get(h, connectionVars(ps, h, h, scope)),
    vars: scope,
    check: task.checkMode ?? run.opts.check,
    diff: task.diff ?? run.opts.diff,
    verbosity: run.opts.verbosity,
    resultSeen: Boolean(task.register || task.until || task.changedWhen || task.failedWhen || run.opts.verbosity > 0 || run.opts.fullResults),
    delegated: delegate !== undefined,
    become,
    findFile: (kind, name) => findFile(ps, task, kind, name),
    render: (text, file, extra) => renderFile(text, scope, file, extra),
    askUser: run.opts.askUser,
    jobs: jobsFor(run.opts.connections, host),
    signal,
  };
  if (task.poll === 0 && task.async) return startInBackground(run.opts.connections, def, args, ctx, task.async, run.opts.killSignal);
  const retries = task.until ? Math.max(0, task.retries ?? 3) : 0;
  let out: ItemOutcome;
  for (let attempt = 1; ; attempt++) {
    out = await runOnce(def, args, ctx, where);
    if (out.status === 'unreachable') return out;
    if (limit && signal.aborted && !run.opts.killSignal.aborted) {
      const msg = `${task.async ? 'async task' : 'the task'} did not complete within the requested time - ${limit}s`;
      const decided = decideStatus({ reported: out.status, timedOut: true });
      out = withStatus({ ...out, msg, error: undefined, result: { ...out.result, msg } }, decided.status, where, msg, decided.changed);
      break;
    }
    if (task.until) out.result.attempts = attempt;
    try {
      out = applyConditions(task, out, scope, where);
      if (!task.until || out.status === 'skipped') break;
      if (evaluateCondition(task.until, withRegistered(task, scope, out.result))) break;
    } catch (err) {
      return failedOutcome(task, host, err);
    }
    if (attempt > retries || run.interrupted()) {
      const reason = `until condition never held after ${attempt} attempts`;
      const decided = decideStatus({ reported: out.status, changed: out.result.changed === true, untilExhausted: true });
      out = withStatus({ ...out, msg: out.msg ?? reason }, decided.status, where, reason, decided.changed);
      break;
    }
    await run.opts.sleep((task.delay ?? 5) * 1000);
  }
  if (delegate !== undefined) out.delegatedTo = delegate;
  return out;
}

/** poll: 0: the module runs on while the play goes on; the task reports the job's id at once (async_status reads it). */
function startInBackground(owner: object, def: Parameters<typeof executeModule>[0], args: Record<string, unknown>, ctx: ModuleContext, limit: number, kill: AbortSignal): ItemOutcome {
  const jid = startJob(owner, ctx.host, async () => {
    const r = await executeModule(def, args, ctx);
    if (!ctx.signal.aborted || kill.aborted) return r;
    return { ...r, status: 'failed', msg: `async task did not complete within the requested time - ${limit}s` };
  });
  return { status: 'changed', result: { ansible_job_id: jid, started: 1, finished: 0, failed: 0, changed: true } };
}

async function runOnce(def: Parameters<typeof executeModule>[0], args: Record<string, unknown>, ctx: ModuleContext, where: ErrorContext): Promise<ItemOutcome> {
  try {
    const r = await executeModule(def, args, ctx);
    // As Ansible, a module's result says `failed` even when the module did not.
    const result: Record<string, unknown> = { ...(r.data ?? {}), failed: false };
    // A failed command still ran its program: Ansible's result says changed beside failed.
    if (r.status === 'failed') result.changed = r.changed === true;
    // A module's own typed msg (debug's list) stays; a failure's message always wins.
    if (r.msg !== undefined && (r.status === 'failed' || result.msg === undefined)) result.msg = r.msg;
    if (r.status === 'skipped') result.skipped = true;
    // The registered ansible_facts is what the module reported (set_fact, setup), not the merged store it feeds.
    if (r.facts && result.ansible_facts === undefined) result.ansible_facts = r.facts;
    const error = r.error && { ...r.error, context: { ...where, ...r.error.context } };
    return withStatus({ status: r.status, msg: r.msg, error, diff: r.diff, result, facts: r.facts, warnings: r.warnings }, r.status, where);
  } catch (err) {
    if (err instanceof CarbonPlayError && err.kind === 'unreachable') {
      const msg = err.format();
      return { status: 'unreachable', msg, error: toErrorInfo(err, where), result: settleResult({ msg }, 'unreachable') };
    }
    throw err;
  }
}

/**
 * changed_when / failed_when, evaluated with the result under its register name. As in Ansible, changed_when's verdict
 * is written into the result before failed_when is asked, and failed_when's is kept as `failed_when_result`.
 */
function applyConditions(task: TaskNode, out: ItemOutcome, scope: Record<string, unknown>, where: ErrorContext): ItemOutcome {
  // The scope with the result in it, made only when a condition reads it (a copy of the scope per host-task otherwise).
  let s: Record<string, unknown> | undefined;
  const holds = (conds: string[]) => conds.every((c) => evaluateCondition(c, (s ??= withRegistered(task, scope, out.result))));
  const { changedWhen, failedWhen } = task;
  const decided = decideStatus({
    reported: out.status,
    changed: out.result.changed === true,
    changedWhen: changedWhen && (() => ((s ??= withRegistered(task, scope, out.result)).changed = out.result.changed = holds(changedWhen))),
    failedWhen: failedWhen && (() => (out.result.failed_when_result = holds(failedWhen))),
  });
  return withStatus(out, decided.status, where, `failed_when held: ${(failedWhen ?? []).join(' and ')}`, decided.changed);
}

function withRegistered(task: TaskNode, scope: Record<string, unknown>, result: Record<string, unknown>): Record<string, unknown> {
  return task.register ? { ...scope, ...result, [task.register]: result } : { ...scope, ...result };
}

function resolveBecome(ps: PlayState, task: MergedTask, scope: Record<string, unknown>): BecomeOptions | undefined {
  const on = task.become ?? toBool(scope.ansible_become);
  if (!on) return undefined;
  const user = task.becomeUser ?? (scope.ansible_become_user as string | undefined);
  const pw = scope.ansible_become_password ?? scope.ansible_become_pass;
  // A variable may be a template; the password typed at -K is taken as typed.
  const password = pw === undefined ? ps.run.opts.becomePassword : String(renderValue(pw, scope));
  if (password) ps.run.redactor.add([password]);
  const varMethod = scope.ansible_become_method === 'su' || scope.ansible_become_method === 'sudo' ? scope.ansible_become_method : undefined;
  const flags = task.becomeFlags ?? (typeof scope.ansible_become_flags === 'string' ? scope.ansible_become_flags : undefined);
  return { method: task.becomeMethod ?? varMethod, user: user === undefined ? undefined : renderText(user, scope), password, flags: flags === undefined ? undefined : renderText(flags, scope) };
}

/** Connection vars of the host a task runs on; a delegate outside the inventory named localhost runs locally. */
function connectionVars(ps: PlayState, target: string, taskHost: string, scope: Record<string, unknown>, remoteUser?: string): HostConnectionVars {
  const inv = ps.run.inventory;
  if (!inv.hosts.has(target)) return LOCAL_NAMES.has(target) ? { ansible_connection: 'local' } : { ansible_host: target, ...(remoteUser ? { ansible_user: remoteUser } : {}) };
  const raw = target === taskHost ? scope : inv.hostVars(target);
  const out: HostConnectionVars = {};
  // Not every `ansible_*`: ansible_play_hosts and ansible_play_batch alone grew with hosts x hosts x tasks.
  for (const k of CONNECTION_VARS) if (Object.hasOwn(raw, k)) out[k] = renderValue(raw[k], scope);
  if (ps.play.connection) out.ansible_connection = ps.play.connection;
  // remote_user is a keyword: a host's ansible_user variable wins over it, as in Ansible.
  if (remoteUser !== undefined && out.ansible_user === undefined && out.ansible_ssh_user === undefined) out.ansible_user = remoteUser;
  return out;
}

/** environment: layers rendered and merged (inner wins); values become strings. */
function renderEnvironment(layers: (Record<string, unknown> | string)[], scope: Record<string, unknown>): Record<string, string> | undefined {
  if (layers.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const layer of layers) {
    const v = renderValue(layer, scope);
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw new CarbonPlayError('validation', `environment: expected a mapping, got ${JSON.stringify(v)}`);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  }
  return out;
}

/** The connection as a module sees it: every command gets the task's environment and time limit. */
function withRunDefaults(conn: Connection, env: Record<string, string> | undefined, signal: AbortSignal): Connection {
  if (!env) return conn;
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop === 'run') return (command: Command, opts: RunOptions = {}) => target.run(command, { ...opts, env: { ...env, ...opts.env }, signal: opts.signal ?? signal });
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Control-node folders a relative file name is looked for in (lookups, first_found): the role's files/ and folder, then the playbook's. */
export function controlSearchDirs(ps: PlayState, role: RoleContext | undefined): string[] {
  const dir = ps.run.playbook.dir;
  return [...(role ? [join(role.dir, 'files'), role.dir, join(role.dir, 'vars'), join(role.dir, 'tasks')] : []), join(dir, 'files'), dir];
}

function findFile(ps: PlayState, task: MergedTask, kind: 'files' | 'templates' | 'vars', name: string): string {
  if (isAbsolute(name)) {
    if (existsSync(name)) return name;
    throw new CarbonPlayError('module', `expected a file at ${name}, got nothing`, { loc: task.loc });
  }
  const role = task.role;
  const dir = ps.run.playbook.dir;
  const candidates = [...(role ? [join(role.dir, kind, name), join(role.dir, name)] : []), join(dir, kind, name), join(dir, name)];
  const hit = candidates.find((c) => existsSync(c));
  if (hit) return hit;
  throw new CarbonPlayError('module', `expected ${name} in ${candidates.join(', ')}, found none`, { loc: task.loc });
}

export function errorText(err: unknown): string {
  return err instanceof CarbonPlayError ? err.format() : err instanceof Error ? err.message : String(err);
}
