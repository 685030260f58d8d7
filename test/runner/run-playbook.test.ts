import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskNode } from '../../src/playbook/types.js';
import { block, handler, taskOrder, localInventory, play, playbook, runTest, statuses, task, tempDir } from './helpers.js';

const H3 = ['n1', 'n2', 'n3'];

describe('runPlaybook: linear strategy and batches', () => {
  it('runs serial batches in order, each task over the whole batch before the next', async () => {
    const inv = await localInventory(H3);
    const pb = playbook(play([task('say', { msg: 'a' }, { name: 'A' }), task('say', { msg: 'b' }, { name: 'B' })], { serial: [1, 2] }));
    const r = await runTest(pb, inv);
    expect(taskOrder(r)).toEqual(['A:n1', 'B:n1', 'A:n2,n3', 'B:n2,n3']);
    expect(r.events.filter((e) => e.type === 'batch_start').map((e) => e.type === 'batch_start' && e.hosts)).toEqual([['n1'], ['n2', 'n3']]);
    expect(r.summary.exitCode).toBe(0);
  });

  it('takes a failed host out of the play and exits 2', async () => {
    const inv = await localInventory(H3);
    const pb = playbook(play([task('sh', { cmd: '[ {{ inventory_hostname }} != n2 ]' }, { name: 'check' }), task('say', { msg: 'x' }, { name: 'after' })]));
    const r = await runTest(pb, inv);
    expect(statuses(r, 'check')).toEqual(['n1:changed', 'n2:failed', 'n3:changed']);
    expect(statuses(r, 'after')).toEqual(['n1:ok', 'n3:ok']);
    expect(r.summary.hosts.n2).toMatchObject({ failed: 1, ok: 0 });
    expect(r.summary.exitCode).toBe(2);
  });

  it.each([
    ['any_errors_fatal', { anyErrorsFatal: true }],
    ['max_fail_percentage', { maxFailPercentage: 20 }],
  ])('%s stops the play for every host, and the run', async (_n, extra) => {
    const inv = await localInventory(H3);
    const pb = playbook(
      play([task('sh', { cmd: '[ {{ inventory_hostname }} != n2 ]' }, { name: 'check' }), task('say', { msg: 'x' }, { name: 'after' })], extra),
      play([task('say', { msg: 'x' }, { name: 'next play' })]),
    );
    const r = await runTest(pb, inv);
    expect(statuses(r, 'after')).toEqual([]);
    expect(statuses(r, 'next play')).toEqual([]);
  });

  it('stops starting tasks once the signal aborts and reports interrupted (exit 99)', async () => {
    const inv = await localInventory(['n1']);
    const ac = new AbortController();
    const pb = playbook(play([task('sh', { cmd: 'sleep 0.2' }, { name: 'slow' }), task('say', { msg: 'x' }, { name: 'next' })]));
    setTimeout(() => ac.abort(), 50);
    const r = await runTest(pb, inv, { signal: ac.signal });
    expect(statuses(r, 'slow')).toEqual(['n1:changed']);
    expect(statuses(r, 'next')).toEqual([]);
    expect(r.events.at(-1)).toMatchObject({ type: 'recap', interrupted: true });
    expect(r.summary.exitCode).toBe(99);
  });
});

describe('runPlaybook: handlers', () => {
  it('runs notified handlers once per batch, in definition order, only on notifying hosts; flush_handlers runs them early', async () => {
    const inv = await localInventory(H3);
    const pb = playbook(play([
      task('sh', { cmd: 'true' }, { name: 'change', notify: ['second', 'topic'], when: ['inventory_hostname != "n3"'] }),
      task('sh', { cmd: 'true' }, { name: 'change again', notify: ['second'], when: ['inventory_hostname != "n3"'] }),
      task('meta', { free_form: 'flush_handlers' }),
      task('say', { msg: 'x' }, { name: 'after flush' }),
    ], {
      serial: [2],
      handlers: [handler('first', 'say', { msg: 1 }, ['topic']), handler('second', 'say', { msg: 2 })],
    }));
    const r = await runTest(pb, inv);
    expect(taskOrder(r)).toEqual(['change:n1,n2', 'change again:n1,n2', 'first:n1,n2', 'second:n1,n2', 'after flush:n1,n2', 'change:n3', 'change again:n3', 'after flush:n3']);
  });
});

