// The live terminal view, driven by event sequences and a hand-cranked clock; the screen is read as a person would.
import { describe, expect, it } from 'vitest';
import { createLiveRenderer } from '../../src/output/live.js';
import type { EventOf, RunnerEvent } from '../../src/runner/events.js';
import { createVirtualTerminal } from '../helpers/virtual-terminal.js';

const loc = { file: 'site.yml', line: 4, col: 3 };
const stats = { ok: 1, changed: 1, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 };

function setup(over: { verbosity?: number; diff?: boolean; columns?: number } = {}) {
  const term = createVirtualTerminal();
  let clock = 0;
  let writes = 0;
  let frames: (() => void)[] = [];
  const r = createLiveRenderer({
    write: (s) => (writes++, term.write(s)), verbosity: over.verbosity ?? 0, diff: over.diff ?? false, color: false,
    columns: () => over.columns ?? 120, now: () => clock,
    schedule: (fn) => {
      frames.push(fn);
      return () => void (frames = frames.filter((f) => f !== fn));
    },
  });
  return {
    send: (...events: RunnerEvent[]) => events.forEach(r.sink),
    /** Time passes and the pending frame (if any) is drawn. */
    tick(ms = 100) {
      clock += ms;
      const due = frames;
      frames = [];
      due.forEach((f) => f());
    },
    screen: () => term.screen(),
    writes: () => writes,
    done: () => r.done(),
  };
}

const playStart = (hosts: string[], tasks?: number): RunnerEvent => ({ type: 'play_start', name: 'web', hosts, loc, tasks });
const taskStart = (id: string, name: string, hosts: string[], module = 'copy'): RunnerEvent => ({ type: 'task_start', id, name, module, handler: false, loc, hosts });
const result = (id: string, host: string, over: Partial<EventOf<'host_result'>> = {}): RunnerEvent => ({
  type: 'host_result', taskId: id, task: 'install', host, status: 'ok', result: {}, durationMs: 5, ...over,
});
const starts = (id: string, hosts: string[]): RunnerEvent[] => hosts.map((host) => ({ type: 'host_start', taskId: id, host }));

