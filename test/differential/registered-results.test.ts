// Differential: the registered values of the most used modules (command, shell, copy, template, file, stat, set_fact,
// assert, fail), the keys playbooks test in `when:` (for the file modules and stat: every key), run by ansible-playbook
// and carbon-play on localhost.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, type HostOutcome } from '../helpers/ansible-diff.js';

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
  ['copy mode only', 'copy: {content: "a\\n", dest: "{{ out }}/c.txt", mode: "0600"}'],
  ['file mode only', 'file: {path: "{{ out }}/t.txt", mode: "0600"}'],
  ['file same', 'file: {path: "{{ out }}/t.txt"}'],
  ['file link', 'file: {path: "{{ out }}/l", state: link, src: "{{ out }}/t.txt"}'],
  ['file touch', 'file: {path: "{{ out }}/touched", state: touch}'],
  ['file remove', 'file: {path: "{{ out }}/touched", state: absent}'],
  ['stat file', 'stat: {path: "{{ out }}/c.txt"}'],
  ['stat link', 'stat: {path: "{{ out }}/l"}'],
  ['stat link followed', 'stat: {path: "{{ out }}/l", follow: true}'],
  ['stat without extras', 'stat: {path: "{{ out }}/c.txt", get_mime: false, get_attributes: false, get_checksum: false}'],
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
const KEYS = ['changed', 'failed', 'skipped', 'rc', 'stdout', 'stderr', 'stdout_lines', 'stderr_lines', 'cmd', 'msg', 'dest', 'path', 'checksum', 'assertion', 'evaluated_to', 'ansible_facts',
  'owner', 'group', 'mode', 'size', 'uid', 'gid', 'state', 'md5sum', 'src'];
/** Stat keys whose values differ by nature between two files (times, inode, lsattr's generation): compared by type. */
const BY_TYPE = new Set(['atime', 'mtime', 'ctime', 'inode', 'version']);
/** Keys of a file module's result that carbon-play leaves out (see the README): the per-run temp `src` of copy, `diff`, `invocation`. */
const NOT_OURS = new Set(['src', 'diff', 'invocation']);
// Messages of results Ansible gives none (carbon-play's no-op reasons) are not compared: see the README.
const NO_MSG = /^(copy|template|file|stat)/;

function registered(o: HostOutcome[], out: string): [string, Record<string, unknown>][] {
  return o.filter((x) => x.task.startsWith('show ')).map((x) => {
    const r = JSON.parse(JSON.stringify(x.result.r).replaceAll(out, 'OUT')) as Record<string, unknown>;
    const task = x.task.slice('show '.length);
    const pick = (v: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => v[k] !== undefined && !(k === 'msg' && NO_MSG.test(task))).map((k) => [k, v[k]]));
    // copy's src is a temp file of Ansible's (not compared); file's src is the link target.
    const keys = task.startsWith('copy') || task.startsWith('template') ? KEYS.filter((k) => k !== 'src') : KEYS;
    return [task, { ...pick(r, keys), ...(r.stat ? { stat: statValues(r.stat as Record<string, unknown>) } : {}) }];
  });
}

/** Every stat key, with the values that differ by nature replaced by their type. */
function statValues(st: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(st).map(([k, v]) => [k, BY_TYPE.has(k) ? `<${v === null ? 'null' : typeof v}>` : v]));
}

/** The keys each tool registers for the file modules (copy, template, file, stat), without the ones carbon-play leaves out. */
function keySets(o: HostOutcome[]): [string, string[]][] {
  return o.filter((x) => /^show (copy|template|file|stat)/.test(x.task)).map((x) => {
    const r = x.result.r as Record<string, unknown>;
    return [x.task, Object.keys(r).filter((k) => !NOT_OURS.has(k) && !(k === 'msg' && r.changed === false)).sort()];
  });
}

describe.skipIf(!hasAnsible)('registered results: carbon-play and ansible-playbook agree', () => {
  // Each tool writes under its own folder, so both see the same changes.
  const table = runBothPerTable('cp-diff-registered-', { ...FILES, 'a/.keep': '', 'c/.keep': '' }, (dir, side) => ['site.yml', '-i', 'inventory', '-e', `out=${join(dir, side)}`]);

  it('every task registers the same keys with the same values', () => {
    expect(table.ours.err).toBe('');
    const want = registered(table.theirs.outcomes, join(table.dir, 'a'));
    expect(want).toHaveLength(TASKS.length);
    expect(registered(table.ours.outcomes, join(table.dir, 'c'))).toEqual(want);
  });

  it('the file modules register the same keys', () => {
    expect(keySets(table.ours.outcomes)).toEqual(keySets(table.theirs.outcomes));
  });

  it("the command times have Python's form in both", () => {
    const form = (o: HostOutcome[]) => o.filter((x) => x.task === 'show command ok').map((x) => {
      const r = x.result.r as Record<string, string>;
      return [r.start, r.end, r.delta].map((v) => v.replace(/\.\d+$/, '').replace(/\d/g, '9'));
    });
    expect(form(table.ours.outcomes)).toEqual(form(table.theirs.outcomes));
  });
});