describe('runPlaybook: blocks', () => {
  it('rescues a failed host, always runs, and counts rescued instead of failed', async () => {
    const inv = await localInventory(['n1', 'n2']);
    const pb = playbook(play([
      block([task('sh', { cmd: '[ {{ inventory_hostname }} = n1 ]' }, { name: 'try' }), task('say', { msg: 1 }, { name: 'rest of block' })], {
        rescue: [task('say', { msg: 'r' }, { name: 'rescue' })],
        always: [task('say', { msg: 'a' }, { name: 'always' })],
      }),
      task('say', { msg: 'x' }, { name: 'after' }),
    ]));
    const r = await runTest(pb, inv);
    expect(statuses(r, 'rest of block')).toEqual(['n1:ok']);
    expect(statuses(r, 'rescue')).toEqual(['n2:ok']);
    expect(statuses(r, 'always')).toEqual(['n1:ok', 'n2:ok']);
    expect(statuses(r, 'after')).toEqual(['n1:ok', 'n2:ok']);
    expect(r.summary.hosts.n2).toMatchObject({ failed: 0, rescued: 1 });
    expect(r.summary.exitCode).toBe(0);
  });

  it('runs always for a host that failed without rescue, and the host still leaves the play', async () => {
    const inv = await localInventory(['n1']);
    const pb = playbook(play([block([task('sh', { cmd: 'false' }, { name: 'boom' })], { always: [task('say', { msg: 'a' }, { name: 'always' })] }), task('say', { msg: 1 }, { name: 'after' })]));
    const r = await runTest(pb, inv);
    expect(statuses(r, 'always')).toEqual(['n1:ok']);
    expect(statuses(r, 'after')).toEqual([]);
    expect(r.summary.exitCode).toBe(2);
  });
});

