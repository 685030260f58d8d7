// hostvars shared by a play's tasks: later facts of a host are seen on the next read, and nothing leaks between runs.
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/index.js';
import { defineModule, type AnyModule } from '../../src/modules/types.js';
import type { TaskNode } from '../../src/playbook/types.js';
import { localInventory, play, playbook, runTest, task, testModules } from './helpers.js';

/** Returns its rendered msg as `said`, to observe what a task saw. */
const say = defineModule<{ msg: unknown }, undefined, undefined>({
  name: 'say', description: '', schema: { args: { msg: { type: 'raw', description: '' } } },
  async read() { return undefined; },
  plan: (a) => ({ kind: 'noop', reason: 'said', data: { said: a.msg } }),
  async apply() { return { status: 'ok' }; },
});
const modules = (n: string): AnyModule | undefined => (n === 'say' ? say : findModule(n) ?? testModules[n]);
const on = (host: string, t: TaskNode): TaskNode => ({ ...t, when: [`inventory_hostname == '${host}'`] });
const read = (name: string, msg: string) => on('n1', task('say', { msg }, { name }));
const onN2 = (module: string, args: Record<string, unknown>, extra: Partial<TaskNode> = {}) => on('n2', task(module, args, extra));

/** Each case: n1 reads hostvars before and after something happens to n2 (tasks run in order over both hosts). */
const cases: [string, string, TaskNode[], string[]][] = [
  ['a fact set on n2 after n1 read hostvars.n2', '', [
    read('r1', "{{ hostvars.n2.v | default('none') }}"), onN2('set_fact', { v: 'set' }), read('r2', "{{ hostvars.n2.v | default('none') }}"),
  ], ['none', 'set']],
  ['a set_fact replacing an inventory value', 'v=inv', [
    read('r1', '{{ hostvars.n2.v }}'), onN2('set_fact', { v: 'fact' }), read('r2', '{{ hostvars.n2.v }}'), onN2('set_fact', { v: 'again' }), read('r3', '{{ hostvars.n2.v }}'),
  ], ['inv', 'fact', 'again']],
  ['a result registered on n2', '', [
    read('r1', '{{ hostvars.n2.out is defined }}'), onN2('say', { msg: 'hello' }, { register: 'out' }), read('r2', '{{ hostvars.n2.out.said }}'),
  ], ['false', 'hello']],
  ["a lazy value of n2 rendered with n2's later fact", 'path="/opt/{{ product | default(\'none\') }}"', [
    read('r1', '{{ hostvars.n2.path }}'), onN2('set_fact', { product: 'ei' }), read('r2', '{{ hostvars.n2.path }}'),
  ], ['/opt/none', '/opt/ei']],
  // clear_facts empties the fact cache (a cacheable fact's `ansible_facts` entry) and keeps set_fact's variables, as
  // Ansible does (test/differential/clear-facts.test.ts): the host's facts replaced by the runner are seen on the next read.
  ['meta: clear_facts is seen on the next read', 'v=inv', [
    onN2('set_fact', { v: 'fact', c: 'cached', cacheable: true }), read('r1', "{{ hostvars.n2.v }} {{ hostvars.n2.ansible_facts.c | default('none') }}"),
    task('meta', { free_form: 'clear_facts' }), read('r2', "{{ hostvars.n2.v }} {{ hostvars.n2.ansible_facts.c | default('none') }}"),
  ], ['fact cached', 'fact none']],
  ['hostvars and hostvars[inventory_hostname] after a fact of its own', '', [
    read('r1', "{{ hostvars[inventory_hostname].w | default('none') }}"), on('n1', task('set_fact', { w: 'mine' })), read('r2', '{{ hostvars[inventory_hostname].w }} {{ hostvars.n1.w }}'),
  ], ['none', 'mine mine']],
  ["a template updating hostvars.n2 does not change what the next task reads", 'v=inv', [
    read('w', "{% set _ = hostvars.n2.update({'v': 'written'}) %}{{ hostvars.n2.v }}"), read('r1', '{{ hostvars.n2.v }}'),
  ], ['inv']],
];

