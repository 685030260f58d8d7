// Differential: what `debug` returns and shows (var= defined, undefined, expressions, verbosity:, registered), as
// results, plain output and -v, run by ansible-playbook and carbon-play on localhost.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAnsible, runAnsible, runAnsibleText, runCarbon, runCarbonText, writeFiles, type AnsibleRun, type CarbonRun, type HostOutcome } from '../helpers/ansible-diff.js';
import { shownResults } from '../helpers/shown-results.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Numbers stay out of expressions: Ansible 2.14 (not native) prints `{{ 1 + 2 }}` as "3", carbon-play keeps 3 (README).
const SITE = `
- hosts: all
  gather_facts: false
  vars:
    word: hello
    app: {name: ei, nodes: [a, b]}
    later: "{{ word }} world"
  tasks:
    - name: var defined
      debug: var=word
      register: d1
    - name: "seen: a var result holds the variable and no msg"
      debug: msg=seen
      when: d1.word == 'hello' and d1.msg is undefined and d1 is not changed and d1 is succeeded
    - name: var dict
      debug: var=app
    - name: var dotted path and index
      debug: var=app.nodes[1]
    - name: var holding a template
      debug: var=later
    - name: var undefined
      debug: var=nope
      register: d2
    - name: "seen: an undefined var is a message, not a failure"
      debug: msg=seen
      when: d2.nope == 'VARIABLE IS NOT DEFINED!' and d2 is succeeded
    - name: var with an undefined parent
      debug: var=nope.x
    - name: var missing key
      debug: var=app.port
    - name: var expression
      debug:
        var: app.nodes + [word]
    - name: var string expression
      debug:
        var: "word ~ '-' ~ app.name"
    - name: var in a loop
      debug: var=item
      loop: [x, y]
    - name: msg list
      debug:
        msg: [one, two]
      register: d3
    - name: "seen: msg result"
      debug: msg=seen
      when: d3.msg == ['one', 'two']
    - name: verbosity above the run's
      debug:
        var: word
        verbosity: 1
      register: d4
    - name: "seen: below its verbosity debug is skipped"
      debug: msg=seen
      when: d4 is skipped and d4.skipped_reason == 'Verbosity threshold not met.'
    - name: verbosity zero
      debug:
        msg: shown
        verbosity: 0
    - name: default message
      debug:
`;

const FILES = { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' };
const ARGS = ['site.yml', '-i', 'inventory'];

const NOT_SHOWN = new Set(['failed', 'skipped', 'skip_reason']);

/**
 * The whole result but Ansible's internal keys (in loop items too). Its task result has no `failed` (the registered
 * value does, as the seen tasks check); -v adds why a var is undefined, in each tool's words: neither is compared.
 */
function visible(r: Record<string, unknown> | undefined, drop: ReadonlySet<string> = new Set(['failed'])): Record<string, unknown> | undefined {
  if (!r) return r;
  const keep = Object.entries(r).filter(([k]) => !k.startsWith('_ansible') && !drop.has(k));
  return Object.fromEntries(keep.map(([k, v]) => [k, k === 'results' && Array.isArray(v) ? v.map((x) => visible(x as Record<string, unknown>, drop)) : typeof v === 'string' ? v.replace(/^(VARIABLE IS NOT DEFINED!): .+$/s, '$1: <why>') : v]));
}
const table = (o: HostOutcome[]) => o.map((x) => [x.task, visible(x.result)]);
// What the text shows besides the flags (Ansible's -v leaves them off a skipped debug; carbon-play prints every key).
const shown = (text: string) => shownResults(text).map((r) => [r.task, r.status, visible(r.shown, new Set([...NOT_SHOWN, 'changed']))]);

describe.skipIf(!hasAnsible)('debug: carbon-play and ansible-playbook return and show the same', () => {
  let dir: string;
  let theirs: { json: AnsibleRun; plain: string; verbose: string; verboseJson: AnsibleRun };
  let ours: { json: CarbonRun; plain: string; verbose: string; verboseJson: CarbonRun };
  beforeAll(async () => {
    dir = makeTempDir('cp-diff-debug-');
    writeFiles(dir, FILES);
    const [json, plain, verbose, verboseJson] = await Promise.all([
      runAnsible(dir, ARGS), runAnsibleText(dir, ARGS), runAnsibleText(dir, [...ARGS, '-v']), runAnsible(dir, [...ARGS, '-v']),
    ]);
    theirs = { json, plain, verbose, verboseJson };
    ours = {
      json: await runCarbon(dir, ARGS), plain: (await runCarbonText(dir, ARGS)).out,
      verbose: (await runCarbonText(dir, [...ARGS, '-v'])).out, verboseJson: await runCarbon(dir, [...ARGS, '-v']),
    };
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['json', 'verboseJson'] as const)('%s: every task returns the same result, key for key', (mode) => {
    expect(ours[mode].err).toBe('');
    expect(table(ours[mode].outcomes)).toEqual(table(theirs[mode].outcomes));
  });

  it('every registered-value condition held (no seen task skipped)', () => {
    const seen = ours.json.outcomes.filter((o) => o.task.startsWith('seen:'));
    expect(seen).toHaveLength(4);
    expect(seen.filter((o) => o.result.skipped)).toEqual([]);
  });

  // Loops are left out: Ansible shows a line per item, carbon-play one line for the task.
  it.each(['plain', 'verbose'] as const)('%s output: each task shows the same status and payload', (mode) => {
    const pick = (text: string) => shown(text).filter(([task]) => task !== 'var in a loop');
    expect(pick(ours[mode])).toEqual(pick(theirs[mode]));
  });
});