describe('runPlaybook: loops, register, conditions', () => {
  it('loops with when per item and registers results', async () => {
    const inv = await localInventory(['n1']);
    const pb = playbook(play([
      task('sh', { cmd: 'echo {{ item }}' }, { name: 'loop', loop: [1, 2, 3], when: ['item != 2'], register: 'out' }),
      task('say', { msg: '{{ out.results.length }}' }, { name: 'count', when: ['out.results[1].skipped', 'out.results[2].stdout == "3"'] }),
    ]));
    const r = await runTest(pb, inv);
    const res = r.results[0].result as { results: Record<string, unknown>[] };
    expect(res.results.map((x) => x.stdout ?? 'skip')).toEqual(['1', 'skip', '3']);
    expect(statuses(r, 'count')).toEqual(['n1:ok']);
  });

  it.each<[string, Partial<TaskNode>, string, string, boolean]>([
    ['changed_when false turns changed into ok', { changedWhen: ['false'] }, 'true', 'ok', true],
    ['failed_when on output fails a success', { failedWhen: ['"bad" in r.stdout'] }, 'echo bad', 'failed', false],
    ['failed_when false accepts a failure', { failedWhen: ['r.rc == 7'] }, 'exit 3', 'ok', true],
    ['ignore_errors keeps going', { ignoreErrors: true }, 'false', 'failed', true],
  ])('%s', async (_n, extra, cmd, status, continues) => {
    const inv = await localInventory(['n1']);
    const r = await runTest(playbook(play([task('sh', { cmd }, { name: 't', register: 'r', ...extra }), task('say', { msg: 1 }, { name: 'next' })])), inv);
    expect(statuses(r, 't')).toEqual([`n1:${status}`]);
    expect(statuses(r, 'next')).toEqual(continues ? ['n1:ok'] : []);
  });

  it('retries until the condition holds, recording attempts', async () => {
    const dir = tempDir();
    const inv = await localInventory(['n1']);
    const cmd = `echo x >> ${dir}/n; wc -l < ${dir}/n`;
    const r = await runTest(playbook(play([task('sh', { cmd }, { name: 'u', register: 'c', until: 'c.stdout == "3"', retries: 5, delay: 0 })])), inv);
    expect(r.results[0]).toMatchObject({ status: 'changed', result: { attempts: 3 } });
  });

  it('delegate_to runs on the delegate with the task host vars; run_once runs on the first host and registers on all', async () => {
    const dir = tempDir();
    const inv = await localInventory(['n1', 'n2'], '[nodes:vars]\nmark=m');
    const pb = playbook(play([
      task('sh', { cmd: `echo {{ inventory_hostname }} >> ${dir}/log` }, { name: 'd', delegateTo: 'localhost' }),
      task('sh', { cmd: 'echo once' }, { name: 'once', runOnce: true, register: 'o' }),
      task('say', { msg: '{{ o.stdout }}' }, { name: 'check', when: ['o.stdout == "once"'] }),
    ]));
    const r = await runTest(pb, inv);
    expect(readFileSync(join(dir, 'log'), 'utf8').split('\n').sort()).toEqual(['', 'n1', 'n2']);
    expect(r.results.filter((x) => x.task === 'd').every((x) => x.delegatedTo === 'localhost')).toBe(true);
    expect(statuses(r, 'once')).toEqual(['n1:changed']);
    expect(statuses(r, 'check')).toEqual(['n1:ok', 'n2:ok']);
  });

  it.each([
    ['delegate_facts sends the facts to the delegate', true, ['n1:ok', 'n2:skipped']],
    ['without it they stay on the task host', false, ['n1:skipped', 'n2:ok']],
  ])('%s', async (_n, delegateFacts, expected) => {
    const inv = await localInventory(['n1', 'n2']);
    const pb = playbook(play([
      task('set_fact', { c: 'set' }, { name: 'fact', delegateTo: 'n1', delegateFacts, when: ['inventory_hostname == "n2"'] }),
      task('say', { msg: 'has it' }, { name: 'check', when: ['c is defined'] }),
    ]));
    const r = await runTest(pb, inv);
    expect(statuses(r, 'check')).toEqual(expected);
  });

  it('fails a task on an undefined variable, naming the variable, the task and file:line', async () => {
    const inv = await localInventory(['n1']);
    const r = await runTest(playbook(play([task('say', { msg: '{{ nope }}' }, { name: 'use it', loc: { file: '/pb/site.yml', line: 12, col: 7 } })])), inv);
    expect(r.results[0].status).toBe('failed');
    expect(r.results[0].msg).toMatch(/task 'use it' \(\/pb\/site\.yml:12\).*undefined variable 'nope'/);
  });
});

