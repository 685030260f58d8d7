// Runs notified handlers: once per batch end or flush_handlers, in definition order, only on hosts that notified them.
import { runTask } from './run-task.js';
import { hostState, isActive, mergeTask, type Inherited, type PlayState } from './state.js';

export async function runHandlers(ps: PlayState): Promise<void> {
  const run = ps.run;
  for (const handler of ps.play.handlers) {
    if (run.interrupted()) return;
    const names = [handler.name, ...handler.listen].filter((n): n is string => n !== undefined);
    const hosts = ps.batch.filter((h) => isActive(run, h) && names.some((n) => hostState(run, h).notified.has(n)));
    if (hosts.length === 0) continue;
    for (const h of hosts) for (const n of names) hostState(run, h).notified.delete(n);
    const inh: Inherited = { tags: [], when: [], vars: handler.role ? [handler.role.params] : [], role: handler.role, become: ps.play.become, becomeUser: ps.play.becomeUser };
    // Not through runItems: handlers ignore --tags and --start-at-task.
    await runTask(ps, mergeTask(handler, inh), inh, hosts, true);
  }
}
