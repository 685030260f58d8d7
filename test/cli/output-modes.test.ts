import { describe, expect, it } from 'vitest';
import { block, localInventory, play, playbook, task } from '../runner/helpers.js';
import { cli } from './cli-helpers.js';

const pb = playbook(play([task('say', { msg: 1 }, { name: 'greet', tags: ['hello'] }), block([task('sh', { cmd: 'true' }, { name: 'inner', tags: ['beta'] })], { tags: ['deep'] })], { name: 'site', hosts: 'nodes' }));

describe('--json', () => {
  it('writes only JSON lines: the event stream in order, ending with the recap', async () => {
    const r = await cli(['site.yml', '-i', 'inv', '--json'], pb, await localInventory(['n1', 'n2']));
    const events = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('playbook_start');
    expect(types.at(-1)).toBe('recap');
    expect(types.filter((t) => t === 'task_start')).toHaveLength(2);
    expect(types.filter((t) => t === 'host_result')).toHaveLength(4);
    expect(events.find((e) => e.type === 'host_result')).toMatchObject({ taskId: 't1', task: 'greet', status: 'ok', result: expect.any(Object), durationMs: expect.any(Number) });
    expect(events.at(-1)).toMatchObject({ hosts: { n1: { ok: 2, changed: 1 }, n2: { ok: 2 } }, interrupted: false });
  });
});

describe('listings', () => {
  it.each([
    ['--list-hosts', ['    pattern: [\'nodes\']', '    hosts (2):', '      n1', '      n2']],
    ['--list-tasks', ['    tasks:', '      greet\tTAGS: [hello]', '      inner\tTAGS: [beta, deep]']], // sorted, as ansible-playbook lists them
    ['--list-tags', ['      TASK TAGS: [beta, deep, hello]']],
  ])('%s', async (flag, lines) => {
    const r = await cli(['site.yml', '-i', 'inv', flag], pb, await localInventory(['n1', 'n2']));
    expect(r.code).toBe(0);
    for (const l of lines) expect(r.out.split('\n')).toContain(l);
  });
});