describe('runPlaybook: variables', () => {
  it('applies precedence: inventory < play < block/task < set_fact < extra vars', async () => {
    const inv = await localInventory(['n1'], '[nodes:vars]\na=inv\nb=inv\nc=inv\nd=inv');
    const pb = playbook(play([
      task('set_fact', { c: 'fact', d: 'fact' }),
      block([task('say', { msg: '{{ a }}-{{ b }}-{{ c }}-{{ d }}' }, { name: 'show', register: 'shown', vars: { b: 'task', c: 'task' } })]),
      task('say', { msg: 1 }, { name: 'assert', when: ['a == "play" and b == "play"'] }),
    ], { vars: { a: 'play', b: 'play' } }));
    const r = await runTest(pb, inv, { extraVars: { d: 'extra' }, findModule: (n) => (n === 'say' ? echoModule : testModulesOf(n)) });
    expect(r.results.find((x) => x.task === 'show')?.msg).toBe('said');
    expect(r.results.find((x) => x.task === 'show')?.result.said).toBe('play-task-fact-extra');
    expect(statuses(r, 'assert')).toEqual(['n1:ok']);
  });

  it('renders variables lazily and gives magic variables', async () => {
    const inv = await localInventory(['n1.example', 'n2']);
    const pb = playbook(play([task('say', { msg: '{{ greeting }} {{ inventory_hostname_short }} {{ ansible_play_hosts.length }} {{ hostvars.n2.inventory_hostname }}' }, { name: 'm' })], { vars: { greeting: 'hi {{ who }}', who: 'there' } }));
    const r = await runTest(pb, inv, { findModule: (n) => (n === 'say' ? echoModule : undefined), limit: 'n1.example' });
    expect(r.results.map((x) => x.result.said)).toEqual(['hi there n1 1 n2']);
  });

  it("renders a template read through hostvars with that host's variables, as Ansible does", async () => {
    const inv = await localInventory(['n1', 'n2'], [
      '[nodes:vars]', 'carbon_home="/opt/{{ product }}-{{ inventory_hostname }}"', 'truststore="{{ carbon_home }}/client-truststore.jks"',
      '[n2:vars]', 'product=ei',
    ].join('\n').replace('[n2:vars]', '[g2]\nn2\n[g2:vars]'));
    const pb = playbook(play([task('say', { msg: "{{ hostvars.n2.truststore }} {{ hostvars['n2']['carbon_home'] }}" }, { name: 'm' })], { hosts: 'n1', vars: {} }));
    const r = await runTest(pb, inv, { findModule: (n) => (n === 'say' ? echoModule : undefined), extraVars: {} });
    // n1 has no `product`: rendering n2's values in n1's scope would fail or say n1.
    expect(r.results.map((x) => [x.status, x.result.said])).toEqual([['ok', '/opt/ei-n2/client-truststore.jks /opt/ei-n2']]);
  });
});

describe('runPlaybook: selection and modes', () => {
  const tagged = () =>
    playbook(play([
      task('say', { msg: 1 }, { name: 'a', tags: ['web'] }),
      task('say', { msg: 1 }, { name: 'b', tags: ['db'] }),
      task('say', { msg: 1 }, { name: 'c', tags: ['always'] }),
      task('say', { msg: 1 }, { name: 'd', tags: ['never', 'debug'] }),
      block([task('say', { msg: 1 }, { name: 'e' })], { tags: ['web'] }),
    ]));
  it.each([
    [{}, ['a', 'b', 'c', 'e']],
    [{ tags: ['web'] }, ['a', 'c', 'e']],
    [{ skipTags: ['web'] }, ['b', 'c']],
    [{ tags: ['debug'] }, ['c', 'd']],
    [{ startAtTask: 'b' }, ['b', 'c', 'e']],
  ])('tags and start-at-task %j', async (opts, names) => {
    const r = await runTest(tagged(), await localInventory(['n1']), opts);
    expect(r.results.map((x) => x.task)).toEqual(names);
  });

  it('check mode changes nothing and reports what would change', async () => {
    const dir = tempDir();
    const r = await runTest(playbook(play([task('put', { dest: `${dir}/f`, content: 'x' }, { name: 'w' }), task('sh', { cmd: `touch ${dir}/g` }, { name: 's' })])), await localInventory(['n1']), { check: true });
    expect(statuses(r, 'w')).toEqual(['n1:changed']);
    expect(statuses(r, 's')).toEqual(['n1:skipped']);
    expect(existsSync(`${dir}/f`) || existsSync(`${dir}/g`)).toBe(false);
  });
});

import { defineModule } from '../../src/modules/types.js';
import { findModule } from '../../src/modules/index.js';
import { testModules } from './helpers.js';
const testModulesOf = (n: string) => testModules[n];
/** Returns its rendered msg as `said`, to observe what a task saw. */
const echoModule = defineModule<{ msg: unknown }, undefined, undefined>({
  name: 'say', description: '', schema: { args: { msg: { type: 'raw', description: '' } } },
  async read() { return undefined; },
  plan: (a) => ({ kind: 'noop', reason: 'said', data: { said: a.msg } }),
  async apply() { return { status: 'ok' }; },
});

