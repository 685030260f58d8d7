// A table of malformed playbooks, roles and task files: each fails with the expected reason at the expected file:line:col.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { errorsOf, writeTree } from './helpers.js';

type Case = [label: string, files: Record<string, string> | string, message: string, at: string];

const play = (...taskLines: string[]) => ['- hosts: all', '  tasks:', ...taskLines].join('\n') + '\n';
const role = (name: string, tasksText: string) => ({ 'site.yml': `- hosts: all\n  roles:\n    - ${name}\n`, [`roles/${name}/tasks/main.yml`]: tasksText });

const cases: Case[] = [
  // YAML itself
  ['unclosed flow sequence', '- hosts: all\n  tasks: [\n', 'invalid YAML', 'site.yml:3:1'],
  ['bad indentation', '- hosts: all\n   tasks: []\n', 'invalid YAML', 'site.yml:1:10'],
  ['duplicate play key', '- hosts: all\n  hosts: web\n', 'duplicate key', 'site.yml:2:3'],
  ['duplicate task key', play('    - name: a', '      command: ls', '      name: b'), 'duplicate key', 'site.yml:5:7'],
  ['tab indentation', '- hosts: all\n\ttasks: []\n', 'invalid YAML', 'site.yml:2:2'],
  ['playbook is a mapping', 'hosts: all\n', 'expected a list of plays, got a mapping', 'site.yml:1:1'],
  ['play is a string', '- all\n', 'expected a play (a mapping), got string "all"', 'site.yml:1:3'],
  // plays
  ['missing hosts', '- name: x\n  tasks: []\n', "expected 'hosts' in the play", 'site.yml:1:3'],
  ['serial typo', '- hosts: all\n  serail: 2\n', "unknown play key 'serail' (did you mean 'serial'?)", 'site.yml:2:3'],
  ['unknown play key, no hint', '- hosts: all\n  frobnicate: 1\n', "unknown play key 'frobnicate'", 'site.yml:2:3'],
  ['serial zero', '- hosts: all\n  serial: 0\n', 'expected serial as a positive count', 'site.yml:2:11'],
  ['serial bad percent', '- hosts: all\n  serial: "half"\n', 'expected serial as a positive count or a percentage', 'site.yml:2:11'],
  ['serial list with a bad entry', '- hosts: all\n  serial:\n    - 1\n    - -5\n', 'expected serial', 'site.yml:4:7'],
  ['max_fail_percentage too big', '- hosts: all\n  max_fail_percentage: 150\n', 'expected a number from 0 to 100', 'site.yml:2:24'],
  ['become not bool', '- hosts: all\n  become: maybe\n', 'expected a boolean', 'site.yml:2:11'],
  ['gather_facts not bool', '- hosts: all\n  gather_facts: [1]\n', 'expected a boolean', 'site.yml:2:17'],
  ['vars not a mapping', '- hosts: all\n  vars: [a, b]\n', 'expected a mapping, got a list', 'site.yml:2:9'],
  ['vars_files missing', '- hosts: all\n  vars_files:\n    - vars/nope.yml\n', 'no such file', 'site.yml:3:7'],
  ['vars_files templated', '- hosts: all\n  vars_files:\n    - "{{ env }}.yml"\n', 'expected a literal file name', 'site.yml:3:7'],
  ['vars_file is a list', { 'site.yml': '- hosts: all\n  vars_files: [v.yml]\n', 'v.yml': '- a\n' }, 'expected a mapping of variables, got a list', 'v.yml:1:1'],
  ['vars_file bad YAML', { 'site.yml': '- hosts: all\n  vars_files: [v.yml]\n', 'v.yml': 'a: 1\na: 2\n' }, 'duplicate key', 'v.yml:2:1'],
  ['import_playbook missing', '- import_playbook: other.yml\n', 'no such file', 'site.yml:1:20'],
  ['import_playbook with extra key', { 'site.yml': '- import_playbook: o.yml\n  hosts: all\n', 'o.yml': '- hosts: all\n' }, "unexpected 'hosts' beside import_playbook", 'site.yml:2:3'],
  ['error inside imported playbook', { 'site.yml': '- import_playbook: o.yml\n', 'o.yml': '- hosts: all\n  tags: {a: 1}\n' }, 'expected a string', 'o.yml:2:9'],
  ['tasks not a list', '- hosts: all\n  tasks: {a: 1}\n', 'expected a list of tasks, got a mapping', 'site.yml:2:10'],
  ['bad vars template', '- hosts: all\n  vars:\n    a: "{{ x "\n', 'template syntax error', 'site.yml:3:8'],
  // tasks
  ['task is a string', play('    - ls'), 'expected a task (a mapping), got string "ls"', 'site.yml:3:7'],
  ['task without module', play('    - name: nothing'), 'expected a module in the task, got none', 'site.yml:3:7'],
  ['two modules', play('    - command: ls', '      copy: {dest: /x, content: y}'), 'expected one module per task, got 2: command, copy', 'site.yml:4:7'],
  ['unknown module with hint', play('    - comand: ls'), "unknown module or task keyword 'comand' (did you mean 'command'?)", 'site.yml:3:7'],
  ['keyword typo', play('    - command: ls', '      registr: out'), "(did you mean 'register'?)", 'site.yml:4:7'],
  ['missing required argument', play('    - copy:', '        content: x'), "copy: missing required argument 'dest'", 'site.yml:3:7'],
  ['unknown argument', play('    - copy:', '        dest: /x', '        dset: /y'), "unknown argument 'dset' (did you mean 'dest'?)", 'site.yml:5:15'],
  ['wrong argument type', play('    - wait_for:', '        port: eighty'), 'expected int, got string "eighty"', 'site.yml:4:15'],
  ['bad choice', play('    - file:', '        path: /x', '        state: gone'), 'expected one of "file", "directory", "absent"', 'site.yml:5:16'],
  // A decimal number written with octal digits: Ansible would set mode 0o1204.
  ['mode as a decimal number', play('    - file:', '        path: /x', '        mode: 644'), "file: mode 644 is the decimal number 644 to YAML (mode 01204 in Ansible); write the octal mode quoted: mode: '0644'", 'site.yml:5:15'],
  ['mode as a decimal number under args', play('    - copy: dest=/x content=y', '      args:', '        mode: 1777'), "copy: mode 1777 is the decimal number 1777", 'site.yml:5:15'],
  ['mutually exclusive arguments', play('    - copy: {dest: /x, src: a, content: b}'), 'mutually exclusive: src, content', 'site.yml:3:41'],
  ['nested list argument', play('    - wait_for:', '        ports:', '          - port: 1', '          - {}'), "missing required argument 'port'", 'site.yml:3:7'],
  ['free-form on a module without one', play('    - copy: /etc/hosts'), 'expected key=value arguments (this module takes no free form)', 'site.yml:3:7'],
  ['ansible.builtin prefix still validated', play('    - ansible.builtin.copy: {content: x}'), "missing required argument 'dest'", 'site.yml:3:7'],
  ['bad when expression', play('    - command: ls', '      when: x ==='), 'expression syntax error', 'site.yml:4:17'],
  ['when is a mapping', play('    - command: ls', '      when: {a: 1}'), 'expected a condition', 'site.yml:4:13'],
  ['bad failed_when in a list', play('    - command: ls', '      failed_when:', '        - rc != 0', '        - (rc'), 'expression syntax error', 'site.yml:6:14'],
  ['bad template in argument', play('    - command: echo {{ x', ''), 'template syntax error', 'site.yml:3:21'],
  ['bad template in name', play('    - name: "{{ }}"', '      command: ls'), 'template syntax error', 'site.yml:3:13'],
  ['a handlebars value says so', play('    - command: echo {{default x 1}}'), "got 'x' (handlebars syntax: YAML values are Ansible's Jinja", 'site.yml:3:31'],
  ['a handlebars block says so', play('    - command: "echo {{#if x}}a{{/if}}"'), "(handlebars syntax: YAML values are Ansible's Jinja", 'site.yml:3:16'],
  ['loop and with_items', play('    - command: ls', '      loop: [1]', '      with_items: [2]'), "expected one loop keyword, got 'with_items' beside another", 'site.yml:5:19'],
  ['loop is a mapping', play('    - command: ls', '      loop: {a: 1}'), 'expected a list or a template string', 'site.yml:4:13'],
  ['loop_control unknown key', play('    - command: ls', '      loop: [1]', '      loop_control: {index: i}'), "unknown loop_control key 'index'", 'site.yml:5:22'],
  ['register not a name', play('    - command: ls', '      register: "my-out"'), 'expected a variable name', 'site.yml:4:17'],
  ['loop_var a number', play('    - command: echo {{ item }}', '      loop: [1]', '      loop_control: {loop_var: 5}'), 'expected a variable name, got number 5', 'site.yml:5:32'],
  ['retries not a number', play('    - command: ls', '      retries: often'), 'expected a non-negative integer', 'site.yml:4:16'],
  ['become_method unknown', play('    - command: ls', '      become_method: doas'), 'expected become_method sudo or su', 'site.yml:4:22'],
  ['listen on a task', play('    - command: ls', '      listen: x'), "unexpected 'listen' on a task", 'site.yml:4:15'],
  ['rescue without block', play('    - rescue: []'), "unexpected 'rescue' without 'block'", 'site.yml:3:7'],
  ['module key on a block', play('    - block: []', '      command: ls'), "unexpected 'command' on a block", 'site.yml:4:7'],
  ['error inside a block', play('    - block:', '        - copy: {}'), "missing required argument 'dest'", 'site.yml:4:11'],
  ['handler without name or listen', '- hosts: all\n  handlers:\n    - command: ls\n', "expected a handler with a 'name' or 'listen'", 'site.yml:3:7'],
  ['block in handlers', '- hosts: all\n  handlers:\n    - name: h\n      block: [{command: ls}]\n', 'expected a handler task, got a block', 'site.yml:3:7'],
  ['when with an unknown test names the closest', play('    - command: ls', '      when: x is defind'), "no test named 'defind' (did you mean 'defined'?)", 'site.yml:4:15'],
  ['when with an unknown filter', play('    - command: ls', "      when: x | boool"), "no filter named 'boool' (did you mean 'bool'?)", 'site.yml:4:15'],
  ['template file: unknown filter at its line:col', { 'site.yml': play('    - template: {src: a.conf.j2, dest: /tmp/a}'), 'templates/a.conf.j2': 'x\n{% if t %}\n  {{ port | defualt(1) }}\n{% endif %}\n' }, "no filter named 'defualt' (did you mean 'default'?)", 'a.conf.j2:3:11'],
  ['template file: unclosed if', { 'site.yml': play('    - template: {src: b.j2, dest: /tmp/b}'), 'templates/b.j2': 'a\n{% if t %}\nb\n' }, "'{% if %}' is never closed", 'b.j2:2:1'],
  ['template file: bad expression', { 'site.yml': play('    - template: {src: c.j2, dest: /tmp/c}'), 'templates/c.j2': '{{ a + }}\n' }, 'expected a value', 'c.j2:1:8'],
  ['template file: in a role, unknown statement', { ...role('web', '- template: {src: r.j2, dest: /tmp/x}\n'), 'roles/web/templates/r.j2': '{% macro m() %}{% endmacro %}\n' }, "unknown statement 'macro'", 'r.j2:1:4'],
  ['role entry with a bad when', '- hosts: all\n  roles:\n    - {role: web, when: "a =="}\n', 'expression syntax error', 'site.yml:3:25'],
  // imports
  ['import_tasks missing file', play('    - import_tasks: nope.yml'), "cannot find task file 'nope.yml'", 'site.yml:3:21'],
  ['import_tasks templated', play('    - import_tasks: "{{ f }}"'), 'expected a literal file name (import_tasks is resolved at load time)', 'site.yml:3:21'],
  ['include_tasks templated with a loop', play('    - include_tasks: "{{ f }}"', '      loop: [1]'), 'expected a literal file name (a looped include is resolved at load time)', 'site.yml:3:22'],
  ['import_tasks with register', { 'site.yml': play('    - import_tasks: t.yml', '      register: r'), 't.yml': '- command: ls\n' }, "unexpected 'register' on import_tasks", 'site.yml:4:7'],
  ['error inside imported task file', { 'site.yml': play('    - import_tasks: t.yml'), 't.yml': '- command: ls\n- copy: {}\n' }, "missing required argument 'dest'", 't.yml:2:3'],
  ['import cycle', { 'site.yml': play('    - import_tasks: a.yml'), 'a.yml': '- import_tasks: b.yml\n', 'b.yml': '- import_tasks: a.yml\n' }, 'import cycle', 'b.yml:1:17'],
  ['task file not a list', { 'site.yml': play('    - include_tasks: t.yml'), 't.yml': 'command: ls\n' }, 'expected a list of tasks', 't.yml:1:1'],
  // roles
  ['missing role', '- hosts: all\n  roles:\n    - nosuch\n', "role 'nosuch' not found; searched", 'site.yml:3:7'],
  ['role entry without name', '- hosts: all\n  roles:\n    - {tags: x}\n', "expected a role name ('role: NAME')", 'site.yml:3:7'],
  ['roles not a list', '- hosts: all\n  roles: web\n', 'expected a list of roles', 'site.yml:2:10'],
  ['error in role tasks', role('web', '- name: ok\n  command: ls\n- name: bad\n  copy: {}\n'), "missing required argument 'dest'", 'roles/web/tasks/main.yml:4:3'],
  ['unknown module in role', role('web', '- servic: {name: x}\n'), "(did you mean 'service'?)", 'roles/web/tasks/main.yml:1:3'],
  ['bad YAML in role handlers', { ...role('web', '- command: ls\n'), 'roles/web/handlers/main.yml': '- name: h\n  command: [\n' }, 'invalid YAML', 'roles/web/handlers/main.yml:3:1'],
  ['role defaults not a mapping', { ...role('web', '- command: ls\n'), 'roles/web/defaults/main.yml': '- a\n' }, 'expected a mapping of variables', 'roles/web/defaults/main.yml:1:1'],
  ['role dependency missing', { ...role('web', '- command: ls\n'), 'roles/web/meta/main.yml': 'dependencies:\n  - base\n' }, "role 'base' not found", 'roles/web/meta/main.yml:2:5'],
  ['unsupported with_ lookup', play('    - command: ls', '      with_lines: cat x'), "unsupported loop 'with_lines'", 'site.yml:4:7'],
  ['loop on import_tasks', { 'site.yml': play('    - import_tasks: t.yml', '      loop: [1]'), 't.yml': '- command: ls\n' }, "unexpected 'loop' on import_tasks (use include_tasks to loop)", 'site.yml:4:7'],
  ['unbalanced quote in key=value', play('    - copy: dest=/x content="a'), 'expected balanced quotes', 'site.yml:3:7'],
  ['free text on a key=value module', play('    - copy: dest=/x oops'), 'this module takes no free form', 'site.yml:3:7'],
  ['action with an unknown module', play('    - action: cpy dest=/x'), "unknown module 'cpy' in action", 'site.yml:3:15'],
  ['action mapping without module', play('    - action: {dest: /x}'), "expected 'MODULE key=value ...' or a mapping with 'module'", 'site.yml:3:15'],
  ['loop_control typo', play('    - command: ls', '      loop: [1]', '      loop_control: {index_vr: i}'), "unknown loop_control key 'index_vr' (did you mean 'index_var'?)", 'site.yml:5:22'],
  ['include_tasks file not found anywhere', play('    - include_tasks: {file: nope.yml}'), "cannot find task file 'nope.yml'", 'site.yml:3:29'],
  ['apply with a module key', { 'site.yml': play('    - include_tasks: {file: t.yml, apply: {shell: x}}'), 't.yml': '- command: ls\n' }, "unexpected 'shell' in apply", 'site.yml:3:44'],
  ['tasks_from missing (FQCN)', { ...role('web', '- command: ls\n'), 'site.yml': play('    - ansible.builtin.include_role: {name: web, tasks_from: nope}') }, "role 'web' has no tasks/nope.yml", 'site.yml:3:37'],
  ['include_role missing', play('    - include_role: {name: ghost}'), "role 'ghost' not found", 'site.yml:3:21'],
  ['include_role templated name', play('    - include_role:', '        name: "{{ r }}"'), 'expected a literal name', 'site.yml:4:15'],
  ['include_role unknown key', { ...role('web', '- command: ls\n'), 'site.yml': play('    - include_role: {name: web, task_from: x}') }, "unknown include_role key 'task_from'", 'site.yml:3:33'],
  ['include_role tasks_from missing', { ...role('web', '- command: ls\n'), 'site.yml': play('    - import_role: {name: web, tasks_from: nope}') }, "role 'web' has no tasks/nope.yml", 'site.yml:3:20'],
  // Ansible features carbon-play refuses rather than run differently
  ['strategy unknown', '- hosts: all\n  strategy: host_pinned\n', 'expected strategy linear or free, got "host_pinned"', 'site.yml:2:13'],
  ['strategy free with max_fail_percentage', '- hosts: all\n  strategy: free\n  max_fail_percentage: 10\n', 'max_fail_percentage is not supported with strategy free', 'site.yml:3:3'],
];

