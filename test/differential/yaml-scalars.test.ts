// Differential: YAML 1.1's plain numbers as PyYAML reads them for Ansible (0755 octal, 0x1F, 0b101, 1_000, 1:20, floats
// that need a dot; 09 and 1e3 text), wherever a value comes from; and an unquoted `mode: 0750` gives the same file mode.
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

const SCALARS = { oct: '0755', hex: '0x1F', bin: '0b101', under: '1_000', sexa: '1:20', dec: '09', exp: '1e3', fl: '1.5', sfl: '2.5e-1', neg: '-0644', zero: '00' };
// Text or a whole number or neither (type_debug names Ansible's own string class, AnsibleUnicode).
const SHOW = (prefix: string) => Object.keys(SCALARS).map((k) => `{{ ${prefix}${k} }}/{{ ${prefix}${k} is string }}/{{ ${prefix}${k} is integer }}`).join(' ');
const varsText = (prefix: string, indent = '') => Object.entries(SCALARS).map(([k, v]) => `${indent}${prefix}${k}: ${v}`).join('\n') + '\n';

const SITE = `
- hosts: all
  gather_facts: false
  vars:
${varsText('p_', '    ')}    file_mode: 0640
    templated_mode: 0600
  vars_files: [vf.yml]
  tasks:
    - include_vars: { file: iv.yml }
    - name: play vars
      debug: { msg: "${SHOW('p_')}" }
    - name: group_vars
      debug: { msg: "${SHOW('g_')}" }
    - name: vars_files
      debug: { msg: "${SHOW('f_')}" }
    - name: include_vars
      debug: { msg: "${SHOW('i_')}" }
    - name: extra vars file
      debug: { msg: "${SHOW('e_')}" }
    - name: a directory with an unquoted octal mode
      file: { path: "{{ dir }}/d", state: directory, mode: 0750 }
    - name: a file with an unquoted octal mode
      copy: { dest: "{{ dir }}/f", content: "x\\n", mode: 0644 }
    - name: a mode from a variable
      file: { path: "{{ dir }}/t", state: touch, mode: "{{ templated_mode }}" }
    - name: modes on disk
      stat: { path: "{{ dir }}/{{ item }}" }
      loop: [d, f, t]
`;

const INVENTORY = 'alpha ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';
const table = (o: HostOutcome[]) => o.filter((x) => x.task !== 'include_vars').map((x) => {
  const r = x.task === 'modes on disk' ? { ...x.result, results: (x.result.results as Array<{ stat: { mode: string } }>).map((i) => ({ mode: i.stat.mode })) } : x.result;
  return [x.task, summarize(r, ['msg', 'mode'])];
});

describe.skipIf(!hasAnsible)('YAML 1.1 numbers: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable(
    'cp-diff-yaml-num-',
    { 'site.yml': SITE, inventory: INVENTORY, 'group_vars/all.yml': varsText('g_'), 'vf.yml': varsText('f_'), 'iv.yml': varsText('i_'), 'extra.yml': varsText('e_') },
    (dir, side) => ['site.yml', '-i', 'inventory', '-e', '@extra.yml', '-e', `dir=${dir}/out-${side}`],
  );

  it('reads the same values and types, and sets the same modes', () => {
    expect(run.ours.err).toBe('');
    expect(table(run.ours.outcomes)).toEqual(table(run.theirs.outcomes));
  });

  it('the numbers were numbers: 0755 is 493, 1:20 is 80; 09 and 1e3 are text', () => {
    const msg = run.ours.outcomes.find((o) => o.task === 'play vars')?.result.msg;
    expect(msg).toBe('493/False/True 31/False/True 5/False/True 1000/False/True 80/False/True 09/True/False 1e3/True/False 1.5/False/False 0.25/False/False -420/False/True 0/False/True');
    const modes = run.ours.outcomes.find((o) => o.task === 'modes on disk')?.result.results as Array<{ stat: { mode: string } }>;
    expect(modes.map((m) => m.stat.mode)).toEqual(['0750', '0644', '0600']);
  });
});