describe('runPlaybook: fail limits', () => {
  it('stays below max_fail_percentage: the others go on', async () => {
    const r = await runTest(playbook(play([task('sh', { cmd: '[ {{ inventory_hostname }} != n2 ]' }, { name: 'check' }), task('say', { msg: 'x' }, { name: 'after' })], { maxFailPercentage: 50 })), await localInventory(H3));
    expect(statuses(r, 'after')).toEqual(['n1:ok', 'n3:ok']);
  });

  it('a host unreachable or failed in one play is out of the next play', async () => {
    const r = await runTest(playbook(play([task('sh', { cmd: '[ {{ inventory_hostname }} != n2 ]' }, { name: 'check' })]), play([task('say', { msg: 'x' }, { name: 'p2' })])), await localInventory(H3));
    expect(statuses(r, 'p2')).toEqual(['n1:ok', 'n3:ok']);
  });
});

describe('runPlaybook: roles', () => {
  it('role defaults lose to inventory, role vars beat play vars, and role_name/role_path are set', async () => {
    const role = { name: 'web', dir: '/pb/roles/web', defaults: { a: 'default', b: 'default' }, vars: { c: 'rolevar' }, params: {} };
    const inv = await localInventory(['n1'], '[nodes:vars]\na=inv');
    const body = block([task('say', { msg: '{{ a }} {{ b }} {{ c }} {{ role_name }} {{ role_path }}' }, { name: 'show', role })], { role });
    const r = await runTest(playbook(play([], { roles: [body], vars: { c: 'play' } })), inv, { findModule: (n) => (n === 'say' ? echoModule : undefined) });
    expect(r.results.map((x) => [x.task, x.result.said])).toEqual([['web : show', 'inv default rolevar web /pb/roles/web']]);
  });

  it('a role included by another sees the outer role defaults and vars, below its own', async () => {
    const outer = { name: 'das', dir: '/pb/roles/das', defaults: { ds_name: 'ANALYTICS', shared: 'outer' }, vars: { ds_pool: 50 }, params: {} };
    const inner = { name: 'datasources', dir: '/pb/roles/datasources', defaults: { shared: 'inner', name_wanted: 'none' }, vars: {}, params: {} };
    const inv = await localInventory(['h1']);
    const included = block([task('say', { msg: '{{ name_wanted }} {{ ds_pool }} {{ shared }}' }, { name: 'show', role: inner })], { role: inner, vars: { name_wanted: '{{ ds_name }}' } });
    const r = await runTest(playbook(play([], { roles: [block([included], { role: outer })] })), inv, { findModule: (n) => (n === 'say' ? echoModule : undefined) });
    expect(r.results.map((x) => [x.task, x.status, x.result.said])).toEqual([['datasources : show', 'ok', 'ANALYTICS 50 inner']]);
  });
});