describe('hostvars across tasks', () => {
  it.each(cases)('%s', async (_name, n2vars, tasks, expected) => {
    const inv = await localInventory(['n1', 'n2'], n2vars ? `[g2]\nn2\n[g2:vars]\n${n2vars}` : '');
    const r = await runTest(playbook(play(tasks)), inv, { findModule: modules });
    const reads = r.results.filter((x) => x.host === 'n1' && /^r\d$/.test(x.task));
    expect(reads.map((x) => `${x.status === 'ok' ? '' : `${x.status}: `}${String(x.result.said)}`)).toEqual(expected);
  });

  it.each([
    // Ansible's implicit localhost comes last (test/differential/hostvars.test.ts).
    ['hostvars.keys() in inventory order', '{{ hostvars.keys() | list | join(",") }}', 'zeta,alpha,mid,localhost'],
    ['hostvars | dict2items in inventory order', '{{ hostvars | dict2items | map(attribute="key") | join(",") }}', 'zeta,alpha,mid,localhost'],
    ['an undefined host', "{{ hostvars['nohost'] is defined }} {{ 'nohost' in hostvars }} {{ 'mid' in hostvars }}", 'False False True'],
    ['each host its own inventory_hostname', '{{ hostvars | dict2items | map(attribute="value.inventory_hostname") | join(",") }}', 'zeta,alpha,mid,localhost'],
    ['the play\'s vars are not in hostvars, as in Ansible', "{{ hostvars.alpha.pv | default('none') }} {{ pv }}", 'none play'],
  ])('%s', async (_name, msg, said) => {
    const inv = await localInventory(['zeta', 'alpha', 'mid']);
    const r = await runTest(playbook(play([task('say', { msg }, { name: 'r' })], { hosts: 'alpha', vars: { pv: 'play' } })), inv, { findModule: modules });
    expect(r.results.map((x) => x.result.said)).toEqual([said]);
  });

  it("another host's broken template fails only a read of that value, not a walk over hostvars", async () => {
    const inv = await localInventory(['n1', 'n2'], '[g2]\nn2\n[g2:vars]\nbroken="{{ nope_undefined }}"');
    const tasks = [
      task('say', { msg: '{{ hostvars | dict2items | map(attribute="key") | join(",") }}' }, { name: 'r1' }),
      task('say', { msg: '{{ hostvars | dict2items | map(attribute="value.inventory_hostname") | join(",") }}' }, { name: 'r2' }),
      task('say', { msg: '{{ hostvars.n2.broken }}' }, { name: 'r3' }),
    ];
    const r = await runTest(playbook(play(tasks, { hosts: 'n1' })), inv, { findModule: modules });
    expect(r.results.map((x) => (x.status === 'ok' ? String(x.result.said) : `${x.status}: ${x.msg}`))).toEqual([
      'n1,n2,localhost', 'n1,n2,localhost', expect.stringMatching(/^failed: .*undefined variable 'nope_undefined'/),
    ]);
  });

  it('reading an undefined host fails the task naming it', async () => {
    const inv = await localInventory(['n1']);
    const r = await runTest(playbook(play([task('say', { msg: "{{ hostvars['nohost'].x }}" }, { name: 'r' })])), inv, { findModule: modules });
    expect(r.results.map((x) => x.status)).toEqual(['failed']);
    expect(r.results[0].msg).toContain("hostvars['nohost']");
  });

  it('a second run of the same playbook does not see the first run\'s facts', async () => {
    const inv = await localInventory(['n1', 'n2']);
    const pb = playbook(play([read('r1', "{{ hostvars.n2.v | default('none') }}"), onN2('set_fact', { v: 'set' }), read('r2', '{{ hostvars.n2.v }}')]));
    const saids = [];
    for (let i = 0; i < 2; i++) {
      const r = await runTest(pb, inv, { findModule: modules });
      saids.push(r.results.filter((x) => x.host === 'n1' && x.status !== 'skipped').map((x) => x.result.said));
    }
    expect(saids).toEqual([['none', 'set'], ['none', 'set']]);
  });

  it('is one object for every task and host of a play, and a host\'s view is rebuilt only when its facts change', async () => {
    const seen: { host: string; hostvars: Record<string, unknown>; n2: unknown }[] = [];
    const capture = defineModule({
      name: 'cap', description: '', schema: { args: {} },
      async read(_a, ctx) {
        const hostvars = ctx.vars.hostvars as Record<string, unknown>;
        seen.push({ host: ctx.host, hostvars, n2: hostvars.n2 });
      },
      plan: () => ({ kind: 'noop', reason: '' }),
      async apply() { return { status: 'ok' }; },
    });
    const inv = await localInventory(['n1', 'n2', 'n3']);
    const pb = playbook(play([task('cap', {}), task('cap', {}), onN2('set_fact', { v: 1 }), task('cap', {})]));
    await runTest(pb, inv, { findModule: (n) => (n === 'cap' ? capture : modules(n)) });
    expect(seen).toHaveLength(9);
    expect(new Set(seen.map((s) => s.hostvars)).size).toBe(1);
    // Six reads before the fact share one view of n2, three after share another.
    expect(new Set(seen.slice(0, 6).map((s) => s.n2)).size).toBe(1);
    expect(new Set(seen.slice(6).map((s) => s.n2)).size).toBe(1);
    expect(seen[6].n2).not.toBe(seen[0].n2);
    expect((seen[6].n2 as Record<string, unknown>).v).toBe(1);
  });
});
