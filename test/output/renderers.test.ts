import { describe, expect, it } from 'vitest';
import { createJsonRenderer } from '../../src/output/json.js';
import { chooseOutputMode } from '../../src/output/create-renderer.js';
import { createPlainRenderer, formatHostResult, formatVerboseResult } from '../../src/output/plain.js';
import type { RunnerEvent } from '../../src/runner/events.js';

const loc = { file: 'site.yml', line: 4, col: 3 };
const result = (over: Partial<Extract<RunnerEvent, { type: 'host_result' }>>): Extract<RunnerEvent, { type: 'host_result' }> => ({
  type: 'host_result', taskId: 't1', task: 'web : install', host: 'node1', status: 'ok', result: {}, durationMs: 5, ...over,
});
const stream: RunnerEvent[] = [
  { type: 'playbook_start', file: 'site.yml', check: false, diff: true },
  { type: 'play_start', name: 'web', hosts: ['node1'], loc },
  { type: 'batch_start', hosts: ['node1'], index: 0, count: 1 },
  { type: 'task_start', id: 't1', name: 'web : install', module: 'put', role: 'web', handler: false, loc, hosts: ['node1'] },
  { type: 'host_start', taskId: 't1', host: 'node1' },
  result({ status: 'changed', diff: [{ path: '/f', before: 'a\n', after: 'b\n' }] }),
  { type: 'task_end', taskId: 't1' },
  { type: 'warning', message: 'careful', host: 'node1' },
  { type: 'play_end', name: 'web' },
  { type: 'recap', hosts: { node1: { ok: 1, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 } }, durationMs: 10, interrupted: false },
];

describe('plain renderer', () => {
  it.each([
    [{ status: 'ok' }, 'ok: [node1] => web : install'],
    [{ status: 'changed', delegatedTo: 'localhost' }, 'changed: [node1 -> localhost] => web : install'],
    [{ status: 'skipped' }, 'skipping: [node1] => web : install'],
    [{ status: 'failed', msg: 'rc 1' }, 'fatal: [node1]: FAILED! => web : install: rc 1'],
    [{ status: 'failed', msg: 'rc 1', ignored: true }, 'failed: [node1] => web : install: rc 1 (ignored)'],
    [{ status: 'unreachable', msg: 'refused' }, 'fatal: [node1]: UNREACHABLE! => web : install: refused'],
  ] as const)('%j', (over, line) => {
    expect(formatHostResult(result(over))).toBe(line);
  });

  it('writes headers, result lines, diffs, warnings and the recap', async () => {
    let out = '';
    const r = createPlainRenderer({ write: (s) => void (out += s), verbosity: 0, diff: true });
    stream.forEach(r.sink);
    await r.done();
    expect(out).toContain('PLAY [web] ***');
    expect(out).toContain('TASK [web : install] ***');
    expect(out).toContain('changed: [node1] => web : install\n--- before: /f\n+++ after: /f\n');
    expect(out).toContain('[WARNING]: [node1] careful');
    expect(out).toContain('PLAY RECAP');
  });

  it('shows what a debug task says without -v, and only for debug tasks', async () => {
    let out = '';
    const r = createPlainRenderer({ write: (s) => void (out += s), verbosity: 0, diff: false });
    r.sink({ type: 'task_start', id: 'd1', name: 'show', module: 'debug', handler: false, loc, hosts: ['node1'] });
    r.sink(result({ taskId: 'd1', task: 'show', result: { msg: 'port 9443', changed: false, failed: false } }));
    r.sink({ type: 'task_start', id: 'c1', name: 'run', module: 'command', handler: false, loc, hosts: ['node1'] });
    r.sink(result({ taskId: 'c1', task: 'run', result: { stdout: 'x', changed: false } }));
    await r.done();
    expect(out).toContain('ok: [node1] => {"msg":"port 9443"}\n');
    expect(out).toContain('ok: [node1] => run\n');
  });
});

describe('json renderer', () => {
  it('writes one JSON object per event and nothing else', async () => {
    let out = '';
    const r = createJsonRenderer({ write: (s) => void (out += s) });
    stream.forEach(r.sink);
    await r.done();
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(stream.map((e) => e.type));
  });
});

describe('output mode', () => {
  it.each([
    [false, true, 'live'],
    [false, false, 'plain'],
    [true, true, 'json'],
    [true, false, 'json'],
  ] as const)('--json %s, terminal %s: %s', (json, tty, mode) => {
    expect(chooseOutputMode(json, tty)).toBe(mode);
  });
});

describe('formatVerboseResult', () => {
  const r = { changed: true, msg: 'line added', diff: [{ before: '', after: '' }] };
  it.each([
    [1, '{"changed":true,"msg":"line added"}'],
    [2, JSON.stringify({ changed: true, msg: 'line added' }, null, 2)],
    [3, JSON.stringify(r, null, 2)],
  ])('at -v x%i the registered diff is shown only from -vvv, as Ansible', (verbosity, shown) => {
    expect(formatVerboseResult(r, verbosity)).toBe(shown);
  });
});