describe('live view', () => {
  it('shows a running task as one line with each host\'s state, then collapses it to its counts', () => {
    const v = setup();
    v.send(playStart(['am1', 'am2', 'lb']), taskStart('t1', 'install', ['am1', 'am2', 'lb']), ...starts('t1', ['am1', 'am2']));
    v.tick(300);
    expect(v.screen()).toMatch(/^\nPLAY \[web\] \*+\n\S TASK \[install\] 0\.30s 0\/3 · am1 \S am2 \S lb ·$/);
    v.send(result('t1', 'am1', { status: 'changed' }), result('t1', 'am2', { status: 'skipped' }));
    v.tick();
    // Skipped hosts are counted, not listed.
    expect(v.screen().split('\n').at(-1)).toMatch(/^\S TASK \[install\] 0\.40s 2\/3 changed=1 skipped=1 · am1 ● lb ·$/);
    v.send(...starts('t1', ['lb']), result('t1', 'lb'), { type: 'task_end', taskId: 't1' });
    v.tick();
    expect(v.screen()).toMatch(/^\nPLAY \[web\] \*+\n● TASK \[install\] ok=1 changed=1 skipped=1 \(0\.40s\)$/);
  });

  it.each([
    ['a failure, in full', result('t1', 'am1', { status: 'failed', task: 'install', msg: 'rc 1: no space left' }), 'fatal: [am1]: FAILED! => install: rc 1: no space left'],
    ['an unreachable host, in full', result('t1', 'am1', { status: 'unreachable', task: 'install', msg: 'refused' }), 'fatal: [am1]: UNREACHABLE! => install: refused'],
    ['an ignored failure', result('t1', 'am1', { status: 'failed', task: 'install', msg: 'rc 1', ignored: true }), 'failed: [am1] => install: rc 1 (ignored)'],
    ['a warning', { type: 'warning', message: 'careful', host: 'am1' } as RunnerEvent, '[WARNING]: [am1] careful'],
  ])('prints %s above the live line', (_name, event, line) => {
    const v = setup();
    v.send(playStart(['am1', 'am2']), taskStart('t1', 'install', ['am1', 'am2']), ...starts('t1', ['am1', 'am2']), event);
    v.tick();
    const lines = v.screen().split('\n');
    expect(lines.at(-2)).toBe(line);
    expect(lines.at(-1)).toMatch(/TASK \[install\]/);
  });

  it('prints a debug task\'s message and, with --diff, each changed file\'s diff under its host line', () => {
    const v = setup({ diff: true });
    v.send(playStart(['am1']), taskStart('d1', 'show', ['am1'], 'debug'), result('d1', 'am1', { result: { msg: 'port 9443', changed: false } }), { type: 'task_end', taskId: 'd1' });
    v.send(taskStart('t2', 'put', ['am1']), result('t2', 'am1', { status: 'changed', task: 'put', diff: [{ path: '/f', before: 'a\n', after: 'b\n' }] }), { type: 'task_end', taskId: 't2' });
    v.tick();
    const text = v.screen();
    expect(text).toContain('ok: [am1] => {"msg":"port 9443"}\n✔ TASK [show] ok=1');
    expect(text).toMatch(/changed: \[am1\] => put\n--- before: \/f\n\+\+\+ after: \/f\n[^]*\n-a\n\+b\n● TASK \[put\] changed=1/);
  });

  it.each([[0, ''], [1, 'ok: [am1] => show\n{"censored":"hidden","changed":false}\n']])('a no_log debug (censored result) at -v %i shows no message, only its status line with -v', (verbosity, shown) => {
    const v = setup({ verbosity });
    v.send(playStart(['am1']), taskStart('d1', 'show', ['am1'], 'debug'), result('d1', 'am1', { task: 'show', result: { censored: 'hidden', changed: false } }), { type: 'task_end', taskId: 'd1' });
    v.tick();
    const text = v.screen();
    expect(text).toContain(`${shown}✔ TASK [show] ok=1`);
    expect(text).not.toMatch(/undefined|=> \{"censored"/);
  });

  it('with -v prints every host result and its registered result, as plain output does', () => {
    const v = setup({ verbosity: 1 });
    v.send(playStart(['am1']), taskStart('t1', 'install', ['am1']), result('t1', 'am1', { result: { rc: 0 } }), { type: 'task_end', taskId: 't1' });
    v.tick();
    expect(v.screen()).toContain('ok: [am1] => install\n{"rc":0}\n✔ TASK [install] ok=1');
  });

  it('draws nothing between frames, however many events arrive, and one write per frame', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `h${i}`);
    const v = setup();
    v.send(playStart(hosts), taskStart('t1', 'install', hosts), ...starts('t1', hosts), ...hosts.map((h) => result('t1', h)));
    expect(v.writes()).toBe(0);
    v.tick();
    expect(v.writes()).toBe(1);
  });

  it('keeps a 100-host line within the terminal width, running hosts first', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `host${String(i).padStart(3, '0')}`);
    const v = setup({ columns: 80 });
    v.send(playStart(hosts), taskStart('t1', 'install', hosts), ...starts('t1', hosts.slice(0, 10)), ...hosts.slice(0, 8).map((h) => result('t1', h)));
    v.tick();
    const line = v.screen().split('\n').at(-1)!;
    expect([...line].length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^\S TASK \[install\] 0\.10s 8\/100 ok=8 · host008 \S host009 \S host000 ✔ .*…$/);
  });

  it('adds a progress line (task i of n, elapsed, hosts done) once a play has run two seconds', () => {
    const v = setup();
    v.send(playStart(['a', 'b'], 17), { type: 'batch_start', hosts: ['a', 'b'], index: 0, count: 1 });
    for (const id of ['t1', 't2', 't3', 't4']) v.send(taskStart(id, id, ['a', 'b']), result(id, 'a'), result(id, 'b'), { type: 'task_end', taskId: id });
    v.send(taskStart('t5', 'slow', ['a', 'b']), ...starts('t5', ['a', 'b']), result('t5', 'a'));
    v.tick(1000);
    expect(v.screen()).not.toContain('task 5/17');
    v.tick(1500);
    expect(v.screen().split('\n').at(-1)).toBe('PLAY [web] · task 5/17 · 2.50s · hosts 1/2 done');
  });

  it('ends with the recap and no live line left; a task cut short says it did not run', async () => {
    const v = setup();
    v.send(playStart(['am1']), taskStart('t1', 'install', ['am1']), ...starts('t1', ['am1']), { type: 'task_end', taskId: 't1' });
    v.send({ type: 'recap', hosts: { am1: stats }, durationMs: 1234, interrupted: true });
    await v.done();
    const text = v.screen();
    expect(text).toContain('- TASK [install] not run');
    expect(text).toMatch(/PLAY RECAP \*+\nam1 +: ok=1 +changed=1 +unreachable=0 +failed=0 +skipped=1 +rescued=0 +ignored=0 *\n\nrun time: 1\.23s \(interrupted\)$/);
  });
});
