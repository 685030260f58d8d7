// Not a terminal: one stable, greppable line per host result, Ansible-like headers, then the recap.
import { formatErrorInfo } from '../core/errors.js';
import type { EventOf } from '../runner/events.js';
import { batchWrites } from './batched-write.js';
import { formatDiff } from './diff.js';
import { formatBanner, formatRecap } from './recap.js';
import { dispatchTo, type EventHandlers, type RenderOptions, type Renderer } from './types.js';

/** One host's result: `changed: [node1 -> localhost] => task name`, and the reason for failures. `withTask: false` drops the task title, for views that show it just above. */
export function formatHostResult(e: EventOf<'host_result'>, withTask = true): string {
  const who = e.delegatedTo ? `[${e.host} -> ${e.delegatedTo}]` : `[${e.host}]`;
  // A failure's structured error, with where it happened; a result without one keeps its message.
  const reason = e.error ? formatErrorInfo(e.error) : e.msg;
  const why = reason ? `${withTask ? ': ' : ''}${reason}` : '';
  const task = withTask ? e.task : '';
  switch (e.status) {
    case 'ok':
    case 'changed':
      return withTask ? `${e.status}: ${who} => ${task}` : `${e.status}: ${who}`;
    case 'skipped':
      return withTask ? `skipping: ${who} => ${task}` : `skipping: ${who}`;
    case 'unreachable':
      return `fatal: ${who}: UNREACHABLE! => ${task}${why}`;
    case 'failed':
      return e.ignored ? `failed: ${who} => ${task}${why} (ignored)` : `fatal: ${who}: FAILED! => ${task}${why}`;
  }
}

/** The result -v prints: below -vvv without its registered `diff` (the diff is shown as one with --diff), as Ansible's callback. */
export function formatVerboseResult(result: Record<string, unknown>, verbosity: number): string {
  const { diff, ...rest } = result;
  return JSON.stringify(verbosity > 2 || diff === undefined ? result : rest, null, verbosity > 1 ? 2 : undefined);
}

/** What a debug task shows: `ok: [host] => {"msg": ...}`, or undefined when it is not a shown debug result. */
export function formatDebugResult(e: EventOf<'host_result'>): string | undefined {
  const shown = e.status === 'ok' ? debugPayload(e.result) : undefined;
  return shown === undefined ? undefined : `ok: [${e.host}] => ${shown}`;
}

/** What a debug task shows: `{"msg": ...}` or `{"var.name": value}` from its registered result. */
function debugPayload(result: Record<string, unknown>): string | undefined {
  // A no_log debug shows nothing but its status line, as in Ansible (-v still prints the censored result).
  if ('censored' in result) return undefined;
  const { changed: _c, failed: _f, skipped: _s, ...rest } = result;
  return Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined;
}

export function createPlainRenderer(o: RenderOptions): Renderer {
  const out = batchWrites(o.write);
  const line = (s: string) => out.write(s + '\n');
  const debugTasks = new Set<string>();
  const handlers: EventHandlers = {
    playbook_start: (e) => {
      if (o.verbosity > 0) line(`playbook: ${e.file}${e.check ? ' (check mode)' : ''}`);
    },
    play_start: (e) => line(`\n${formatBanner(`PLAY [${e.name}]`)}`),
    batch_start: (e) => {
      if (e.count > 1) line(`batch ${e.index + 1}/${e.count}: ${e.hosts.join(', ')}`);
    },
    task_start: (e) => {
      if (e.module === 'debug') debugTasks.add(e.id);
      line(`\n${formatBanner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`)}`);
    },
    host_start: () => {},
    host_result: (e) => {
      // debug exists to show something: print its message or variable as Ansible does, without -v.
      line((debugTasks.has(e.taskId) ? formatDebugResult(e) : undefined) ?? formatHostResult(e));
      if (o.verbosity > 0) line(formatVerboseResult(e.result, o.verbosity));
      if (o.verbosity > 2) line(`  (${e.durationMs} ms)`);
      if (o.diff) for (const d of e.diff ?? []) out.write(formatDiff(d));
    },
    task_end: () => {},
    warning: (e) => line(`[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`),
    play_end: () => {},
    recap: (e) => out.write(formatRecap(e)),
  };
  return { sink: dispatchTo(handlers), done: async () => out.close() };
}
