// On a terminal: listr2, one entry per task with a live line per host; plays, warnings, diffs and the recap around them.
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { EventOf } from '../runner/events.js';
import { formatDiff } from './diff.js';
import { formatDebugResult, formatHostResult } from './plain.js';
import { formatBanner, formatRecap } from './recap.js';
import { dispatchTo, type EventHandlers, type RenderOptions, type Renderer } from './types.js';

type HostOutcome = EventOf<'host_result'> | undefined;

interface Waiter {
  promise: Promise<HostOutcome>;
  resolve(o: HostOutcome): void;
}

function createWaiter(): Waiter {
  let resolve!: (o: HostOutcome) => void;
  const promise = new Promise<HostOutcome>((r) => (resolve = r));
  return { promise, resolve };
}

/** `renderer` lets tests pick listr2's silent/test renderers; the CLI uses the default (live) one. */
export function createListrRenderer(o: RenderOptions & { renderer?: 'default' | 'simple' | 'silent' }): Renderer {
  // Listr instances run one after another; events arrive earlier, so hosts wait on per-task promises.
  let chain: Promise<void> = Promise.resolve();
  const later = (fn: () => void | Promise<unknown>) => {
    chain = chain.then(async () => void (await fn())).catch(() => {});
  };
  const tasks = new Map<string, { waiters: Map<string, Waiter>; after: string[] }>();

  const showHost = async (t: ListrTaskWrapper<unknown, any, any>, w: Waiter, host: string, debug: boolean): Promise<void> => {
    t.title = `${host}: running`;
    const e = await w.promise;
    if (!e) return t.skip(`${host}: not run`);
    // The task's title is the line above: a host line says only how it went (and what a debug task shows).
    const line = (debug ? formatDebugResult(e) : undefined) ?? formatHostResult(e, false);
    if (e.status === 'skipped') return t.skip(line);
    if (e.status === 'failed' && !e.ignored) throw new Error(line);
    if (e.status === 'unreachable') throw new Error(line);
    t.title = line;
  };

  const handlers: EventHandlers = {
    playbook_start: () => {},
    play_start: (e) => later(() => o.write(`\n${formatBanner(`PLAY [${e.name}]`)}\n`)),
    batch_start: (e) => {
      if (e.count > 1) later(() => o.write(`batch ${e.index + 1}/${e.count}: ${e.hosts.join(', ')}\n`));
    },
    task_start: (e) => {
      const entry = { waiters: new Map(e.hosts.map((h) => [h, createWaiter()])), after: [] as string[] };
      tasks.set(e.id, entry);
      const list = new Listr(
        [{
          title: `${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`,
          task: (_ctx, t) => t.newListr(e.hosts.map((h) => ({ title: h, task: (_c: unknown, ht: ListrTaskWrapper<unknown, any, any>) => showHost(ht, entry.waiters.get(h)!, h, e.module === 'debug') })), { concurrent: true, exitOnError: false }),
        }],
        { renderer: o.renderer ?? 'default', exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseSubtasks: false } } as never,
      );
      later(async () => {
        await list.run().catch(() => {});
        for (const text of entry.after) o.write(text);
      });
    },
    host_start: () => {},
    host_result: (e) => {
      const entry = tasks.get(e.taskId);
      if (o.verbosity > 0) entry?.after.push(`  [${e.host}] ${JSON.stringify(e.result)}\n`);
      // Diffs come after the task's host lines: say whose they are.
      if (o.diff) for (const d of e.diff ?? []) entry?.after.push(`[${e.host}]\n${formatDiff(d)}`);
      entry?.waiters.get(e.host)?.resolve(e);
    },
    task_end: (e) => {
      // Hosts that never ran (interrupted) must not keep their line spinning.
      for (const w of tasks.get(e.taskId)?.waiters.values() ?? []) w.resolve(undefined);
      tasks.delete(e.taskId);
    },
    warning: (e) => later(() => o.write(`[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}\n`)),
    play_end: () => {},
    recap: (e) => later(() => o.write(formatRecap(e))),
  };
  return { sink: dispatchTo(handlers), done: () => chain };
}