describe('runPlaybook: task context', () => {
  it('renders task names with play vars and passes become settings (password from vars) to the module', async () => {
    let seen: unknown;
    const capture = defineModule({
      name: 'cap', description: '', schema: { args: {} },
      async read(_a, ctx) { seen = ctx.become; },
      plan: () => ({ kind: 'noop', reason: '' }),
      async apply() { return { status: 'ok' }; },
    });
    const inv = await localInventory(['n1'], '[nodes:vars]\nansible_become_password=s3cret-pw');
    const r = await runTest(playbook(play([task('cap', {}, { name: 'Install {{ product }}', become: true, becomeUser: 'wso2' })], { vars: { product: 'am' } })), inv, { findModule: () => capture });
    expect(r.results[0].task).toBe('Install am');
    expect(seen).toEqual({ method: undefined, user: 'wso2', password: 's3cret-pw' });
  });

  it('-K: the asked become password serves hosts whose variables give none, taken as typed, never shown', async () => {
    const seen = new Map<string, unknown>();
    // A careless module that puts the password in its message: the run must still not show it.
    const capture = defineModule<Record<string, never>, string | undefined, undefined>({
      name: 'cap', description: '', schema: { args: {} },
      async read(_a, ctx) { seen.set(ctx.host, ctx.become?.password); return ctx.become?.password; },
      plan: (_a, pw) => ({ kind: 'noop', reason: `became root with ${pw}` }),
      async apply() { return { status: 'ok' }; },
    });
    const inv = await localInventory(['n1', 'n2'], '[inv_pw]\nn2\n[inv_pw:vars]\nansible_become_password=from-inventory');
    // Braces in a typed password are characters, not a template.
    const typed = 'K-{{ not_a_var }}-pw';
    const r = await runTest(playbook(play([task('cap', {}, { name: 'become', become: true })])), inv, { findModule: () => capture, becomePassword: typed });
    expect(Object.fromEntries(seen)).toEqual({ n1: typed, n2: 'from-inventory' });
    expect(r.results.map((x) => x.status)).toEqual(['ok', 'ok']);
    expect(JSON.stringify(r.events)).not.toContain(typed);
    expect(JSON.stringify(r.events)).toContain('became root with ********');
  });
});

describe('runPlaybook: meta from a playbook file', () => {
  it('acts on `meta: X` as the loader normalizes it: clear_facts forgets the fact cache, end_play ends the play', async () => {
    const { loadPlaybook } = await import('../../src/playbook/load-playbook.js');
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yml'), [
      '- hosts: all', '  gather_facts: false', '  tasks:',
      '    - set_fact: { seen: s, cached: c, cacheable: true }', '    - meta: clear_facts',
      '    - name: after clear', "      debug: { msg: \"{{ seen }} {{ cached }} {{ ansible_facts.cached | default('gone') }}\" }",
      '    - meta: end_play', '    - name: never', '      debug: { msg: x }',
    ].join('\n') + '\n');
    const pb = await loadPlaybook(join(dir, 'site.yml'), { modules: findModule });
    const r = await runTest(pb, await localInventory(['n1']), { findModule });
    expect(r.results.map((x) => [x.task, x.result.msg])).toEqual([['set_fact', undefined], ['after clear', 's c gone']]);
  });
});

describe('runPlaybook: ansible_become from the inventory', () => {
  // Ansible 2.14 reads these as it reads every boolean (checked with `ansible -vvv`: sudo for on/t/yes/1/True, none for off).
  it('takes Ansible\'s boolean words: on/t/yes/1/True turn become on, off/no/0/f leave it off', async () => {
    const seen = new Map<string, boolean>();
    const capture = defineModule({
      name: 'cap', description: '', schema: { args: {} },
      async read(_a, ctx) { seen.set(ctx.host, ctx.become !== undefined); },
      plan: () => ({ kind: 'noop', reason: '' }),
      async apply() { return { status: 'ok' }; },
    });
    const words: [string, boolean][] = [['on', true], ['t', true], ['yes', true], ['1', true], ['True', true], ['off', false], ['no', false], ['0', false], ['f', false]];
    const hosts = words.map((_, i) => `h${i}`);
    const inv = await localInventory([], words.map(([w], i) => `${hosts[i]} ansible_connection=local ansible_become=${w}`).join('\n'));
    await runTest(playbook(play([task('cap', {}, { name: 'look' })])), inv, { findModule: () => capture });
    expect(words.map(([w], i) => [w, seen.get(hosts[i]!)])).toEqual(words);
  });
});

