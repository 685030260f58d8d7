// Differential: `meta: clear_facts` empties the fact cache (gathered facts, a cacheable set_fact's `ansible_facts`
// entry) and keeps host variables (set_fact, register, include_vars), for the hosts of its batch; one run each.
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

const SHOW = `"{{ plain }} {{ cached }} {{ reg.stdout }} {{ included }} {{ ansible_facts.cached | default('UNDEF') }} {{ ansible_facts.os_family is defined }} {{ ansible_os_family is defined }}"`;

const SITE = `
- hosts: all
  gather_facts: false
  serial: 1
  tasks:
    - set_fact: { plain: p1 }
    - set_fact: { cached: c1, cacheable: true }
    - command: echo hi
      register: reg
    - include_vars: { file: more.yml }
    - setup: { gather_subset: min }
    - name: before
      debug: { msg: ${SHOW} }
    # With serial: 1 this runs in beta's batch only, and clears beta's fact cache, not alpha's (an earlier batch).
    - meta: clear_facts
      when: inventory_hostname == 'beta'
    - name: after
      debug: { msg: ${SHOW} }
- hosts: all
  gather_facts: false
  tasks:
    - name: next play
      debug: { msg: ${SHOW} }
`;

const INVENTORY = `alpha ansible_connection=local ansible_python_interpreter=/usr/bin/python3
beta ansible_connection=local ansible_python_interpreter=/usr/bin/python3
`;

// Hosts of one task finish in either order (the second play runs both at once): rows by task, then host.
const TASKS = ['before', 'after', 'next play'];
const table = (o: HostOutcome[]) =>
  o.filter((x) => TASKS.includes(x.task))
    .map((x) => [x.host, x.task, summarize(x.result, ['msg'])] as const)
    .sort((a, b) => TASKS.indexOf(a[1]) - TASKS.indexOf(b[1]) || a[0].localeCompare(b[0]));

describe.skipIf(!hasAnsible)('meta: clear_facts: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable('cp-diff-clear-facts-', { 'site.yml': SITE, 'more.yml': 'included: i1\n', inventory: INVENTORY }, ['site.yml', '-i', 'inventory']);

  it('shows the same variables before and after, host by host, and in the next play', () => {
    expect(run.ours.err).toBe('');
    expect(table(run.ours.outcomes)).toEqual(table(run.theirs.outcomes));
  });

  it("the batch's facts go, another batch's stay, and the host variables stay", () => {
    const msg = (host: string, t: string) => run.ours.outcomes.find((o) => o.host === host && o.task === t)?.result.msg;
    // alpha's batch passed the clear by and keeps its facts; beta's batch cleared beta's.
    expect([msg('alpha', 'next play'), msg('beta', 'after'), msg('beta', 'next play')]).toEqual(['p1 c1 hi i1 c1 True True', 'p1 c1 hi i1 UNDEF False False', 'p1 c1 hi i1 UNDEF False False']);
  });
});
