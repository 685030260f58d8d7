// Differential: --syntax-check does not open vault data in group_vars/host_vars (ansible-playbook reads no vars files
// for it), so it passes with a wrong vault password or none; a real run still opens it first and fails on a wrong one.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptAes256 } from '../../src/vault/aes256.js';
import { formatEnvelope } from '../../src/vault/envelope.js';
import { hasAnsible, runCarbonText, writeFiles } from '../helpers/ansible-diff.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PASS = 'syntax-vault-pass';
const envelope = (plain: string) => formatEnvelope(encryptAes256(Buffer.from(plain), Buffer.from(PASS)));

const FILES = {
  'pb.yml': '- hosts: web\n  gather_facts: false\n  tasks:\n    - debug: msg="{{ db_password }} {{ api_token }}"\n',
  'inv/hosts': '[web]\nh1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
  'inv/group_vars/all/vault.yml': envelope('db_password: Wr0ngHorse\n'),
  'inv/host_vars/h1.yml': `api_token: !vault |\n${envelope('tok-7731').replace(/^/gm, '  ')}\n`,
  'right-pass': `${PASS}\n`,
  'wrong-pass': 'not-the-password\n',
};

const CASES = [
  ['a wrong vault password', ['--vault-password-file', 'wrong-pass']],
  ['no vault password', []],
] as const;

describe.skipIf(!hasAnsible)('--syntax-check and vaulted inventory vars: carbon-play as ansible-playbook', () => {
  let dir: string;
  let theirs: { code: number | null; out: string }[];
  beforeAll(() => {
    dir = makeTempDir('cp-diff-syntax-vault-');
    writeFiles(dir, FILES);
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' };
    theirs = CASES.map(([, args]) => {
      const r = spawnSync('ansible-playbook', ['pb.yml', '-i', 'inv/hosts', ...args, '--syntax-check'], { cwd: dir, env, encoding: 'utf8' });
      return { code: r.status, out: r.stdout };
    });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((c, i) => [c[0], c[1], i] as const))('with %s: both pass and name the playbook', async (_name, args, i) => {
    const ours = await runCarbonText(dir, ['pb.yml', '-i', 'inv/hosts', ...args, '--syntax-check']);
    expect(theirs[i]).toEqual({ code: 0, out: expect.stringContaining('playbook: pb.yml') });
    expect({ code: ours.code, err: ours.err }).toEqual({ code: 0, err: '' });
    expect(ours.out).toContain('playbook: pb.yml');
  });

  it('a real run with the wrong password still stops before any task, naming the vaulted file', async () => {
    const ours = await runCarbonText(dir, ['pb.yml', '-i', 'inv/hosts', '--vault-password-file', 'wrong-pass']);
    expect(ours.code).toBe(4);
    expect(ours.err).toMatch(/inv\/group_vars\/all\/vault\.yml:1:1: decryption failed/);
    expect(ours.out).not.toMatch(/TASK/);
  });

  it('with the right password the run sees both values, and shows neither', async () => {
    const ours = await runCarbonText(dir, ['pb.yml', '-i', 'inv/hosts', '--vault-password-file', 'right-pass']);
    expect(ours.code).toBe(0);
    expect(`${ours.out}${ours.err}`).not.toMatch(/Wr0ngHorse|tok-7731/);
  });
});