describe('runPlaybook: forks', () => {
  // A module that counts how many hosts are inside it at once.
  function gauge() {
    const g = { now: 0, max: 0 };
    const mod = defineModule<Record<string, never>, undefined, undefined>({
      name: 'gauge', description: 'concurrency probe', schema: { args: {} },
      async read() { return undefined; },
      plan: () => ({ kind: 'change', summary: 'wait', data: undefined }),
      async apply() {
        g.max = Math.max(g.max, ++g.now);
        await new Promise((r) => setTimeout(r, 20));
        g.now--;
        return { status: 'changed' };
      },
    });
    return { g, findModule: (n: string) => (n === 'gauge' ? mod : testModules[n]) };
  }

  it.each([[1, 1], [3, 3], [10, 7]])('-f %i runs at most %i of 7 hosts at once', async (forks, want) => {
    const inv = await localInventory(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']);
    const { g, findModule } = gauge();
    const r = await runTest(playbook(play([task('gauge', {}, { name: 'probe' })])), inv, { forks, findModule });
    expect(r.results.filter((x) => x.status === 'changed')).toHaveLength(7);
    expect(g.max).toBe(want);
  });
});

describe('runPlaybook: titles', () => {
  it('renders play names with play and extra vars, and shows the hosts pattern for an unnamed play', async () => {
    const inv = await localInventory(['n1']);
    const pb = playbook(
      play([task('say', {})], { name: 'deploy {{ product }} {{ version }}', vars: { product: 'ei' } }),
      play([task('say', {})], { name: '', hosts: 'nodes' }),
    );
    const r = await runTest(pb, inv, { extraVars: { version: '6.1.1' } });
    expect(r.events.filter((e) => e.type === 'play_start').map((e) => e.name)).toEqual(['deploy ei 6.1.1', 'nodes']);
  });

  it('renders a role task name with the role defaults', async () => {
    const role = { name: 'web', dir: '/pb/roles/web', defaults: { port: 9443 }, vars: {}, params: { port: 9444 } };
    const inv = await localInventory(['n1']);
    const body = block([task('say', {}, { name: 'listen on {{ port }}', role })], { role });
    const r = await runTest(playbook(play([], { roles: [body] })), inv);
    expect(r.results.map((x) => x.task)).toEqual(['web : listen on 9444']);
  });
});

describe('runPlaybook: registered results', () => {
  it("keeps a module's typed msg: debug of a list registers a list", async () => {
    const inv = await localInventory(['n1']);
    const pb = playbook(play([
      task('debug', { msg: '{{ nums }}' }, { register: 'r' }),
      task('assert', { that: ['r.msg is sequence', 'r.msg is not string', 'r.msg[1] == 2'] }, { name: 'typed' }),
    ], { vars: { nums: [1, 2] } }));
    const r = await runTest(pb, inv, { findModule });
    expect(statuses(r, 'typed')).toEqual(['n1:ok']);
  });
});

describe('runPlaybook: a meta task with `when`', () => {
  // Ansible's linear strategy decides a meta task's condition once, on the batch's first running host.
  it.each([
    ['end_play whose condition holds ends the play', "v == 'a'", ['set_fact:n1', 'set_fact:n2']],
    // Holding on n2 alone: not on the first host, so the play goes on for every host, n2 included.
    ['end_play whose condition does not hold on the first host is passed over', "v == 'b'", ['after:n1', 'after:n2', 'set_fact:n1', 'set_fact:n2']],
  ])('%s', async (_name, when, ran) => {
    const { loadPlaybook } = await import('../../src/playbook/load-playbook.js');
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yml'), [
      '- hosts: all', '  gather_facts: false', '  tasks:',
      "    - set_fact: { v: \"{{ 'a' if inventory_hostname == 'n1' else 'b' }}\" }",
      '    - meta: end_play', `      when: "${when}"`,
      '    - name: after', '      debug: { msg: x }',
    ].join('\n') + '\n');
    const pb = await loadPlaybook(join(dir, 'site.yml'), { modules: findModule });
    const r = await runTest(pb, await localInventory(['n1', 'n2']), { findModule });
    expect(r.results.map((x) => `${x.task}:${x.host}`).sort()).toEqual(ran);
  });
});
