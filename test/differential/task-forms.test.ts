// Differential: key=value arguments, action/local_action, FQCNs, with_* loops, loop_control and every include form,
// run by ansible-playbook and by carbon-play on localhost (one run each); named tasks' status, items and values compared.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/run-cli.js';
import { hasAnsible, runAnsible, runCarbon, summarize, writeFiles, type HostOutcome } from '../helpers/ansible-diff.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const execFileP = promisify(execFile);

const SITE = `
- hosts: all
  gather_facts: false
  vars:
    users:
      - {name: a, keys: [k1, k2]}
      - {name: b, keys: [k3]}
      - {name: c}
    d: {x: 1, y: two}
  tasks:
    - name: kv directory
      file: path={{ dir }}/kv state=directory mode=0750
    - name: kv quoted content
      copy: dest={{ dir }}/kv/q.txt content="a b=c"
    - name: kv escaped content
      copy: dest={{ dir }}/kv/e.txt content="tab\\there"
    - name: command inline creates skips
      command: echo ran creates={{ dir }}
    - name: command inline removes runs
      command: echo ran removes={{ dir }}
    - name: command keeps other key=value words
      command: echo a=b  c
    - name: shell inline chdir
      shell: pwd > where.txt chdir={{ dir }}/kv
    - name: action string form
      action: copy dest={{ dir }}/act.txt content=hello
    - name: action mapping form
      action:
        module: file
        path: "{{ dir }}/actdir"
        state: directory
    - name: local_action form
      local_action: command echo local
    - name: fqcn module
      ansible.builtin.command: echo fq
    - name: with_items flattens one level
      debug: var=item
      with_items: [[1, [2]], 3]
    - name: with_list
      debug: var=item
      with_list: [[1, 2], 3]
    - name: with_dict
      debug: var=item
      with_dict: "{{ d }}"
    - name: with_nested
      debug: var=item
      with_nested: [[a, b], [1, 2]]
    - name: with_together
      debug: var=item
      with_together: [[a, b, c], [1, 2]]
    - name: with_subelements
      debug: var=item
      with_subelements: ["{{ users }}", keys, {skip_missing: true}]
    - name: with_indexed_items
      debug: var=item
      with_indexed_items: [x, y]
    - name: with_sequence kv
      debug: var=item
      with_sequence: start=1 end=5 stride=2 format=n%02d
    - name: with_sequence count
      debug: var=item
      with_sequence: count=2
    - name: with_sequence short form
      debug: var=item
      with_sequence: 4-6
    - name: with_fileglob
      debug: var=item
      with_fileglob: "{{ dir }}/kv/*.txt"
    - name: with_first_found
      debug: var=item
      with_first_found: ["{{ dir }}/missing.yml", "{{ dir }}/act.txt"]
    - name: loop_control index_var and loop_var
      debug: var=idx
      loop: [a, b]
      loop_control: {index_var: idx, loop_var: it}
    - name: loop_control extended
      debug: var=item
      loop: [a, b, c]
      loop_control: {extended: true}
      when: ansible_loop.revindex == 2 and ansible_loop.previtem == 'a' and ansible_loop.nextitem == 'c' and ansible_loop.allitems[2] == 'c'
    - ansible.builtin.include_tasks: inc/looped.yml
      loop: [p, q]
      loop_control: {loop_var: part}
    - ansible.builtin.import_tasks: inc/plain.yml
    - include: inc/legacy.yml leg=L1
    - include_tasks: inc/plain.yml
      when: false
    - ansible.builtin.include_role:
        name: r
        tasks_from: other
        vars_from: alt
    - ansible.builtin.import_role:
        name: r
        defaults_from: more

- hosts: all
  gather_facts: false
  vars_files:
    - [missing-vars.yml, vars/found.yml]
  environment:
    PLAY_ENV: from-play
  module_defaults:
    ansible.builtin.file: {mode: '0640'}
  order: reverse_sorted
  tasks:
    - name: environment from play and task
      shell: echo "$PLAY_ENV $TASK_ENV"
      environment:
        TASK_ENV: from-task
    - name: module_defaults give the mode
      file: path={{ dir }}/md.txt state=touch
    - name: check_mode on one task
      copy: dest={{ dir }}/never.txt content=x
      check_mode: true
    - name: vars_files first found
      debug: var=found_value
    - name: throttled
      command: echo t
      throttle: 1
    - name: templated include
      include_tasks: "inc/{{ which }}.yml"
      vars: {which: legacy}
      when: true
    - block:
        - name: block environment
          shell: echo "$BLOCK_ENV"
      environment: {BLOCK_ENV: from-block}
`;

