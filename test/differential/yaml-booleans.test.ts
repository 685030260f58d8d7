// Differential: YAML's plain yes/no/on/off are booleans, as PyYAML (YAML 1.1) reads them for Ansible, wherever a
// value comes from (play vars, set_fact, group_vars, include_vars, -e); y/n and quoted words stay strings.
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

const SHOW = (names: string[]) => names.map((n) => `{{ ${n} }}/{{ ${n} is sameas true }}/{{ ${n} is sameas false }}`).join(' ');

const SITE = `
- hosts: all
  gather_facts: false
  vars:
    p_yes: yes
    p_off: Off
    p_ON: ON
    p_y: y
    p_quoted: 'no'
  tasks:
    - set_fact: { f_no: no, f_on: on, f_n: n }
    - include_vars: { file: more.yml }
    - name: play vars
      debug: { msg: "${SHOW(['p_yes', 'p_off', 'p_ON', 'p_y', 'p_quoted'])}" }
    - name: set_fact
      debug: { msg: "${SHOW(['f_no', 'f_on', 'f_n'])}" }
    - name: group_vars, include_vars, -e
      debug: { msg: "${SHOW(['g_yes', 'g_list[0]', 'g_list[1]', 'i_off', 'e_yes'])}" }
    - name: a when on a no value
      debug: { msg: ran }
      when: f_no
    - name: a when on a yes value
      debug: { msg: ran }
      when: p_yes
`;

const INVENTORY = 'alpha ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';

const table = (o: HostOutcome[]) => o.filter((x) => x.task !== 'set_fact' && x.task !== 'include_vars').map((x) => [x.task, summarize(x.result, ['msg'])]);

describe.skipIf(!hasAnsible)('YAML booleans: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable(
    'cp-diff-yaml-bool-',
    { 'site.yml': SITE, inventory: INVENTORY, 'group_vars/all.yml': 'g_yes: Yes\ng_list: [no, "yes"]\n', 'more.yml': 'i_off: off\n' },
    ['site.yml', '-i', 'inventory', '-e', '{e_yes: YES}'],
  );

  it('reads the same values, and the same conditions hold', () => {
    expect(run.ours.err).toBe('');
    expect(table(run.ours.outcomes)).toEqual(table(run.theirs.outcomes));
  });

  it('the words were booleans, not strings that print alike', () => {
    const msg = run.ours.outcomes.find((o) => o.task === 'play vars')?.result.msg;
    expect(msg).toBe('True/True/False False/False/True True/True/False y/False/False no/False/False');
  });
});