describe('malformed playbooks', () => {
  it('has at least 50 cases', () => expect(cases.length).toBeGreaterThanOrEqual(50));

  it.each(cases)('%s', async (_label, files, message, at) => {
    const errors = await errorsOf(typeof files === 'string' ? { 'site.yml': files } : files);
    const found = errors.find((e) => e.message.includes(message));
    expect(found, errors.map((e) => e.format()).join('\n')).toBeDefined();
    const [file, line, col] = at.split(':');
    expect(found!.context.loc!.file.endsWith(`/${file}`)).toBe(true);
    expect(`${found!.context.loc!.line}:${found!.context.loc!.col}`).toBe(`${line}:${col}`);
    expect(found!.message).not.toContain('\n');
    // A reason is said once: 'template syntax error: template syntax error: …' is a wrapped message wrapped again.
    expect(found!.message).not.toMatch(/^(.{6,}?: )\1/);
    expect(['parse', 'validation']).toContain(found!.kind);
  });
});

// The same table through the command line, with the real module registry: what a user sees.
describe('malformed playbooks on the command line', () => {
  it.each(cases)('%s: exit 4, one line per error, no stack, nothing on stdout', async (_label, files) => {
    const dir = writeTree(typeof files === 'string' ? { 'site.yml': files } : files);
    writeFileSync(join(dir, 'inv'), 'localhost ansible_connection=local\n');
    let out = '';
    let err = '';
    const code = await runCli([join(dir, 'site.yml'), '-i', join(dir, 'inv')], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false });
    expect(code, err).toBe(4);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^ERROR! \S+:\d+:\d+: \S/);
    expect(err).not.toMatch(/^\s+at /m);
  });
});

// Ansible finds a missing template file only when the task runs: the syntax check passes with a warning naming
// file:line, and the run fails that task on its host (exit 2), never before.
describe('a template file that is missing', () => {
  const files = { ...role('web', '- debug: msg=before\n- template: {src: nope.j2, dest: /tmp/cp-never-written}\n'), inv: 'localhost ansible_connection=local\n' };
  const cli = async (...args: string[]) => {
    const dir = writeTree(files);
    let out = '';
    let err = '';
    const code = await runCli([join(dir, 'site.yml'), '-i', join(dir, 'inv'), ...args], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false });
    return { code, out, err };
  };
  it('passes --syntax-check with a warning at file:line:col', async () => {
    const r = await cli('--syntax-check');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^\[WARNING\]: \S+roles\/web\/tasks\/main\.yml:2:19: template: expected nope\.j2 in .*found none/m);
  });
  it('fails the task when it runs, after the tasks before it', async () => {
    const r = await cli('--json');
    expect(r.code).toBe(2);
    const results = r.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; task?: string; status?: string }).filter((e) => e.type === 'host_result');
    expect(results.map((e) => e.status)).toEqual(['ok', 'ok', 'failed']);
  });
});
