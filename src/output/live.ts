// On a terminal: a live region redrawn at most every frameMs (one line per running task, a progress line), finished
// tasks collapsed to one line above it, failures, warnings, diffs and debug output in full, then the recap.
import type { EventOf } from '../runner/events.js';
import { createPalette, eraseLinesAbove, truncateLine } from './ansi.js';
import { formatDiff } from './diff.js';
import { formatFinishedTask, formatProgress, formatRunningTask, type LiveTask, type PlayProgress } from './live-lines.js';
import { formatDebugResult, formatHostResult, formatVerboseResult } from './plain.js';
import { formatBanner, formatRecap } from './recap.js';
import { dispatchTo, type EventHandlers, type RenderOptions, type Renderer } from './types.js';

export interface LiveOptions extends RenderOptions {
  /** The terminal's width now (it may be resized during a run). */
  columns?: () => number;
  color?: boolean;
  now?: () => number;
  /** Runs `fn` after `ms`; tests pass their own to draw frames by hand. */
  schedule?: (fn: () => void, ms: number) => () => void;
  frameMs?: number;
}

/** A play whose tasks have run this long gets a progress line. */
const PROGRESS_AFTER_MS = 2000;

function scheduleTimer(fn: () => void, ms: number): () => void {
  const t = setTimeout(fn, ms);
  // The run keeps the process alive, not the renderer.
  t.unref();
  return () => clearTimeout(t);
}

export function createLiveRenderer(o: LiveOptions): Renderer {
  const c = createPalette(o.color ?? true);
  const now = o.now ?? (() => performance.now());
  const schedule = o.schedule ?? scheduleTimer;
  const frameMs = o.frameMs ?? 100;
  const columns = o.columns ?? (() => 80);
  const running = new Map<string, LiveTask>();
  let play: PlayProgress | undefined;
  /** Text that stays (finished tasks, failures, warnings), written at the next frame above the live region. */
  let pending = '';
  let drawnLines = 0;
  let cancel: (() => void) | undefined;

  const frame = () => {
    cancel = undefined;
    const t = now();
    const width = Math.max(20, columns() - 1);
    const live = [...running.values()].map((task) => formatRunningTask(task, t, c));
    if (play && running.size > 0 && t - play.started >= PROGRESS_AFTER_MS) live.push(formatProgress(play, [...running.values()].at(-1), t, c));
    const region = live.map((l) => truncateLine(l, width) + '\n').join('');
    if (pending === '' && region === '' && drawnLines === 0) return;
    // One write per frame: erase the old region, print what stays, draw the new region.
    o.write((drawnLines > 0 ? eraseLinesAbove(drawnLines) : '') + pending + region);
    pending = '';
    drawnLines = live.length;
    // The spinner and the clocks move while something runs.
    if (running.size > 0) requestFrame();
  };
  const requestFrame = () => {
    cancel ??= schedule(frame, frameMs);
  };
  const keep = (text: string) => {
    pending += text.endsWith('\n') ? text : text + '\n';
    requestFrame();
  };

  const handlers: EventHandlers = {
    playbook_start: (e) => {
      if (o.verbosity > 0) keep(`playbook: ${e.file}${e.check ? ' (check mode)' : ''}`);
    },
    play_start: (e) => {
      play = { name: e.name, started: now(), taskIndex: 0, taskCount: e.tasks };
      keep(`\n${c.bold(formatBanner(`PLAY [${e.name}]`))}`);
    },
    batch_start: (e) => {
      if (play) play.taskIndex = 0;
      if (e.count > 1) keep(`batch ${e.index + 1}/${e.count}: ${e.hosts.join(', ')}`);
    },
    task_start: (e) => {
      if (play) play.taskIndex++;
      const title = `${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`;
      running.set(e.id, { id: e.id, title, debug: e.module === 'debug', hosts: e.hosts, phase: new Map(e.hosts.map((h) => [h, 'queued'])), started: now() });
      requestFrame();
    },
    host_start: (e) => {
      running.get(e.taskId)?.phase.set(e.host, 'running');
    },
    host_result: (e) => showResult(e),
    task_end: (e) => {
      const task = running.get(e.taskId);
      if (!task) return;
      running.delete(e.taskId);
      // Hosts that never ran (interrupted) are not counted.
      for (const [h, p] of task.phase) if (p === 'queued' || p === 'running') task.phase.delete(h);
      keep(formatFinishedTask(task, now(), c));
    },
    warning: (e) => keep(c.yellow(`[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`)),
    play_end: () => {},
    recap: (e) => keep(paintRecap(e)),
  };

  function showResult(e: EventOf<'host_result'>): void {
    const task = running.get(e.taskId);
    task?.phase.set(e.host, e.ignored ? 'ignored' : e.status);
    const debug = task?.debug ? formatDebugResult(e) : undefined;
    const bad = (e.status === 'failed' && !e.ignored) || e.status === 'unreachable';
    // Everything a person must read is printed whole; ok and skipped results are only counted (unless -v).
    if (bad) keep(c.red(formatHostResult(e)));
    else if (e.ignored) keep(c.yellow(formatHostResult(e)));
    else if (debug) keep(debug);
    else if (o.verbosity > 0 || (o.diff && e.diff?.length)) keep(formatHostResult(e));
    if (o.verbosity > 0) keep(formatVerboseResult(e.result, o.verbosity));
    if (o.diff) for (const d of e.diff ?? []) keep(formatDiff(d));
    requestFrame();
  }

  /** Ansible's colours on the recap: a host line red when something failed, yellow when it changed, green otherwise. */
  function paintRecap(e: EventOf<'recap'>): string {
    return formatRecap(e).split('\n').map((line) => {
      const s = e.hosts[line.split(' : ')[0].trimEnd()];
      if (!s || !line.includes(' : ')) return line;
      return s.failed || s.unreachable ? c.red(line) : s.changed ? c.yellow(line) : c.green(line);
    }).join('\n');
  }

  return {
    sink: dispatchTo(handlers),
    done: async () => {
      cancel?.();
      cancel = undefined;
      running.clear();
      frame();
    },
  };
}
