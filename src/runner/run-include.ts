// A dynamic include (include_tasks, include_role) on a batch: its tags, when and loop decided once per host, then the included tasks.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { modules } from '../modules/index.js';
import { loadTaskFileAtRun } from '../playbook/load-tasks.js';
import type { BlockNode } from '../playbook/types.js';
import { evaluateCondition, renderString } from '../template/index.js';
import { errorText } from './execute-item.js';
import { countStatus, settleResult } from './task-status.js';
import { toErrorInfo, type ErrorInfo } from '../core/errors.js';
import { isTaskSelected } from './tags.js';
import { loopItemVars } from './loop-lookups.js';
import { loopItems, taskScope } from './run-task.js';
import { hostState, isActive, mapLimit, type Inherited, type PlayState } from './state.js';

type RunItems = (ps: PlayState, items: BlockNode['block'], inh: Inherited, hosts: string[]) => Promise<void>;

/** Ansible's `included: FILE for HOST` result: the include counts as an ok task on each host it includes for. */
export async function runInclude(ps: PlayState, b: BlockNode, parent: Inherited, hosts: string[], runItems: RunItems): Promise<void> {
  const run = ps.run;
  const inc = b.include!;
  if (!isTaskSelected([...new Set([...parent.tags, ...b.tags])], run.opts.tags, run.opts.skipTags)) return;
  const active = hosts.filter((h) => isActive(run, h));
  if (active.length === 0) return;
  const id = run.nextTaskId();
  // As ansible-playbook titles it: `include_role : NAME` for a role.
  const written = inc.written ?? inc.keyword;
  const title = b.name ?? (inc.keyword === 'include_role' && b.role ? `${written} : ${b.role.name}` : written);
  run.emit({ type: 'task_start', id, name: b.role && inc.keyword !== 'include_role' ? `${b.role.name} : ${title}` : title, module: inc.keyword, role: b.role?.name, handler: false, loc: b.loc, hosts: active });
  const when = [...parent.when, ...b.when];
  const included = new Map<string, unknown[] | undefined>();
  const files = new Map<string, string>();
  const cache = new Map<string, BlockNode['block']>();
  await mapLimit(active, run.opts.forks, async (host) => {
    const st = hostState(run, host);
    const started = run.opts.clock();
    const emit = (status: 'ok' | 'skipped' | 'failed', result: Record<string, unknown>, error?: ErrorInfo) => {
      countStatus(st, status);
      run.emit({ type: 'host_result', taskId: id, task: title, host, status, msg: error && String(result.msg), error, result: settleResult(result, status), durationMs: run.opts.clock() - started });
    };
    try {
      // An include_role's when, loop and name are the including task's: they see the including role's variables, not the included one's.
      const here = inc.keyword === 'include_role' ? parent.role : b.role ?? parent.role;
      const scope = taskScope(ps, parent, host, b.vars, here);
      if (!when.every((c) => evaluateCondition(c, scope))) {
        return emit('skipped', { skip_reason: 'Conditional result was False' });
      }
      const items = inc.loop ? loopItems(ps, inc.loop, here, scope) : undefined;
      if (inc.file) files.set(host, resolveFile(ps, b, renderString(inc.file.template, scope), cache));
      included.set(host, items);
      emit('ok', { include: inc.keyword, ...(items ? { results: items.map((item) => ({ [inc.loop!.loopVar]: item })) } : {}) });
    } catch (err) {
      const msg = `${inc.keyword} '${title}' (${b.loc.file}:${b.loc.line}): ${errorText(err)}`;
      emit('failed', { msg }, toErrorInfo(err, { loc: b.loc, host, task: title, module: inc.keyword }));
    }
  });
  run.emit({ type: 'task_end', taskId: id });
  // The include's own when and tags are spent; the included tasks keep the outer ones and get the include's vars.
  const inh: Inherited = { ...parent, vars: [...parent.vars, b.vars], role: b.role ?? parent.role, outerRoles: b.role && parent.role && b.role !== parent.role ? [...(parent.outerRoles ?? []), parent.role] : parent.outerRoles };
  const entered = [...included.keys()];
  if (inc.file) {
    // Hosts that named the same file run its tasks together, in the order the files were first named.
    for (const path of new Set(files.values())) {
      const hosts = entered.filter((h) => files.get(h) === path && isActive(run, h));
      const inner = b.block[0] as BlockNode;
      await runItems(ps, [{ ...inner, block: cache.get(path)! }], inh, hosts);
    }
    return;
  }
  if (!inc.loop) return runItems(ps, b.block, inh, entered);
  const most = Math.max(0, ...[...included.values()].map((l) => l?.length ?? 0));
  for (let i = 0; i < most; i++) {
    if (ps.abort || run.interrupted()) return;
    const now = entered.filter((h) => (included.get(h)?.length ?? 0) > i && isActive(run, h));
    const itemVars = new Map(now.map((h) => [h, { ...(parent.itemVars?.get(h) ?? {}), ...loopItemVars(inc.loop!, included.get(h)!, i) }]));
    await runItems(ps, b.block, { ...inh, itemVars }, now);
  }
}

/** The task file a templated include names on one host: found where a literal one would be, loaded once, its errors the host's failure. */
function resolveFile(ps: PlayState, b: BlockNode, name: string, cache: Map<string, BlockNode['block']>): string {
  const spec = b.include!.file!;
  const path = isAbsolute(name) ? name : spec.dirs.map((d) => resolve(d, name)).find((f) => existsSync(f) && statSync(f).isFile());
  if (!path || !existsSync(path)) throw new Error(`cannot find task file '${name}'; searched ${spec.dirs.join(', ')}`);
  if (!cache.has(path)) {
    const { items, errors } = loadTaskFileAtRun(path, { playbookDir: ps.run.playbook.dir, role: b.role, handlers: spec.handlers, findModule: ps.run.opts.findModule, moduleNames: [...modules.keys()] });
    if (errors.length > 0) throw new Error(errors.map((e) => e.format()).join('; '));
    cache.set(path, items);
  }
  return path;
}
