// Differential: the registered values of the most used modules (command, shell, copy, template, file, stat, set_fact,
// assert, fail), the keys playbooks test in `when:`, run by ansible-playbook and carbon-play on localhost.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAnsible, runAnsible, runCarbon, writeFiles, type AnsibleRun, type CarbonRun, type HostOutcome } from '../helpers/ansible-diff.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Each `show` task registers nothing: its result is the registered value of the task before it (debug var=r).
const TASKS: [string, string][] = [
  ['command ok', 'command: echo hi'],
  ['shell with stderr', 'shell: echo out; echo err >&2'],
  ['copy new', 'copy: {content: "a\\n", dest: "{{ out }}/c.txt", mode: "0640"}'],
  ['copy same', 'copy: {content: "a\\n", dest: "{{ out }}/c.txt", mode: "0640"}'],
  ['template new', 'template: {src: t.j2, dest: "{{ out }}/t.txt"}'],
  ['template same', 'template: {src: t.j2, dest: "{{ out }}/t.txt"}'],
  ['file directory', 'file: {path: "{{ out }}/d", state: directory, mode: "0750"}'],
  ['file directory again', 'file: {path: "{{ out }}/d", state: directory, mode: "0750"}'],
  ['file absent', 'file: {path: "{{ out }}/gone", state: absent}'],
  ['stat file', 'stat: {path: "{{ out }}/c.txt"}'],
  ['stat file sha256', 'stat: {path: "{{ out }}/c.txt", checksum_algorithm: sha256}'],
  ['stat directory', 'stat: {path: "{{ out }}/d"}'],
  ['stat missing', 'stat: {path: "{{ out }}/none"}'],
  ['set_fact', 'set_fact: {x: 1, y: two}'],
  ['assert holds', 'assert: {that: [x == 1]}'],
  ['assert fails', 'assert: {that: [x == 1, x == 2]}'],
  ['assert fails with fail_msg', 'assert: {that: [x == 2], fail_msg: not two}'],
  ['fail', 'fail: {msg: boom}'],
];

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
${TASKS.map(([name, body]) => `    - name: ${name}\n      ${body}\n      register: r\n      ignore_errors: true\n    - name: show ${name}\n      debug: var=r`).join('\n')}
`;

const FILES = { 'site.yml': SITE, 'templates/t.j2': 'v={{ x | default(0) }}\n', inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };

/** Keys compared per registered value (stat: in its `stat`); the rest are listed as known differences in the README. */
const KEYS = ['changed', 'failed', 'skipped', 'rc', 'stdout', 'stderr', 'stdout_lines', 'stderr_lines', 'cmd', 'msg', 'dest', 'path', 'checksum', 'assertion', 'evaluated_to', 'ansible_facts'];
const STAT_KEYS = ['exists', 'path', 'isdir', 'isreg', 'islnk', 'mode', 'size', 'uid', 'gid', 'checksum', 'rusr', 'wusr', 'xusr', 'rgrp', 'wgrp', 'xgrp', 'roth', 'woth', 'xoth', 'isuid', 'isgid'];
// Messages of results Ansible gives none (carbon-play's no-op reasons) are not compared: see the README.
const NO_MSG = /^(copy|template|file|stat)/;

function registered(o: HostOutcome[], out: string): [string, Record<string, unknown>][] {
  return o.filter((x) => x.task.startsWith('show ')).map((x) => {
    const r = JSON.parse(JSON.stringify(x.result.r).replaceAll(out, 'OUT')) as Record<string, unknown>;
    const task = x.task.slice('show '.length);
    const pick = (v: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => v[k] !== undefined && !(k === 'msg' && NO_MSG.test(task))).map((k) => [k, v[k]]));
    return [task, { ...pick(r, KEYS), ...(r.stat ? { stat: pick(r.stat as Record<string, unknown>, STAT_KEYS) } : {}) }];
  });
}

describe.skipIf(!hasAnsible)('registered results: carbon-play and ansible-playbook agree', () => {
  let base: string;
  let theirs: AnsibleRun;
  let ours: CarbonRun;
  beforeAll(async () => {
    base = makeTempDir('cp-diff-registered-');
    writeFiles(base, { ...FILES, 'a/.keep': '', 'c/.keep': '' });
    // Each tool writes under its own folder, so both see the same changes.
    [theirs, ours] = await Promise.all([
      runAnsible(base, ['site.yml', '-i', 'inventory', '-e', `out=${join(base, 'a')}`]),
      runCarbon(base, ['site.yml', '-i', 'inventory', '-e', `out=${join(base, 'c')}`]),
    ]);
  }, 120_000);
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('every task registers the same keys with the same values', () => {
    expect(ours.err).toBe('');
    const want = registered(theirs.outcomes, join(base, 'a'));
    expect(want).toHaveLength(TASKS.length);
    expect(registered(ours.outcomes, join(base, 'c'))).toEqual(want);
  });

  it("the command times have Python's form in both", () => {
    const form = (o: HostOutcome[]) => o.filter((x) => x.task === 'show command ok').map((x) => {
      const r = x.result.r as Record<string, string>;
      return [r.start, r.end, r.delta].map((v) => v.replace(/\.\d+$/, '').replace(/\d/g, '9'));
    });
    expect(form(ours.outcomes)).toEqual(form(theirs.outcomes));
  });
});
