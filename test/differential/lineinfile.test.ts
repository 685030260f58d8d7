// Differential: lineinfile's registered result (msg, changed, found, backup, the diff list) and the file it leaves, per case,
// run by ansible-playbook and carbon-play on localhost (each in its own folder of the same starting files).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasAnsible, runBothPerTable, type HostOutcome } from '../helpers/ansible-diff.js';

interface Case {
  name: string;
  /** The file before (null: missing). */
  before: string | null;
  args: string;
  /** Task keywords (check_mode, diff). */
  extra?: string;
}

const CASES: Case[] = [
  { name: 'add at EOF', before: 'a=1\nb=2\n', args: 'line: c=3' },
  { name: 'add after a last line without newline', before: 'a=1', args: 'line: c=3' },
  { name: 'present already', before: 'a=1\nc=3\n', args: 'line: c=3' },
  { name: 'present without final newline', before: 'a=1\nc=3', args: 'line: c=3' },
  { name: 'replace last match', before: 'a=1\nb=2\na=3\n', args: 'regexp: "^a=", line: a=9' },
  { name: 'replace first match', before: 'a=1\na=3\n', args: 'regexp: "^a=", line: a=9, firstmatch: true' },
  { name: 'regexp matches the same line', before: 'a=9\n', args: 'regexp: "^a=", line: a=9' },
  { name: 'regexp misses, line added', before: 'x\n', args: 'regexp: "^a=", line: a=9' },
  { name: 'regexp misses, line exists', before: 'a=9\nx\n', args: 'regexp: "^zz", line: a=9' },
  { name: 'backrefs match', before: 'port = 80\n', args: 'regexp: "^(port) = \\\\d+$", line: "\\\\1 = 8080", backrefs: true' },
  { name: 'backrefs named group', before: 'port = 80\n', args: 'regexp: "^(?P<k>port) = \\\\d+$", line: "\\\\g<k> = 81", backrefs: true' },
  { name: 'backrefs same', before: 'port = 8080\n', args: 'regexp: "^(port) = \\\\d+$", line: "\\\\1 = 8080", backrefs: true' },
  { name: 'backrefs no match', before: 'a\n', args: 'regexp: "^nope (x)", line: "\\\\1", backrefs: true' },
  { name: 'insertafter a regexp', before: '[a]\nk=1\n[b]\n', args: 'line: n=2, insertafter: "^\\\\[a\\\\]"' },
  { name: 'insertafter, line follows already', before: '[a]\nn=2\n[b]\n', args: 'line: n=2, insertafter: "^\\\\[a\\\\]"' },
  { name: 'insertafter no match', before: 'x\n', args: 'line: n=2, insertafter: "^nope"' },
  { name: 'insertbefore a regexp', before: 'a\nb\n', args: 'line: z, insertbefore: "^b"' },
  { name: 'insertbefore BOF', before: 'a\n', args: 'line: "#top", insertbefore: BOF' },
  { name: 'insertafter firstmatch', before: 'k\nk\n', args: 'line: n, insertafter: "^k", firstmatch: true' },
  { name: 'remove by regexp', before: 'a\n#x\nb\n#y\n', args: 'regexp: "^#", state: absent' },
  { name: 'remove by line', before: 'a\nb\n', args: 'line: a, state: absent' },
  { name: 'remove nothing', before: 'a\n', args: 'regexp: "^zz", state: absent' },
  { name: 'remove from a missing file', before: null, args: 'line: a, state: absent' },
  { name: 'create', before: null, args: 'line: only, create: true' },
  { name: 'missing without create', before: null, args: 'line: x' },
  { name: 'check mode with diff', before: 'a\n', args: 'line: b', extra: 'check_mode: true\n      diff: true' },
  { name: 'diff on', before: 'a\n', args: 'regexp: "^a", line: A', extra: 'diff: true' },
  { name: 'check mode creating', before: null, args: 'line: b, create: true', extra: 'check_mode: true' },
];

const file = (i: number) => `f${i}.txt`;

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
${CASES.map((c, i) => `    - name: ${c.name}
      lineinfile: {path: "{{ out }}/${file(i)}", ${c.args}}
      register: r
      ignore_errors: true${c.extra ? `\n      ${c.extra}` : ''}
    - name: show ${c.name}
      debug: var=r`).join('\n')}
`;

const starts = Object.fromEntries(CASES.flatMap((c, i) => (c.before === null ? [] : ['a', 'c'].map((d) => [`${d}/${file(i)}`, c.before!]))));
const FILES = { 'site.yml': SITE, ...starts, 'a/.keep': '', 'c/.keep': '', inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };

const KEYS = ['changed', 'failed', 'msg', 'backup', 'found', 'diff'];

function registered(o: HostOutcome[], task: string, dir: string): Record<string, unknown> {
  const r = o.find((x) => x.task === `show ${task}`)?.result.r as Record<string, unknown> | undefined;
  if (!r) throw new Error(`no result for ${task}`);
  const kept = Object.fromEntries(KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  return JSON.parse(JSON.stringify(kept).replaceAll(dir, 'OUT')) as Record<string, unknown>;
}

describe.skipIf(!hasAnsible)('lineinfile: carbon-play and ansible-playbook agree', () => {
  // Each tool edits its own copy of the same files: ansible-playbook under a/, carbon-play under c/.
  const table = runBothPerTable('cp-diff-lineinfile-', FILES, (dir, side) => ['site.yml', '-i', 'inventory', '-e', `out=${join(dir, side)}`]);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s: the registered result and the file', (name, i) => {
    expect(registered(table.ours.outcomes, name, join(table.dir, 'c'))).toEqual(registered(table.theirs.outcomes, name, join(table.dir, 'a')));
    const text = (dir: string) => (existsSync(join(table.dir, dir, file(i))) ? readFileSync(join(table.dir, dir, file(i)), 'utf8') : null);
    expect(text('c')).toEqual(text('a'));
  });

  it('the same statuses', () => {
    const statuses = (o: HostOutcome[]) => o.filter((x) => !x.task.startsWith('show ')).map((x) => [x.task, x.result.failed ? 'failed' : x.result.changed ? 'changed' : 'ok']);
    expect(statuses(table.ours.outcomes)).toEqual(statuses(table.theirs.outcomes));
  });
});
