// Playbook runs over an inventory directory whose secrets are in vault files and `!vault` values, opened by each password source.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';

const SECRETS = { db: 'DbPass-8841', ks: 'KeyStore-2290', token: 'Inline-Tok-5521', key: 'NotNamedSecret-7781', extra: 'ExtraFile-3347' };

/** Fixtures encrypted with carbon-play's own writer (the ansible-vault direction is test/vault/ansible-compat.test.ts). */
function project(password: string, label = 'default') {
  const dir = tempDir();
  const ring = createKeyring([{ id: label, password: Buffer.from(password) }]);
  const enc = (text: string) => ring.encrypt(Buffer.from(text));
  const inline = (text: string, indent: string) => `!vault |\n${enc(text).trimEnd().split('\n').map((l) => indent + l).join('\n')}\n`;
  mkdirSync(join(dir, 'inv/group_vars'), { recursive: true });
  mkdirSync(join(dir, 'inv/host_vars'), { recursive: true });
  writeFileSync(join(dir, 'inv/hosts'), '[web]\nlocalhost ansible_connection=local\n');
  writeFileSync(join(dir, 'inv/group_vars/web.yml'), enc(`db_password: ${SECRETS.db}\nkeystore_password: ${SECRETS.ks}\n`));
  writeFileSync(join(dir, 'inv/host_vars/localhost.yml'), `store_key: ${inline(SECRETS.key, '  ')}`);
  writeFileSync(join(dir, 'extra.yml'), enc(`extra_secret_value: ${SECRETS.extra}\n`));
  writeFileSync(join(dir, 'site.yml'), [
    '- hosts: web',
    '  vars:',
    `    api_token: ${inline(SECRETS.token, '      ')}`,
    '  tasks:',
    '    - name: show every secret',
    '      debug:',
    '        msg: "{{ db_password }} {{ keystore_password }} {{ api_token }} {{ store_key }} {{ extra_secret_value }}"',
    '    - name: write them into a file',
    '      copy:',
    `        dest: ${dir}/out/conf.txt`,
    '        content: "{{ db_password }}|{{ api_token }}|{{ store_key }}\\n"',
    '',
  ].join('\n'));
  mkdirSync(join(dir, 'out'));
  return dir;
}

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false });
  return { code, out, err, all: out + err };
}

const noSecretIn = (text: string) => {
  for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
};

afterEach(() => {
  setActiveKeyring(createKeyring());
  delete process.env.ANSIBLE_VAULT_PASSWORD_FILE;
});

describe('a deployment whose passwords are all in vault data', () => {
  it.each([['plain'], ['--json'], ['-D', '-vvv'], ['--json', '-D', '-v']])('runs, writes the clear values on the host, and masks them in mode %s', async (...flags) => {
    const dir = project('demo-pw');
    writeFileSync(join(dir, 'pw'), 'demo-pw\n');
    const r = await run([join(dir, 'site.yml'), '-i', join(dir, 'inv'), '--vault-password-file', join(dir, 'pw'), '-e', `@${join(dir, 'extra.yml')}`, ...flags.filter((f) => f !== 'plain')]);
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'out/conf.txt'), 'utf8')).toBe(`${SECRETS.db}|${SECRETS.token}|${SECRETS.key}\n`);
    noSecretIn(r.all);
    expect(r.all).toContain('********');
  });

  it('inventory --list and --host mask vault values, whatever their names', async () => {
    const dir = project('demo-pw');
    writeFileSync(join(dir, 'pw'), 'demo-pw');
    for (const mode of [['--list'], ['--host', 'localhost']]) {
      const r = await run(['inventory', '-i', join(dir, 'inv'), ...mode, '--vault-password-file', join(dir, 'pw')]);
      expect(r.code, r.all).toBe(0);
      expect(JSON.parse(r.out)).toBeTruthy();
      noSecretIn(r.all);
      expect(r.out).toMatch(/"store_key": "\*{8}"/);
    }
  });

  const sources: { name: string; setup: (dir: string) => string[]; label?: string }[] = [
    { name: '--vault-password-file FILE', setup: (d) => (writeFileSync(join(d, 'pw'), '  demo-pw \n'), ['--vault-password-file', join(d, 'pw')]) },
    { name: '--vault-pass-file (alias)', setup: (d) => (writeFileSync(join(d, 'pw'), 'demo-pw'), [`--vault-pass-file=${join(d, 'pw')}`]) },
    { name: '--vault-id LABEL@FILE with a 1.2 envelope', label: 'prod', setup: (d) => (writeFileSync(join(d, 'pw'), 'demo-pw'), ['--vault-id', `prod@${join(d, 'pw')}`]) },
    { name: 'a wrong --vault-id first, the right one second', setup: (d) => (writeFileSync(join(d, 'bad'), 'nope'), writeFileSync(join(d, 'pw'), 'demo-pw'), ['--vault-id', `dev@${join(d, 'bad')}`, '--vault-id', join(d, 'pw')]) },
    {
      name: 'an executable password script', setup: (d) => {
        writeFileSync(join(d, 'pw.sh'), '#!/bin/sh\necho demo-pw\n');
        chmodSync(join(d, 'pw.sh'), 0o755);
        return ['--vault-password-file', join(d, 'pw.sh')];
      },
    },
    {
      name: 'a -client script asked for its vault id', label: 'prod', setup: (d) => {
        writeFileSync(join(d, 'vault-client.sh'), '#!/bin/sh\n[ "$1" = --vault-id ] && [ "$2" = prod ] && echo demo-pw && exit 0\nexit 2\n');
        chmodSync(join(d, 'vault-client.sh'), 0o755);
        return ['--vault-id', `prod@${join(d, 'vault-client.sh')}`];
      },
    },
    { name: 'ANSIBLE_VAULT_PASSWORD_FILE', setup: (d) => (writeFileSync(join(d, 'pw'), 'demo-pw'), (process.env.ANSIBLE_VAULT_PASSWORD_FILE = join(d, 'pw')), []) },
  ];
  it.each(sources)('opens with $name', async ({ setup, label }) => {
    const dir = project('demo-pw', label);
    const r = await run([join(dir, 'site.yml'), '-i', join(dir, 'inv'), '-e', `@${join(dir, 'extra.yml')}`, ...setup(dir)]);
    expect(r.code, r.all).toBe(0);
    expect(existsSync(join(dir, 'out/conf.txt'))).toBe(true);
  });
});

