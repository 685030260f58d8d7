// Differential: what no_log tasks show (ok, changed, failed, skipped, loop, file with --diff, debug), plain, -v --diff
// and as results, run by ansible-playbook and carbon-play on localhost; a vaulted value never appears anywhere, and a
// no_log task's registered status word (`changed`) shown later masks nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENSORED } from '../../src/runner/no-log.js';
import { encryptAes256 } from '../../src/vault/aes256.js';
import { formatEnvelope } from '../../src/vault/envelope.js';
import { hasAnsible, runAnsible, runAnsibleText, runCarbon, runCarbonText, summarize, writeFiles, type AnsibleRun, type CarbonRun } from '../helpers/ansible-diff.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const VAULT_PASS = 'nolog-vault-pass';
const SECRET = 'VaultSecret-7741';
const KEYSTORE = 'wso2carbon.jks';

const vaulted = (value: string) => `!vault |\n${formatEnvelope(encryptAes256(Buffer.from(value), Buffer.from(VAULT_PASS))).replace(/^/gm, '      ').trimEnd()}`;

// Each tool writes under its own `out` (-e), so both see the file task change.
const SITE = `
- hosts: all
  gather_facts: false
  vars:
    keystore: ${KEYSTORE}
    keystore_pass: ${vaulted(SECRET)}
  tasks:
    - name: ok quiet
      stat: path={{ keystore }}
      no_log: true
    - name: changed quiet
      command: echo {{ keystore_pass }}
      no_log: true
    - name: failed quiet, ignored
      fail: msg="bad {{ keystore_pass }}"
      no_log: true
      ignore_errors: true
    - name: skipped quiet
      command: echo {{ keystore_pass }}
      when: false
      no_log: true
    - name: loop quiet
      command: echo {{ item }}
      loop: ["{{ keystore_pass }}", "{{ keystore }}"]
      no_log: true
    - name: file quiet
      copy: {content: "pass={{ keystore_pass }}\\n", dest: "{{ playbook_dir }}/{{ out }}-{{ keystore }}.conf"}
      no_log: true
    - name: debug quiet
      debug: msg="{{ keystore_pass }} {{ keystore }}"
      no_log: true
    - name: an argument of a quiet task shown later
      debug: msg="{{ keystore }}"
    - name: quiet status word, registered
      command: echo changed
      register: quiet_word
      no_log: true
    - name: a change after it
      command: "true"
    - name: the quiet word shown later
      debug: msg="was {{ quiet_word.stdout }}"
    - name: failed quiet, fatal
      fail: msg="stop {{ keystore_pass }}"
      no_log: true
`;

const TASKS = [...SITE.matchAll(/- name: (.*)/g)].map((m) => m[1]);
const FILES = { 'site.yml': SITE, inventory: 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n', 'vault-pass': `${VAULT_PASS}\n` };
const ARGS = ['site.yml', '-i', 'inventory', '--vault-password-file', 'vault-pass'];

/** Per task of a plain (default callback) output: its status words, and whether it shows the censored text, a diff, the key store name. */
function textTable(text: string): Record<string, { status: string[]; censored: boolean; diff: boolean; keystore: boolean }> {
  const out: Record<string, { status: string[]; censored: boolean; diff: boolean; keystore: boolean }> = {};
  for (const block of text.split(/^TASK \[/m).slice(1)) {
    const [name, ...rest] = block.split('\n');
    const body = rest.join('\n').split(/^PLAY RECAP/m)[0];
    const words = body.split('\n').map((l) => /^(ok|changed|skipping|fatal|failed):/.exec(l)?.[1]).filter((w): w is string => w !== undefined);
    out[name.replace(/\].*$/, '')] = {
      status: [...new Set(words.map((w) => (w === 'fatal' ? 'failed' : w)))],
      censored: body.includes(CENSORED),
      diff: /^(\+\+\+|@@)/m.test(body),
      keystore: body.includes(KEYSTORE),
    };
  }
  return out;
}

describe.skipIf(!hasAnsible)('no_log: carbon-play and ansible-playbook show the same', () => {
  let dir: string;
  let theirs: { json: AnsibleRun; plain: string; verbose: string };
  let ours: { json: CarbonRun; plain: Awaited<ReturnType<typeof runCarbonText>>; verbose: Awaited<ReturnType<typeof runCarbonText>> };
  beforeAll(async () => {
    dir = makeTempDir('cp-diff-nolog-');
    writeFiles(dir, FILES);
    const out = (name: string) => ['-e', `out=${name}`];
    const [json, plain, verbose] = await Promise.all([
      runAnsible(dir, [...ARGS, ...out('a-json')]),
      runAnsibleText(dir, [...ARGS, ...out('a-plain')]),
      runAnsibleText(dir, [...ARGS, ...out('a-verbose'), '-v', '--diff']),
    ]);
    theirs = { json, plain, verbose };
    ours = {
      json: await runCarbon(dir, [...ARGS, ...out('c-json')]),
      plain: await runCarbonText(dir, [...ARGS, ...out('c-plain')]),
      verbose: await runCarbonText(dir, [...ARGS, ...out('c-verbose'), '-v', '--diff']),
    };
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the results are censored alike (status, censored, changed), and a later task shows the argument', () => {
    const table = (o: AnsibleRun['outcomes']) => o.map((x) => [x.task, summarize(x.result, ['censored', 'changed', 'msg'])]);
    expect(table(ours.json.outcomes)).toEqual(table(theirs.json.outcomes));
    expect(ours.json.outcomes.map((o) => o.task)).toEqual(TASKS);
    expect(ours.json.outcomes.find((o) => o.task.startsWith('an argument'))?.result.msg).toBe(KEYSTORE);
  });

  it.each([['plain', 'plain'], ['-v --diff', 'verbose']] as const)('%s output: each task shows the same in substance', (_mode, key) => {
    expect(ours[key].code).toBe(2);
    expect(textTable(ours[key].out)).toEqual(textTable(theirs[key]));
  });

  it('counts the same recap', () => {
    const pick = (s: Record<string, number> | undefined) => ({ ok: s?.ok, changed: s?.changed, failures: s?.failures ?? s?.failed, skipped: s?.skipped, ignored: s?.ignored });
    expect(pick(ours.json.stats.localhost)).toEqual(pick(theirs.json.stats.localhost));
  });

  it('the vaulted value and "undefined" appear in no output of either mode', () => {
    const all = [JSON.stringify(ours.json), ours.plain.out, ours.plain.err, ours.verbose.out, ours.verbose.err].join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('undefined');
    expect(all).toContain(CENSORED);
  });
});
