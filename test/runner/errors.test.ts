import { describe, expect, it } from 'vitest';
import { CarbonPlayError, type ErrorInfo } from '../../src/core/errors.js';
import { createJsonRenderer } from '../../src/output/json.js';
import { formatHostResult } from '../../src/output/plain.js';
import { defineModule } from '../../src/modules/types.js';
import type { TaskNode } from '../../src/playbook/types.js';
import { localInventory, play, playbook, runTest, task, testModules } from './helpers.js';

const at = { file: '/pb/site.yml', line: 7, col: 3 };
const raising = defineModule<Record<string, unknown>, undefined, undefined>({
  name: 'raising', description: 'throws from read', schema: { args: {} },
  async read() { throw new CarbonPlayError('template', 'undefined variable x', { loc: { file: '/pb/t.j2', line: 2, col: 5 } }); },
  plan: () => ({ kind: 'noop', reason: '' }),
  async apply() { return { status: 'ok' }; },
});
const findModule = (n: string) => (n === 'raising' ? raising : testModules[n]);

/** The one host_result of a one-task play on n1. */
async function runOne(t: TaskNode) {
  const inv = await localInventory(['n1']);
  const r = await runTest(playbook(play([t])), inv, { findModule });
  return r.results[0];
}

describe('failed results carry a structured error', () => {
  it.each<[string, TaskNode, string, Partial<ErrorInfo> & { context: object }]>([
    ['a module that returns a failure', task('sh', { cmd: 'exit 3' }, { name: 'step', loc: at }), 'failed',
      { kind: 'module', message: 'non-zero return code 3', context: { host: 'n1', task: 'step', module: 'sh', loc: at } }],
    ['a module that throws: its own location wins', task('raising', {}, { name: 'step', loc: at }), 'failed',
      { kind: 'template', message: 'undefined variable x', context: { host: 'n1', task: 'step', module: 'raising', loc: { file: '/pb/t.j2', line: 2, col: 5 } } }],
    ['bad module arguments', task('sh', {}, { name: 'step', loc: at }), 'failed',
      { kind: 'validation', context: { host: 'n1', task: 'step', module: 'sh', loc: at } }],
    ['an argument that does not render', task('say', { msg: '{{ nope }}' }, { name: 'step', loc: at }), 'failed',
      { context: { host: 'n1', task: 'step', module: 'say', loc: at } }],
    ['failed_when', task('sh', { cmd: 'true' }, { name: 'step', loc: at, failedWhen: ['rc == 0'] }), 'failed',
      { kind: 'module', message: 'failed_when held: rc == 0', context: { host: 'n1', task: 'step', module: 'sh', loc: at } }],
    ['failed_when on a module that said something: the condition, not what it said', task('say', { msg: 'hi' }, { name: 'step', loc: at, failedWhen: ['true'] }), 'failed',
      { kind: 'module', message: 'failed_when held: true', context: { module: 'say' } }],
    ['an until that never held', task('sh', { cmd: 'true' }, { name: 'step', loc: at, until: 'rc == 1', retries: 1, register: 'r' }), 'failed',
      { kind: 'module', message: 'until condition never held after 2 attempts', context: { host: 'n1', module: 'sh' } }],
    ['a time limit', task('sh', { cmd: 'sleep 1' }, { name: 'step', loc: at, timeout: 0.2 }), 'failed',
      { kind: 'module', message: 'the task did not complete within the requested time - 0.2s', context: { host: 'n1', module: 'sh' } }],
  ])('%s', async (_name, t, status, error) => {
    const r = await runOne(t);
    expect(r.status).toBe(status);
    expect(r.error).toMatchObject(error);
    expect(r.result.failed).toBe(true);
  });

  it('a failure that failed_when clears carries no error', async () => {
    const r = await runOne(task('sh', { cmd: 'exit 1' }, { name: 'step', failedWhen: ['rc == 2'] }));
    expect([r.status, r.error, r.result.failed]).toEqual(['ok', undefined, false]);
  });

  it('a failed loop carries the failed item\'s error', async () => {
    const r = await runOne(task('sh', { cmd: 'exit {{ item }}' }, { name: 'step', loop: [0, 4] }));
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ message: 'non-zero return code 4', context: { module: 'sh' } });
  });
});

describe('renderers format the error', () => {
  const error: ErrorInfo = { kind: 'module', message: 'rc 1', context: { loc: { file: 'site.yml', line: 4, col: 3 }, host: 'node1', task: 'install', module: 'sh' } };
  const event = { type: 'host_result', taskId: 't1', task: 'install', host: 'node1', status: 'failed', msg: 'loose text', error, result: {}, durationMs: 1 } as const;

  it('plain and live lines say file:line:col and the message', () => {
    expect(formatHostResult(event)).toBe('fatal: [node1]: FAILED! => install: site.yml:4:3: rc 1');
  });

  it('the JSON event keeps the error as structure', async () => {
    let out = '';
    const r = createJsonRenderer({ write: (s) => void (out += s) });
    r.sink(event);
    await r.done();
    expect(JSON.parse(out).error).toEqual(error);
  });
});
