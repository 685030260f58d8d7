// Differential: strategy free, run by ansible-playbook and carbon-play on two local hosts (one run each): each host's
// tasks in order with their status and values, handlers per host, run_once running on every host (as Ansible warns).
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

const SITE = `
- hosts: all
  gather_facts: false
  strategy: free
  tasks:
    - name: slow on a, quick on b
      command: sleep {{ nap }}
    - name: set a fact
      set_fact: {who: "{{ inventory_hostname }}"}
    - name: notify on b only
      command: echo changed
      when: inventory_hostname == 'b'
      notify: said
    - name: run_once under free
      command: echo once
      run_once: true
    - name: fail on a
      fail: msg=stop
      when: inventory_hostname == 'a'
    - name: after the failure
      debug: var=who
  handlers:
    - name: said
      command: echo handler
`;

const FILES = {
  'site.yml': SITE,
  inventory: 'a ansible_connection=local ansible_python_interpreter=/usr/bin/python3 nap=1\nb ansible_connection=local ansible_python_interpreter=/usr/bin/python3 nap=0\n',
};

/** Per host, its tasks in order with status and values (free interleaves hosts differently in each tool). */
function perHost(o: HostOutcome[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const x of o) (out[x.host] ??= []).push([x.task, summarize(x.result, x.task === 'fail on a' ? ['msg'] : ['stdout', 'who'])]);
  return out;
}

describe.skipIf(!hasAnsible)('strategy free: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable('cp-diff-free-', FILES, ['site.yml', '-i', 'inventory']);

  it('each host runs the same tasks with the same results', () => {
    expect(perHost(run.ours.outcomes)).toEqual(perHost(run.theirs.outcomes));
  });

  it('b does not wait for a: it ends its tasks before a ends its first', () => {
    const order = run.ours.outcomes.map((o) => `${o.host} ${o.task}`);
    expect(order.indexOf('b after the failure')).toBeLessThan(order.indexOf('a slow on a, quick on b'));
  });

  it('counts the same recap', () => {
    const pick = (s: Record<string, Record<string, number>>) => Object.fromEntries(Object.entries(s).map(([h, v]) => [h, [v.ok, v.changed, v.failures ?? v.failed, v.skipped]]));
    expect(pick(run.ours.stats)).toEqual(pick(run.theirs.stats));
  });
});
