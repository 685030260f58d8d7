// The live view's lines: a running task with each host's state, a finished task collapsed to its counts, the progress line.
import type { HostStatus } from '../runner/events.js';
import type { Palette } from './ansi.js';
import { formatDuration } from './recap.js';

export type HostPhase = 'queued' | 'running' | HostStatus | 'ignored';

export interface LiveTask {
  id: string;
  title: string;
  debug: boolean;
  hosts: string[];
  phase: Map<string, HostPhase>;
  started: number;
}

export interface PlayProgress {
  name: string;
  started: number;
  taskIndex: number;
  /** Tasks the play will run per batch, when the runner said (handlers and includes may add some). */
  taskCount?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Order of the counters on a line, and the order hosts are listed in (what needs attention first). */
const COUNTED: HostPhase[] = ['ok', 'changed', 'failed', 'unreachable', 'ignored', 'skipped'];
const LISTED: HostPhase[] = ['running', 'failed', 'unreachable', 'ignored', 'changed', 'ok', 'queued'];

export function spinnerFrame(now: number): string {
  return SPINNER[Math.floor(now / 100) % SPINNER.length];
}

function countPhases(t: LiveTask): Map<HostPhase, number> {
  const n = new Map<HostPhase, number>();
  for (const p of t.phase.values()) n.set(p, (n.get(p) ?? 0) + 1);
  return n;
}

function paintPhase(p: HostPhase, text: string, c: Palette): string {
  if (p === 'ok') return c.green(text);
  if (p === 'changed' || p === 'ignored') return c.yellow(text);
  if (p === 'failed' || p === 'unreachable') return c.red(text);
  if (p === 'skipped') return c.cyan(text);
  return p === 'queued' ? c.dim(text) : text;
}

/** `ok=2 changed=1 skipped=3`: only the counters that are not zero, each in its colour. */
export function formatCounts(t: LiveTask, c: Palette): string {
  const n = countPhases(t);
  return COUNTED.filter((p) => n.get(p)).map((p) => paintPhase(p, `${p}=${n.get(p)}`, c)).join(' ');
}

function glyph(p: HostPhase, now: number): string {
  switch (p) {
    case 'running': return spinnerFrame(now);
    case 'queued': return '·';
    case 'ok': return '✔';
    case 'changed': return '●';
    case 'skipped': return '↷';
    case 'ignored': return '!';
    default: return '✖';
  }
}

/** `⠹ TASK [name] 1.2s 2/3 ok=1 changed=1 · am1 ⠹ am2 ● lb ✔`: skipped hosts are counted, never listed. */
export function formatRunningTask(t: LiveTask, now: number, c: Palette): string {
  const n = countPhases(t);
  const done = t.hosts.length - (n.get('running') ?? 0) - (n.get('queued') ?? 0);
  const listed = t.hosts
    .filter((h) => t.phase.get(h) !== 'skipped')
    .sort((a, b) => LISTED.indexOf(t.phase.get(a)!) - LISTED.indexOf(t.phase.get(b)!))
    .map((h) => paintPhase(t.phase.get(h)!, `${h} ${glyph(t.phase.get(h)!, now)}`, c));
  const counts = formatCounts(t, c);
  const head = `${c.cyan(spinnerFrame(now))} ${c.bold(t.title)} ${c.dim(formatDuration(now - t.started))} ${done}/${t.hosts.length}`;
  return [head, counts, listed.length ? `· ${listed.join(' ')}` : ''].filter(Boolean).join(' ');
}

/** A finished task in one line: its worst outcome's mark, its title, its counts and how long it took. */
export function formatFinishedTask(t: LiveTask, now: number, c: Palette): string {
  const n = countPhases(t);
  const has = (p: HostPhase) => (n.get(p) ?? 0) > 0;
  const mark = has('failed') || has('unreachable') ? c.red('✖') : has('changed') || has('ignored') ? c.yellow('●') : has('ok') ? c.green('✔') : has('skipped') ? c.cyan('↷') : c.dim('-');
  const counts = formatCounts(t, c) || c.dim('not run');
  return `${mark} ${t.title} ${counts} ${c.dim(`(${formatDuration(now - t.started)})`)}`;
}

/** `PLAY [name] · task 5/17 · 12.40s · hosts 3/10 done`: shown under the running task once a play runs long. */
export function formatProgress(p: PlayProgress, running: LiveTask | undefined, now: number, c: Palette): string {
  const of = p.taskCount !== undefined && p.taskIndex <= p.taskCount ? `/${p.taskCount}` : '';
  const parts = [`PLAY [${p.name}]`, `task ${p.taskIndex}${of}`, formatDuration(now - p.started)];
  if (running) {
    const n = countPhases(running);
    parts.push(`hosts ${running.hosts.length - (n.get('running') ?? 0) - (n.get('queued') ?? 0)}/${running.hosts.length} done`);
  }
  return c.dim(parts.join(' · '));
}
