// The vault subcommand's actions on real files: create/edit through $EDITOR, view, rekey, encrypt_string, and refusals.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVaultCommand } from '../../src/cli/vault-command.js';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';

async function vault(argv: string[], opts: { stdin?: string; editor?: string } = {}) {
  let out = '';
  let err = '';
  const env = { ...process.env, EDITOR: opts.editor ?? 'false' };
  const code = await runVaultCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, { stdin: async () => Buffer.from(opts.stdin ?? ''), env });
  return { code, out, err };
}

function setUp() {
  const dir = tempDir();
  writeFileSync(join(dir, 'pw'), 'first-pw\n');
  writeFileSync(join(dir, 'pw2'), 'second-pw\n');
  return { dir, pw: ['--vault-password-file', join(dir, 'pw')], pw2: ['--vault-password-file', join(dir, 'pw2')] };
}

/** An "editor" that replaces the file with `text` (the file name comes last, as $0 of sh -c). */
const writer = (text: string) => `sh -c 'printf "%s" "${text}" > "$0"'`;

afterEach(() => setActiveKeyring(createKeyring()));

describe('carbon-play vault', () => {
  it('create writes what the editor saved, encrypted; refuses an existing file', async () => {
    const { dir, pw } = setUp();
    const f = join(dir, 'new.yml');
    expect((await vault(['create', f, ...pw], { editor: writer('k: v') })).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect((await vault(['view', f, ...pw])).out).toBe('k: v');
    const again = await vault(['create', f, ...pw], { editor: writer('x') });
    expect(again.code).toBe(5);
    expect(again.err).toMatch(/already exists/);
  });

  it('edit saves a change under the same vault id, and leaves the file alone when nothing changed', async () => {
    const { dir } = setUp();
    const f = join(dir, 'e.yml');
    const id = ['--vault-id', `prod@${join(dir, 'pw')}`];
    await vault(['create', f, ...id], { editor: writer('a: 1') });
    const before = readFileSync(f, 'utf8');
    expect(before.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect((await vault(['edit', f, ...id], { editor: 'true' })).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(before);
    expect((await vault(['edit', f, ...id], { editor: writer('a: 2') })).code).toBe(0);
    expect(readFileSync(f, 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect((await vault(['view', f, ...id])).out).toBe('a: 2');
    const failed = await vault(['edit', f, ...id], { editor: 'false' });
    expect(failed.code).toBe(5);
    expect((await vault(['view', f, ...id])).out).toBe('a: 2');
  });

  it('encrypt keeps the mode, refuses vault data, and decrypt opens every file or none', async () => {
    const { dir, pw, pw2 } = setUp();
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, 'A\n');
    writeFileSync(b, 'B\n');
    chmodSync(a, 0o640);
    expect((await vault(['encrypt', a, ...pw])).code).toBe(0);
    expect((await vault(['encrypt', b, ...pw2])).code).toBe(0);
    expect(statSync(a).mode & 0o777).toBe(0o640);
    const twice = await vault(['encrypt', a, ...pw]);
    expect([twice.code, twice.err]).toEqual([5, expect.stringMatching(/already vault-encrypted/)]);
    const mixed = await vault(['decrypt', a, b, ...pw]);
    expect(mixed.code).toBe(4);
    expect(mixed.err).toMatch(/\/b: decryption failed/);
    expect(readFileSync(a, 'utf8')).toMatch(/^\$ANSIBLE_VAULT/);
    expect((await vault(['decrypt', a, b, ...pw, ...pw2])).code).toBe(0);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['A\n', 'B\n']);
    const out = await vault(['encrypt', a, b, '--output', join(dir, 'c'), ...pw]);
    expect(out.code).toBe(5);
    expect(existsSync(join(dir, 'c'))).toBe(false);
  });

  it('encrypt and decrypt use stdin and stdout when given no file', async () => {
    const { pw } = setUp();
    const enc = await vault(['encrypt', ...pw], { stdin: 'piped: yes\n' });
    expect(enc.out).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    const dec = await vault(['decrypt', ...pw], { stdin: enc.out });
    expect(dec.out).toBe('piped: yes\n');
  });

  it('rekey: the new password opens the files, the old one no longer does; a wrong old password changes nothing', async () => {
    const { dir, pw, pw2 } = setUp();
    const f = join(dir, 'r');
    writeFileSync(f, 'R');
    await vault(['encrypt', f, ...pw]);
    const wrong = await vault(['rekey', f, ...pw2, '--new-vault-password-file', join(dir, 'pw2')]);
    expect(wrong.code).toBe(4);
    expect((await vault(['rekey', f, ...pw, '--new-vault-id', `next@${join(dir, 'pw2')}`])).code).toBe(0);
    expect(readFileSync(f, 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;next');
    expect((await vault(['view', f, ...pw2])).out).toBe('R');
    expect((await vault(['view', f, ...pw])).code).toBe(4);
  });

  it('encrypt_string: named arguments and a named stdin value, as YAML a loader reads back', async () => {
    const { pw } = setUp();
    const r = await vault(['encrypt_string', ...pw, '-n', 'one', 'first value', '--stdin-name', 'two', '-'], { stdin: 'from stdin' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^two: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+one: !vault \|\n/);
    expect(r.out).not.toMatch(/first value|from stdin/);
    const { parse } = await import('yaml');
    const { loadVaultSecrets } = await import('../../src/vault/password-sources.js');
    const { createVaultTag } = await import('../../src/vault/yaml-vault.js');
    const ring = createKeyring(await loadVaultSecrets({ passwordFiles: [pw[1]!] }, { ask: async () => '' }));
    expect(parse(r.out, { customTags: [createVaultTag(ring)] })).toEqual({ one: 'first value', two: 'from stdin' });
    expect((await vault(['encrypt_string', ...pw, ''])).code).toBe(5);
  });

  it('an action is required, and unknown options are named (exit 5)', async () => {
    expect((await vault(['frobnicate'])).code).toBe(5);
    const r = await vault(['view', 'x', '--vault-pasword-file', 'p']);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/--vault-pasword-file/);
  });
});
