// Differential: a failing command/shell is changed as well as failed (result, registered value, -v output, recap),
// with changed_when, failed_when, ignore_errors, loops, creates/removes and check mode; ansible-playbook vs carbon-play.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAnsible, runAnsible, runAnsibleText, runCarbon, runCarbonText, summarize, writeFiles, type AnsibleRun, type CarbonRun, type HostOutcome } from '../helpers/ansible-diff.js';
import { shownResults } from '../helpers/shown-results.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Each `seen:` task runs only when its condition on the registered value holds: its status is the comparison.
const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - name: command fails
      command: "false"
      register: c1
      ignore_errors: true
      notify: never runs
    - name: "seen: a failed command is changed and failed"
      debug: msg=seen
      when: c1 is changed and c1 is failed and c1.changed and c1.rc == 1
    - name: shell fails
      shell: echo out; echo err >&2; exit 3
      register: s1
      ignore_errors: true
    - name: "seen: a failed shell is changed"
      debug: msg=seen
      when: s1 is changed and s1 is failed and s1.stdout == 'out' and s1.stderr == 'err'
    - name: changed_when false on a failure
      command: "false"
      register: c2
      changed_when: false
      ignore_errors: true
    - name: "seen: changed_when false makes the failure unchanged"
      debug: msg=seen
      when: c2 is not changed and c2 is failed
    - name: failed_when false clears the failure, still changed
      shell: exit 3
      register: s2
      failed_when: false
    - name: "seen: a cleared failure is changed"
      debug: msg=seen
      when: s2 is changed and s2 is not failed and s2.failed_when_result == false and s2.rc == 3
    - name: failed_when on rc
      shell: exit 3
      register: s3
      failed_when: s3.rc > 3
    - name: failed_when true on a success
      command: "true"
      register: c3
      failed_when: true
      ignore_errors: true
    - name: "seen: failed_when on a success keeps changed"
      debug: msg=seen
      when: c3 is changed and c3 is failed
    - name: failed_when sees changed_when's verdict
      command: "false"
      register: c4
      changed_when: false
      failed_when: c4.changed
    - name: changed_when true and failed_when false on a failure
      command: "false"
      changed_when: true
      failed_when: false
    - name: loop with a failing item
      command: "{{ item }}"
      loop: ["true", "false"]
      register: l1
      ignore_errors: true
    - name: "seen: the loop is changed and failed, each item changed"
      debug: msg=seen
      when: l1 is changed and l1 is failed and l1.results | map(attribute='changed') | list == [true, true]
    - name: loop of failures unchanged by changed_when
      command: "false"
      loop: [1, 2]
      changed_when: false
      ignore_errors: true
    - name: creates holds
      command: "false"
      args: {creates: "{{ playbook_dir }}"}
      register: g1
    - name: removes holds
      shell: exit 1
      args: {removes: "{{ playbook_dir }}/missing"}
    - name: "seen: a guard skip is ok and unchanged"
      debug: msg=seen
      when: g1 is not changed and g1 is succeeded and g1.rc == 0
    - name: check mode without guards
      command: "false"
      check_mode: true
      register: k1
    - name: check mode with a guard that does not hold
      shell: exit 1
      args: {creates: "{{ playbook_dir }}/missing"}
      check_mode: true
    - name: check mode with a guard that holds
      command: "false"
      args: {removes: "{{ playbook_dir }}/missing"}
      check_mode: true
    - name: check mode changed_when is not asked of a skip
      command: "false"
      check_mode: true
      changed_when: true
    - name: "seen: check mode skip is skipped, not changed"
      debug: msg=seen
      when: k1 is skipped and k1 is not changed
  handlers:
    - name: never runs
      debug: msg=handler
`;

const FILES = { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };
const ARGS = ['site.yml', '-i', 'inventory'];
const KEYS = ['changed', 'rc', 'msg', 'stdout', 'stderr', 'stdout_lines', 'cmd', 'failed_when_result', 'skipped'];

/** Times are the host's: only their form is compared (a Python datetime or timedelta, or null when nothing ran). */
const timeForm = (v: unknown) => (typeof v === 'string' ? v.replace(/\.\d+$/, '').replace(/\d/g, '9') : v);
const table = (o: HostOutcome[]) => o.map((x) => [x.task, summarize(x.result, KEYS), ['start', 'end', 'delta'].map((k) => timeForm(x.result[k]))]);

describe.skipIf(!hasAnsible)('a failing command is changed: carbon-play and ansible-playbook agree', () => {
  let dir: string;
  let theirs: { json: AnsibleRun; verbose: string };
  let ours: { json: CarbonRun; verbose: string };
  beforeAll(async () => {
    dir = makeTempDir('cp-diff-failchanged-');
    writeFiles(dir, FILES);
    const [json, verbose] = await Promise.all([runAnsible(dir, ARGS), runAnsibleText(dir, [...ARGS, '-v'])]);
    theirs = { json, verbose };
    ours = { json: await runCarbon(dir, ARGS), verbose: (await runCarbonText(dir, [...ARGS, '-v'])).out };
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the same tasks with the same status, changed flag and result keys', () => {
    expect(ours.json.err).toBe('');
    expect(table(ours.json.outcomes)).toEqual(table(theirs.json.outcomes));
  });

  it('every registered-value condition held in both (no seen task skipped)', () => {
    const seen = ours.json.outcomes.filter((o) => o.task.startsWith('seen:'));
    expect(seen).toHaveLength(8);
    expect(seen.filter((o) => o.result.skipped)).toEqual([]);
  });

  // Loops are left out: Ansible shows a line per item, carbon-play one line for the task.
  it('-v shows each task with the same status word and changed flag', () => {
    const pick = (text: string) => shownResults(text).filter((r) => !/^(seen:|loop)/.test(r.task)).map((r) => [r.task, r.status === 'fatal' ? 'failed' : r.status, r.shown?.changed]);
    const want = pick(theirs.verbose);
    expect(want.length).toBeGreaterThan(10);
    expect(pick(ours.verbose)).toEqual(want);
  });

  it('counts the same recap: an ignored changed failure is ok, changed and ignored', () => {
    const pick = (s: Record<string, number> | undefined) => ({ ok: s?.ok, changed: s?.changed, failures: s?.failures ?? s?.failed, skipped: s?.skipped, ignored: s?.ignored });
    expect(pick(ours.json.stats.localhost)).toEqual(pick(theirs.json.stats.localhost));
  });
});
