// Valid playbooks load to the expected tree: roles expanded, imports inlined, handlers with listen, serial lists, free-form args.
import { describe, expect, it } from 'vitest';
import type { BlockNode, TaskNode } from '../../src/playbook/types.js';
import { errorsOf, loadTree } from './helpers.js';

describe('loadPlaybook', () => {
  it('reads play keywords, serial lists and a free-form command', async () => {
    const pb = await loadTree({
      'site.yml': `- name: web
  hosts: web:db
  serial: [1, "50%", 3]
  max_fail_percentage: 20
  any_errors_fatal: true
  become: yes
  tags: deploy, web
  vars: {port: 9443}
  vars_files: [vars/a.yml]
  tasks:
    - name: list
      command: ls -l {{ dir }}
      when: port > 1
      register: out
      tags: [one, always]
      loop: "{{ items }}"
      loop_control: {loop_var: x, label: "{{ x.name }}"}
      notify: restart
      retries: 3
      until: out.rc == 0
`,
      'vars/a.yml': 'dir: /tmp\n',
    });
    const play = pb.plays[0]!;
    expect(play).toMatchObject({ name: 'web', hosts: 'web:db', serial: [1, '50%', 3], maxFailPercentage: 20, anyErrorsFatal: true, become: true, tags: ['deploy', 'web'], vars: { port: 9443 }, varsFiles: { dir: '/tmp' } });
    expect(play.tasks[0]).toMatchObject({ kind: 'task', module: 'command', args: { cmd: 'ls -l {{ dir }}' }, when: ['port > 1'], register: 'out', tags: ['one', 'always'], loop: '{{ items }}', loopVar: 'x', loopLabel: '{{ x.name }}', notify: ['restart'], retries: 3, until: 'out.rc == 0', path: '[0].tasks[0]' });
    expect(play.tasks[0]!.loc).toMatchObject({ line: 11, col: 7 });
  });

  it('strips ansible.builtin. and accepts with_items as loop', async () => {
    const pb = await loadTree({ 'site.yml': '- hosts: all\n  tasks:\n    - ansible.builtin.file: {path: /x, state: directory}\n      with_items: [a, b]\n' });
    expect(pb.plays[0]!.tasks[0]).toMatchObject({ module: 'file', loop: ['a', 'b'], loopVar: 'item' });
  });

  it('reads a mode as Ansible does: 0755 is octal to YAML 1.1, quoted text and key=value text are octal', async () => {
    const tasks = ['{path: /a, mode: 0755}', "{path: /b, mode: '644'}", "{path: /c, mode: '0640'}", 'path=/d mode=600', '{path: /e, mode: 493}'];
    const pb = await loadTree({ 'site.yml': `- hosts: all\n  tasks:\n${tasks.map((t) => `    - file: ${t}\n`).join('')}` });
    expect(pb.plays[0]!.tasks.map((t) => ('args' in t ? t.args.mode : undefined))).toEqual([493, '644', '0640', '600', 493]);
  });

  it('inlines import_tasks as a block carrying the import when/tags/vars', async () => {
    const pb = await loadTree({
      'site.yml': '- hosts: all\n  tasks:\n    - import_tasks: inc/t.yml\n      when: go\n      tags: t\n      vars: {a: 1}\n',
      'inc/t.yml': '- command: one\n- import_tasks: more.yml\n',
      'inc/more.yml': '- command: two\n',
    });
    const b = pb.plays[0]!.tasks[0] as BlockNode;
    expect(b).toMatchObject({ kind: 'block', when: ['go'], tags: ['t'], vars: { a: 1 } });
    expect(b.block[0]).toMatchObject({ module: 'command', args: { cmd: 'one' } });
    expect(((b.block[1] as BlockNode).block[0] as TaskNode).args).toEqual({ cmd: 'two' });
    expect(b.block[0]!.loc.file).toMatch(/inc\/t\.yml$/);
  });

  it('expands roles with defaults, vars, params, dependencies and handlers', async () => {
    const pb = await loadTree(
      {
        'site.yml': '- hosts: all\n  roles:\n    - role: web\n      port: 8080\n      tags: w\n      become: true\n      when: x\n  handlers:\n    - name: reload\n      command: reload\n      listen: [web changed]\n',
        'roles/web/tasks/main.yaml': '- name: install\n  copy: {content: x, dest: /x}\n  notify: restart\n',
        'roles/web/handlers/main.yml': '- name: restart\n  service: {name: web, state: restarted}\n',
        'roles/web/defaults/main.yml': 'port: 80\n',
        'roles/web/vars/main.yml': 'user: www\n',
        'roles/web/meta/main.yml': 'dependencies:\n  - base\n',
        'shared/base/tasks/main.yml': '- command: base\n',
      },
      'site.yml',
      ['shared'],
    );
    const play = pb.plays[0]!;
    const web = play.roles[0]!;
    expect(web.role).toMatchObject({ name: 'web', defaults: { port: 80 }, vars: { user: 'www' }, params: { port: 8080 } });
    expect(web).toMatchObject({ tags: ['w'], become: true, when: ['x'] });
    expect((web.block[0] as BlockNode).role!.name).toBe('base');
    expect(web.block[1]).toMatchObject({ name: 'install', module: 'copy', role: { name: 'web' } });
    expect(play.handlers.map((h) => [h.name, h.listen, h.role?.name])).toEqual([
      ['reload', ['reload', 'web changed'], undefined],
      ['restart', ['restart'], 'web'],
    ]);
  });

  it('loads include_role with tasks_from and params, as a dynamic include whose apply keywords reach the tasks', async () => {
    const pb = await loadTree({
      'site.yml': '- hosts: all\n  tasks:\n    - include_role: {name: db, tasks_from: setup, apply: {become: true}}\n      vars: {x: 1}\n      when: go\n',
      'roles/db/tasks/setup.yml': '- command: setup\n',
    });
    const b = pb.plays[0]!.tasks[0] as BlockNode;
    expect(b).toMatchObject({ include: { keyword: 'include_role' }, when: ['go'], role: { name: 'db', params: { x: 1 } } });
    const inner = b.block[0] as BlockNode;
    expect(inner).toMatchObject({ kind: 'block', become: true, when: [] });
    expect(inner.block[0]).toMatchObject({ module: 'command', role: { name: 'db' } });
  });

  it('inlines import_playbook and keeps block/rescue/always', async () => {
    const pb = await loadTree({
      'site.yml': '- import_playbook: other.yml\n- hosts: b\n  tasks:\n    - block: [{command: a}]\n      rescue: [{command: b}]\n      always: [{command: c}]\n      become: true\n',
      'other.yml': '- hosts: a\n',
    });
    expect(pb.plays.map((p) => p.hosts)).toEqual(['a', 'b']);
    const b = pb.plays[1]!.tasks[0] as BlockNode;
    expect([b.block.length, b.rescue.length, b.always.length, b.become]).toEqual([1, 1, 1, true]);
  });

  it('collects every error in one pass', async () => {
    const errors = await errorsOf({ 'site.yml': '- hosts: all\n  serail: 1\n  tasks:\n    - copy: {}\n    - comand: ls\n' });
    expect(errors.map((e) => `${e.context.loc!.line}:${e.context.path}`)).toEqual(['2:[0].serail', '4:[0].tasks[0].copy.dest', '5:[0].tasks[1].comand']);
  });
});
