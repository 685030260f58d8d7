// Differential: files and strings ansible-vault 2.14 writes open in carbon-play, and the reverse, for each format and vault-id form.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runVaultCommand } from '../../src/cli/vault-command.js';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { vaultYamlOptions } from '../../src/vault/yaml-vault.js';
import { tempDir } from '../runner/helpers.js';

const hasAnsible = spawnSync('ansible-vault', ['--version'], { stdio: 'ignore' }).status === 0;

/** Plaintexts that exercise padding (0, 15, 16 bytes), UTF-8, line ends and every byte value. */
const PLAINTEXTS: { name: string; bytes: Buffer }[] = [
  { name: 'empty', bytes: Buffer.alloc(0) },
  { name: 'fifteen', bytes: Buffer.from('x'.repeat(15)) },
  { name: 'one-block', bytes: Buffer.from('y'.repeat(16)) },
  { name: 'yaml-utf8', bytes: Buffer.from('db_password: "pässwörd ✓"\nlist:\n  - a\r\n  - b\n') },
  { name: 'all-bytes', bytes: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) },
];

/** The vault-id forms: a password file (1.1), a labelled id (1.2), an unlabelled --vault-id (1.1, label default). */
const FORMS = [
  { name: '--vault-password-file', args: (pw: string) => ['--vault-password-file', pw], header: '$ANSIBLE_VAULT;1.1;AES256' },
  { name: '--vault-id dev@FILE', args: (pw: string) => ['--vault-id', `dev@${pw}`], header: '$ANSIBLE_VAULT;1.2;AES256;dev' },
  { name: '--vault-id FILE', args: (pw: string) => ['--vault-id', pw], header: '$ANSIBLE_VAULT;1.1;AES256' },
];

const STRINGS = ['s3cr3t-Ä', 'with spaces and "quotes"', 'line1\nline2'];

function ansible(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function ours(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVaultCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, { stdin: async () => Buffer.alloc(0) });
  return { code, out, err };
}

function setUp(): { dir: string; pw: string } {
  const dir = tempDir();
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'compat-Pa55\n');
  return { dir, pw };
}

afterEach(() => setActiveKeyring(createKeyring()));

describe.skipIf(!hasAnsible)('ansible-vault -> carbon-play', () => {
  it.each(FORMS)('files and strings written with $name open in carbon-play', async (form) => {
    const { dir, pw } = setUp();
    const files = PLAINTEXTS.map((p) => {
      const f = join(dir, p.name);
      writeFileSync(f, p.bytes);
      return f;
    });
    ansible('ansible-vault', ['encrypt', ...form.args(pw), ...files], dir);
    const strings = ansible('ansible-vault', ['encrypt_string', ...form.args(pw), ...STRINGS.flatMap((_, i) => ['-n', `v${i}`]), ...STRINGS], dir);
    for (const [i, f] of files.entries()) {
      expect(readFileSync(f, 'utf8').split('\n')[0]).toBe(form.header);
      const r = await ours(['decrypt', ...form.args(pw), f, '--output', `${f}.plain`]);
      expect(r.code, r.err).toBe(0);
      expect(readFileSync(`${f}.plain`).equals(PLAINTEXTS[i]!.bytes), PLAINTEXTS[i]!.name).toBe(true);
    }
    // The strings as a loader reads them: `!vault |` values in a YAML mapping.
    const { loadVaultSecrets } = await import('../../src/vault/password-sources.js');
    setActiveKeyring(createKeyring(await loadVaultSecrets({ vaultIds: form.args(pw)[0] === '--vault-id' ? [form.args(pw)[1]!] : [], passwordFiles: form.args(pw)[0] === '--vault-password-file' ? [pw] : [] }, { ask: async () => '' })));
    expect(parse(strings, vaultYamlOptions())).toEqual(Object.fromEntries(STRINGS.map((s, i) => [`v${i}`, s])));
  }, 30_000);

  it('a wrong password and a tampered file are exit 4 in carbon-play, and errors in ansible-vault too', async () => {
    const { dir, pw } = setUp();
    const f = join(dir, 'secret.yml');
    writeFileSync(f, 'a: b\n');
    ansible('ansible-vault', ['encrypt', '--vault-password-file', pw, f], dir);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'other');
    const tampered = join(dir, 'tampered.yml');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/^(.{20})(.)/, (_m, a: string, c: string) => a + (c === '3' ? '6' : '3'));
    writeFileSync(tampered, lines.join('\n'));
    for (const [file, password] of [[f, bad], [tampered, pw]] as const) {
      const before = readFileSync(file, 'utf8');
      const r = await ours(['decrypt', '--vault-password-file', password, file]);
      expect(r.code).toBe(4);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(spawnSync('ansible-vault', ['view', '--vault-password-file', password, file], { cwd: dir }).status).not.toBe(0);
    }
  }, 30_000);
});

describe.skipIf(!hasAnsible)('carbon-play -> ansible-vault', () => {
  it.each(FORMS)('files written with $name open in ansible-vault', async (form) => {
    const { dir, pw } = setUp();
    const files = PLAINTEXTS.map((p) => {
      const f = join(dir, p.name);
      writeFileSync(f, p.bytes);
      return f;
    });
    const r = await ours(['encrypt', ...form.args(pw), ...files]);
    expect(r.code, r.err).toBe(0);
    for (const f of files) expect(readFileSync(f, 'utf8').split('\n')[0]).toBe(form.header);
    ansible('ansible-vault', ['decrypt', ...form.args(pw), ...files], dir);
    for (const [i, f] of files.entries()) expect(readFileSync(f).equals(PLAINTEXTS[i]!.bytes), PLAINTEXTS[i]!.name).toBe(true);
  }, 30_000);

  it('encrypt_string values, under each vault-id form, are read by one ansible-playbook run', async () => {
    const { dir, pw } = setUp();
    const pw2 = join(dir, 'pw2');
    writeFileSync(pw2, 'second-Pa55');
    const blocks: string[] = [];
    const expected: Record<string, string> = {};
    for (const [k, args] of [['p', ['--vault-password-file', pw]], ['d', ['--vault-id', `dev@${pw2}`]], ['u', ['--vault-id', pw]]] as const) {
      const names = STRINGS.map((_, i) => `${k}${i}`);
      const r = await ours(['encrypt_string', ...args, ...names.flatMap((n) => ['-n', n]), ...STRINGS]);
      expect(r.code, r.err).toBe(0);
      blocks.push(r.out);
      names.forEach((n, i) => (expected[n] = STRINGS[i]!));
    }
    writeFileSync(join(dir, 'vars.yml'), blocks.join(''));
    writeFileSync(join(dir, 'site.yml'), `- hosts: localhost\n  gather_facts: false\n  vars_files: [vars.yml]\n  tasks:\n    - copy: {dest: ${dir}/out.json, content: "{{ {${Object.keys(expected).map((n) => `'${n}': ${n}`).join(', ')}} | to_json }}"}\n`);
    ansible('ansible-playbook', ['-i', 'localhost,', '-c', 'local', 'site.yml', '--vault-id', pw, '--vault-id', `dev@${pw2}`], dir);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toEqual(expected);
  }, 60_000);
});