const FILES: Record<string, string> = {
  'site.yml': SITE,
  'inventory': 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
  'inc/looped.yml': '- name: looped include task\n  copy: dest={{ dir }}/inc-{{ part }}.txt content={{ part }}\n- include_tasks: nested.yml\n',
  'inc/nested.yml': '- name: nested include beside its includer\n  debug: var=part\n',
  'inc/plain.yml': '- name: plain imported task\n  debug: msg=plain\n',
  'inc/legacy.yml': '- name: legacy include task\n  debug: var=leg\n',
  'roles/r/tasks/main.yml': '- name: role main task\n  debug: var=rd\n',
  'roles/r/tasks/other.yml': '- name: role other task\n  copy: dest={{ dir }}/role-{{ rv }}.txt content={{ rv }}\n- include_tasks: common/shared.yml\n',
  'roles/r/vars/alt.yml': 'rv: alt\n',
  'roles/r/defaults/main.yml': 'rd: main\n',
  'roles/r/defaults/more.yml': 'rd: more\n',
  'vars/found.yml': 'found_value: second-choice\n',
  'common/shared.yml': '- name: shared task found in the playbook folder\n  debug: msg=shared\n',
};

const KEYS = ['item', 'it', 'idx', 'rd', 'which', 'rv', 'leg', 'part', 'stdout', 'rc'];

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

const named = (o: HostOutcome[]) => o.filter((x) => !/^(include_tasks|include|ansible\.builtin\.\w+)$/.test(x.task));

describe.skipIf(!hasAnsible)('task forms: carbon-play and ansible-playbook agree', () => {
  let ours: Awaited<ReturnType<typeof runCarbon>>;
  let theirs: Awaited<ReturnType<typeof runAnsible>>;
  let dirs: { ours: string; theirs: string };
  let base: string;
  beforeAll(async () => {
    base = makeTempDir('cp-diff-forms-');
    writeFiles(base, FILES);
    dirs = { ours: makeTempDir('cp-ours-'), theirs: makeTempDir('cp-theirs-') };
    [theirs, ours] = await Promise.all([
      runAnsible(base, ['site.yml', '-i', 'inventory', '-e', `dir=${dirs.theirs}`]),
      runCarbon(base, ['site.yml', '-i', 'inventory', '-e', `dir=${dirs.ours}`]),
    ]);
  }, 120_000);
  afterAll(() => {
    for (const d of [base, dirs?.ours, dirs?.theirs]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('runs the same named tasks in the same order', () => {
    expect(ours.err).toBe('');
    expect(named(ours.outcomes).map((o) => o.task)).toEqual(named(theirs.outcomes).map((o) => o.task));
  });

  it('gives each task the same status, items and values', () => {
    // Each tool wrote into its own folder; fileglob's order is the folder's listing order, so it is sorted.
    const table = (o: HostOutcome[], dir: string) => {
      const rows = named(o).map((x, i) => [`${i} ${x.task}`, summarize(x.result, KEYS)] as const);
      const json = JSON.stringify(Object.fromEntries(rows)).split(dir).join('DIR');
      const t = JSON.parse(json) as Record<string, { results?: { item?: string }[] }>;
      for (const [k, v] of Object.entries(t)) if (k.endsWith('with_fileglob')) v.results?.sort((a, b) => String(a.item).localeCompare(String(b.item)));
      return t;
    };
    expect(table(ours.outcomes, dirs.ours)).toEqual(table(theirs.outcomes, dirs.theirs));
  });

  it('leaves the same files', () => {
    const norm = (t: Record<string, string>, d: string) => JSON.parse(JSON.stringify(t).split(d).join('DIR'));
    expect(norm(tree(dirs.ours), dirs.ours)).toEqual(norm(tree(dirs.theirs), dirs.theirs));
  });

  it('lists the same tasks with --list-tasks', async () => {
    const base = makeTempDir('cp-diff-list-');
    onTestFinished(() => rmSync(base, { recursive: true, force: true }));
    writeFiles(base, FILES);
    const theirs = (await execFileP('ansible-playbook', ['site.yml', '-i', 'inventory', '--list-tasks'], { cwd: base, env: { ...process.env, ANSIBLE_DEPRECATION_WARNINGS: 'False' } })).stdout;
    let out = '';
    const cwd = process.cwd();
    process.chdir(base);
    try {
      await runCli(['site.yml', '-i', 'inventory', '--list-tasks'], { stdout: (t) => void (out += t), stderr: () => {}, isTTY: false });
    } finally {
      process.chdir(cwd);
    }
    const norm = (t: string) => t.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    expect(norm(out)).toEqual(norm(theirs));
  });

  it('counts the same recap', () => {
    const pick = (s: Record<string, number> | undefined) => ({ ok: s?.ok, changed: s?.changed, failures: s?.failures ?? s?.failed, skipped: s?.skipped });
    expect(pick(ours.stats.localhost)).toEqual(pick(theirs.stats.localhost));
  });
});