describe('vault data that cannot be opened: one line per problem, exit 4, nothing run', () => {
  const cases: { name: string; args: (d: string) => string[]; tamper?: (d: string) => void; expect: RegExp[]; code?: number }[] = [
    { name: 'no password given', args: () => [], expect: [/group_vars\/web\.yml:1:1: found vault-encrypted data but no vault password was given/, /site\.yml:3:\d+: !vault value: found vault-encrypted data/] },
    { name: 'a wrong password', args: (d) => (writeFileSync(join(d, 'bad'), 'wrong-pw'), ['--vault-password-file', join(d, 'bad')]), expect: [/group_vars\/web\.yml:1:1: decryption failed/, /host_vars\/localhost\.yml:1:\d+: !vault value: decryption failed/] },
    {
      name: 'a tampered vault file', args: (d) => (writeFileSync(join(d, 'pw'), 'demo-pw'), ['--vault-password-file', join(d, 'pw')]),
      tamper: (d) => {
        const f = join(d, 'inv/group_vars/web.yml');
        const lines = readFileSync(f, 'utf8').split('\n');
        lines[3] = lines[3]!.slice(0, 10) + (lines[3]![10] === '3' ? '6' : '3') + lines[3]!.slice(11);
        writeFileSync(f, lines.join('\n'));
      },
      expect: [/group_vars\/web\.yml:1:1: (decryption failed|vault format error)/],
    },
    { name: 'a missing password file', args: (d) => ['--vault-password-file', join(d, 'nope')], expect: [/vault password file .*nope: not found/], code: 5 },
    { name: 'an empty password file', args: (d) => (writeFileSync(join(d, 'pw'), '\n'), ['--vault-password-file', join(d, 'pw')]), expect: [/got an empty file/], code: 5 },
  ];
  it.each(cases)('$name', async (c) => {
    const dir = project('demo-pw');
    c.tamper?.(dir);
    const r = await run([join(dir, 'site.yml'), '-i', join(dir, 'inv'), ...c.args(dir)]);
    expect(r.code, r.all).toBe(c.code ?? 4);
    for (const re of c.expect) expect(r.err).toMatch(re);
    for (const line of r.err.trim().split('\n')) expect(line).toMatch(/^ERROR! /);
    expect(r.out).toBe('');
    expect(existsSync(join(dir, 'out/conf.txt'))).toBe(false);
    noSecretIn(r.all);
    expect(r.all).not.toContain('wrong-pw');
  });
});

describe('vault data in every kind of YAML file a run loads', () => {
  it('a vault-encrypted playbook, task file and role defaults, with a !vault value in role vars', async () => {
    const dir = tempDir();
    const ring = createKeyring([{ id: 'default', password: Buffer.from('pw-all') }]);
    const enc = (text: string) => ring.encrypt(Buffer.from(text));
    const inline = (text: string) => `!vault |\n${enc(text).trimEnd().split('\n').map((l) => '  ' + l).join('\n')}\n`;
    mkdirSync(join(dir, 'roles/r/defaults'), { recursive: true });
    mkdirSync(join(dir, 'roles/r/vars'), { recursive: true });
    mkdirSync(join(dir, 'roles/r/tasks'), { recursive: true });
    writeFileSync(join(dir, 'roles/r/defaults/main.yml'), enc('role_default: RoleDefault-1177\nflag: yes\n'));
    writeFileSync(join(dir, 'roles/r/vars/main.yml'), `role_var: ${inline('RoleVar-2288')}`);
    writeFileSync(join(dir, 'roles/r/tasks/main.yml'), enc(`- copy: {dest: "${dir}/out", content: "{{ role_default }} {{ role_var }} {{ flag }}"}\n- debug: {msg: "{{ role_default }} {{ role_var }} yes"}\n`));
    writeFileSync(join(dir, 'site.yml'), enc('- hosts: all\n  roles: [r]\n'));
    writeFileSync(join(dir, 'pw'), 'pw-all');
    const r = await run([join(dir, 'site.yml'), '-i', 'localhost,', '--vault-password-file', join(dir, 'pw')]);
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('RoleDefault-1177 RoleVar-2288 True');
    expect(r.all).not.toMatch(/RoleDefault-1177|RoleVar-2288/);
    // A vault file's booleans are not secrets: ordinary words stay readable.
    expect(r.out).toMatch(/"msg":"\*{8} \*{8} yes"/);
  });
});
