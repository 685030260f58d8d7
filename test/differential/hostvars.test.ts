// Differential: hostvars read from one host while another's set_fact and register change, its keys and order (the
// implicit localhost last), no play vars in it, facts delegated to the implicit localhost, and a task beside an
// unrelated broken `ansible_*` variable; run by ansible-playbook and carbon-play on two local hosts (one run).
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, summarize, type HostOutcome } from '../helpers/ansible-diff.js';

// `zeta` reads, `alpha` changes; every read is a debug msg on zeta alone.
const SITE = `
- hosts: all
  gather_facts: false
  vars: { pv: from-play }
  vars_files: [vf.yml]
  tasks:
    - name: read v before
      debug: msg="{{ hostvars.alpha.v | default('none') }} {{ hostvars.alpha.path }}"
      when: inventory_hostname == 'zeta'
    - name: set v and product on alpha
      set_fact: {v: set, product: ei}
      when: inventory_hostname == 'alpha'
    - name: read v after
      debug: msg="{{ hostvars.alpha.v }} {{ hostvars.alpha.path }} {{ hostvars['alpha']['inv'] }}"
      when: inventory_hostname == 'zeta'
    - name: set v again
      set_fact: {v: again}
      when: inventory_hostname == 'alpha'
    - name: register on alpha
      command: echo registered
      register: out
      when: inventory_hostname == 'alpha'
    - name: read again and the registered result
      debug: msg="{{ hostvars.alpha.v }} {{ hostvars.alpha.out.stdout }} {{ hostvars[inventory_hostname].out is defined }}"
      when: inventory_hostname == 'zeta'
    - name: keys in inventory order, then the implicit localhost
      debug: msg="{{ hostvars.keys() | join(',') }} {{ hostvars | dict2items | map(attribute='key') | join(',') }} {{ 'localhost' in hostvars }} {{ groups['all'] | join(',') }}"
      when: inventory_hostname == 'zeta'
    - name: no play vars or vars_files in hostvars
      debug: msg="{{ hostvars.alpha.pv | default('none') }} {{ hostvars[inventory_hostname].fv | default('none') }} {{ pv }} {{ fv }}"
      when: inventory_hostname == 'zeta'
    - name: a fact delegated to the implicit localhost
      set_fact: {shared: token-1}
      delegate_to: localhost
      delegate_facts: true
      run_once: true
    - name: the implicit localhost's variables
      debug: msg="{{ hostvars.localhost.shared }} {{ hostvars['localhost'].inventory_hostname }} {{ hostvars.localhost.group_names }} {{ hostvars.localhost.ansible_connection }} {{ hostvars.localhost.gv }} {{ hostvars.localhost.pv | default('none') }} {{ shared | default('not on zeta') }}"
      when: inventory_hostname == 'zeta'
    - name: undefined host
      debug: msg="{{ hostvars['nohost'] is defined }} {{ 'alpha' in hostvars }} {{ 'nohost' in hostvars }}"
      when: inventory_hostname == 'zeta'
- hosts: zeta
  gather_facts: false
  vars:
    ansible_unused_setting: "{{ not_defined_anywhere }}"
  tasks:
    - name: a command beside an unrelated broken ansible variable
      command: echo ran
`;

const INVENTORY = `zeta ansible_connection=local ansible_python_interpreter=/usr/bin/python3
alpha ansible_connection=local ansible_python_interpreter=/usr/bin/python3 inv=from-inventory path="/opt/{{ product | default('none') }}"
`;

const table = (o: HostOutcome[]) => o.filter((x) => x.host === 'zeta').map((x) => [x.task, summarize(x.result, ['msg', 'stdout'])]);

describe.skipIf(!hasAnsible)('hostvars: carbon-play and ansible-playbook agree', () => {
  const run = runBothPerTable('cp-diff-hostvars-', { 'site.yml': SITE, inventory: INVENTORY, 'vf.yml': 'fv: from-vars-file\n', 'group_vars/all.yml': 'gv: from-all\n' }, ['site.yml', '-i', 'inventory']);

  it('reads the same values on zeta, task after task', () => {
    expect(run.ours.err).toBe('');
    expect(table(run.ours.outcomes)).toEqual(table(run.theirs.outcomes));
  });

  it('the reads saw the changes (not all defaults)', () => {
    const msg = (t: string) => run.ours.outcomes.find((o) => o.host === 'zeta' && o.task === t)?.result.msg;
    expect([msg('read v before'), msg('read v after')]).toEqual(['none /opt/none', 'set /opt/ei from-inventory']);
    expect(msg('the implicit localhost\'s variables')).toBe("token-1 localhost [] local from-all none not on zeta");
  });
});
