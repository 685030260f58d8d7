// Differential: set_fact cacheable, pause without a terminal, become_flags for sudo and su, async with poll 0 and
// async_status, run by ansible-playbook and
// carbon-play on localhost (one run each); named tasks' status and values compared.
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

// Each `seen` task runs only when its condition holds in the tool that runs it: its status is the comparison.
const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - name: set_fact cacheable
      set_fact: {cached_one: 1, ansible_cached_two: two, cacheable: true}
    - name: set_fact plain
      set_fact: {plain_one: 3}
    - name: cacheable facts are gathered facts at once
      debug: msg=seen
      when: ansible_facts.cached_one == 1 and ansible_facts.cached_two == 'two' and ansible_facts.plain_one is undefined
    - name: pause prompt without a terminal
      pause: {prompt: Continue?}
    - name: pause with no arguments
      pause:
    - name: pause one second
      pause: {seconds: 1}
    - name: sudo default flags
      command: sh -c 'echo $HOME'
      become: true
      become_user: nobody
    - name: sudo flags replace the defaults
      command: sh -c 'echo $HOME'
      become: true
      become_user: nobody
      become_flags: -E -n
    - name: su flags
      command: id -un
      become: true
      become_method: su
      become_user: nobody
      become_flags: -s /bin/sh
    - name: loop with every item skipped
      command: echo {{ item }}
      loop: [1, 2]
      when: false
    - name: async job started
      shell: sleep 2; echo done
      async: 30
      poll: 0
      register: job
    - name: async_status at once
      async_status: jid={{ job.ansible_job_id }}
    - name: async_status until finished
      async_status: jid={{ job.ansible_job_id }}
      register: st
      until: st.finished
      retries: 20
      delay: 1
    - name: async_status cleanup
      async_status: jid={{ job.ansible_job_id }} mode=cleanup
    - name: async_status of no job
      async_status: jid=j1.1
      ignore_errors: true
    - name: async jobs in a loop
      command: echo {{ item }}
      loop: [a, b]
      async: 10
      poll: 0
      register: jobs
    - name: async loop jobs finish
      async_status: jid={{ item.ansible_job_id }}
      loop: "{{ jobs.results }}"
      register: loop_st
      until: loop_st.finished
      retries: 20
      delay: 1
- hosts: all
  gather_facts: false
  become_flags: -E -n
  tasks:
    - name: cacheable facts in a later play
      debug: msg=seen
      when: >-
        ansible_facts.cached_one == 1 and ansible_facts.cached_two == 'two' and ansible_facts.plain_one is undefined
        and cached_one == 1 and ansible_cached_two == 'two' and plain_one == 3
        and hostvars[inventory_hostname].ansible_facts.cached_one == 1
    - name: play become_flags
      command: sh -c 'echo $HOME'
      become: true
      become_user: nobody
`;

const FILES = { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };

const KEYS: Record<string, string[]> = {
  'pause prompt without a terminal': ['user_input', 'rc', 'echo', 'delta', 'stdout'],
  'pause with no arguments': ['user_input', 'rc', 'echo', 'delta', 'stdout'],
  // stdout says the measured time ("Paused for 1.0 seconds" or 1.01): not compared.
  'pause one second': ['user_input', 'rc', 'delta'],
  // Job ids are random and the number of until attempts depends on timing: neither is compared.
  'loop with every item skipped': ['msg', 'skip_reason'],
  'async job started': ['started', 'finished'],
  'async_status at once': ['started', 'finished', 'stdout'],
  'async_status until finished': ['started', 'finished', 'stdout', 'rc', 'cmd'],
  'async_status cleanup': ['started', 'finished'],
  'async_status of no job': ['started', 'finished', 'msg'],
  'async jobs in a loop': ['started', 'finished', 'item'],
  'async loop jobs finish': ['started', 'finished', 'stdout'],
};
const table = (o: HostOutcome[]) => o.map((x) => [x.task, summarize(x.result, KEYS[x.task] ?? ['stdout', 'rc'])]);

describe.skipIf(!hasAnsible)('play keywords: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable('cp-diff-keywords-', FILES, ['site.yml', '-i', 'inventory']);

  it('runs the same tasks with the same status and values', () => {
    expect(run.ours.err).toBe('');
    expect(table(run.ours.outcomes)).toEqual(table(run.theirs.outcomes));
  });

  it('counts the same recap (an ignored failure is ok and ignored)', () => {
    const pick = (s: Record<string, number> | undefined) => ({ ok: s?.ok, changed: s?.changed, failures: s?.failures ?? s?.failed, skipped: s?.skipped, ignored: s?.ignored });
    expect(pick(run.ours.stats.localhost)).toEqual(pick(run.theirs.stats.localhost));
  });

  it('the conditions held (not skipped in both)', () => {
    const seen = run.ours.outcomes.filter((o) => o.task.startsWith('cacheable facts'));
    expect(seen.map((o) => o.result.skipped ?? false)).toEqual([false, false]);
  });
});
