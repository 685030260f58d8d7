// Differential: what a rescue block sees of the failure (ansible_failed_result, ansible_failed_task), ansible-playbook vs carbon-play.
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, type HostOutcome } from '../helpers/ansible-diff.js';

// Each case is a block whose rescue shows both variables; `shown` names the debug task that shows them.
const CASES: [string, string][] = [
  ['command fails', '- {name: boom, command: "false", register: out, tags: [t1]}'],
  ['fail with args', '- {name: says no, fail: {msg: nope}, when: "1 == 1"}'],
  ['loop item fails', '- {name: loops, command: "test {{ item }} = 1", loop: [1, 2]}'],
  ['failed_when', '- {name: judged, command: "echo hi", register: out, failed_when: "\'hi\' in out.stdout", changed_when: false}'],
  ['unnamed', '- fail: msg=anonymous'],
  ['inner block without rescue', '- block:\n            - {name: inner, fail: {msg: deep}}\n          always:\n            - debug: msg=always'],
];

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
${CASES.map(([name, body]) => `    - block:
        ${body}
      rescue:
        - {name: "result ${name}", debug: var=ansible_failed_result}
        - {name: "task ${name}", debug: var=ansible_failed_task}`).join('\n')}
    - {name: after the rescues, debug: var=ansible_failed_result.msg}
    - block:
        - {name: ignored, fail: {msg: ignored}, ignore_errors: true}
        - {name: not set by an ignored failure, debug: var=ansible_failed_result.msg}
`;

const FILES = { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };

/** Registered keys compared (times and `invocation` are Ansible's alone), per loop item too. */
const RESULT_KEYS = ['failed', 'changed', 'msg', 'rc', 'cmd', 'stdout', 'stderr', 'failed_when_result', 'item'];
const TASK_KEYS = ['name', 'action', 'args', 'register', 'tags', 'when', 'loop', 'ignore_errors', 'become', 'become_user', 'delegate_to', 'no_log', 'changed_when', 'failed_when', 'until', 'retries', 'delay', 'run_once', 'notify', 'check_mode', 'diff', 'async', 'poll', 'vars'];

function pick(v: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out = Object.fromEntries(keys.filter((k) => v[k] !== undefined).map((k) => [k, v[k]]));
  if (Array.isArray(v.results)) out.results = (v.results as Record<string, unknown>[]).map((r) => pick(r, keys));
  return out;
}

/** Ansible's own bookkeeping (`_ansible_no_log`) is left out of the arguments. */
function ownArgs(task: Record<string, unknown>): Record<string, unknown> {
  const args = task.args as Record<string, unknown>;
  return { ...task, args: Object.fromEntries(Object.entries(args).filter(([k]) => !k.startsWith('_ansible_'))) };
}

function shown(o: HostOutcome[], task: string): Record<string, unknown> {
  const r = o.find((x) => x.task === task)?.result;
  if (!r) throw new Error(`no result for ${task}`);
  return r;
}

describe.skipIf(!hasAnsible)('rescue variables: carbon-play and ansible-playbook agree', () => {
  const t = runBothPerTable('cp-diff-rescue-', FILES, ['site.yml', '-i', 'inventory']);

  it.each(CASES.map(([name]) => name))('ansible_failed_result of %s', (name) => {
    const get = (o: HostOutcome[]) => pick(shown(o, `result ${name}`).ansible_failed_result as Record<string, unknown>, RESULT_KEYS);
    expect(get(t.ours.outcomes)).toEqual(get(t.theirs.outcomes));
  });

  it.each(CASES.map(([name]) => name))('ansible_failed_task of %s', (name) => {
    const get = (o: HostOutcome[]) => pick(ownArgs(shown(o, `task ${name}`).ansible_failed_task as Record<string, unknown>), TASK_KEYS);
    const ours = get(t.ours.outcomes);
    expect(ours).toEqual(get(t.theirs.outcomes));
    expect(Object.keys(ours)).toEqual(expect.arrayContaining(['name', 'action', 'args']));
  });

  it('the variables stay after the rescue and an ignored failure does not set them', () => {
    for (const task of ['after the rescues', 'not set by an ignored failure']) {
      const get = (o: HostOutcome[]) => shown(o, task)['ansible_failed_result.msg'];
      expect(get(t.ours.outcomes)).toEqual(get(t.theirs.outcomes));
    }
    expect(shown(t.ours.outcomes, 'after the rescues')['ansible_failed_result.msg']).toBe('deep');
  });

  it('the rescues count as rescued in the recap', () => {
    const pick = (s: Record<string, number> = {}) => [s.ok, s.changed, s.rescued, s.ignored, s.skipped];
    expect(pick(t.ours.stats.localhost)).toEqual(pick(t.theirs.stats.localhost));
  });
});
