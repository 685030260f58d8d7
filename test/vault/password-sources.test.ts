// Where vault passwords come from, in Ansible's order, and how each source is read.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVaultIdSpecs, loadVaultSecrets, parseVaultId } from '../../src/vault/password-sources.js';
import { tempDir } from '../runner/helpers.js';

describe('vault ids', () => {
  it.each([
    ['pw.txt', { id: 'default', source: 'pw.txt' }],
    ['dev@pw.txt', { id: 'dev', source: 'pw.txt' }],
    ['prod@prompt', { id: 'prod', source: 'prompt' }],
    ['a@b@c', { id: 'a', source: 'b@c' }],
  ])('%s', (value, want) => expect(parseVaultId(value)).toEqual(want));

  it.each(['@pw', 'dev@'])('%s is exit 5', (value) => expect(() => parseVaultId(value)).toThrow(/expected LABEL@SOURCE/));

  it('orders --vault-id values, then password files as default@FILE, then the --ask-vault-pass prompt', () => {
    expect(buildVaultIdSpecs({ vaultIds: ['dev@a'], passwordFiles: ['b'], askVaultPass: true })).toEqual([
      { id: 'dev', source: 'a' }, { id: 'default', source: 'b' }, { id: 'default', source: 'prompt_ask_vault_pass' },
    ]);
    expect(buildVaultIdSpecs({})).toEqual([]);
    expect(buildVaultIdSpecs({ promptWhenNone: true })).toEqual([{ id: 'default', source: 'prompt_ask_vault_pass' }]);
    expect(buildVaultIdSpecs({ passwordFiles: ['b'], promptWhenNone: true })).toEqual([{ id: 'default', source: 'b' }]);
  });
});

describe('reading the passwords', () => {
  const never = async (): Promise<string> => {
    throw new Error('asked');
  };
  it.each([
    ['a file: surrounding whitespace and line ends stripped', 'pw', '\t s3cret \r\n', 's3cret'],
    ['a file keeps inner spaces', 'pw', 'two words\n', 'two words'],
    ['a script: its stdout, line ends stripped', 'pw.sh', '#!/bin/sh\nprintf " padded \\n"\n', ' padded '],
  ])('%s', async (_name, file, content, want) => {
    const dir = tempDir();
    writeFileSync(join(dir, file), content);
    if (file.endsWith('.sh')) chmodSync(join(dir, file), 0o755);
    const [s] = await loadVaultSecrets({ passwordFiles: [file] }, { cwd: dir, ask: never });
    expect(s!.password.toString()).toBe(want);
    expect(s!.id).toBe('default');
  });

  it('prompts: --ask-vault-pass says "Vault password: ", a labelled prompt names its label', async () => {
    const prompts: string[] = [];
    const secrets = await loadVaultSecrets({ vaultIds: ['prod@prompt'], askVaultPass: true }, { ask: async (p) => (prompts.push(p), `typed-${prompts.length}`) });
    expect(prompts).toEqual(['Vault password (prod): ', 'Vault password: ']);
    expect(secrets.map((s) => [s.id, s.password.toString()])).toEqual([['prod', 'typed-1'], ['default', 'typed-2']]);
  });

  it('a new password is asked twice and must match', async () => {
    const answers = ['one', 'one'];
    const prompts: string[] = [];
    const [s] = await loadVaultSecrets({ promptWhenNone: true, confirm: true }, { ask: async (p) => (prompts.push(p), answers.shift()!) });
    expect(prompts).toEqual(['New Vault password: ', 'Confirm New Vault password: ']);
    expect(s!.password.toString()).toBe('one');
    const mismatch = ['one', 'two'];
    await expect(loadVaultSecrets({ askVaultPass: true, confirm: true }, { ask: async () => mismatch.shift()! })).rejects.toThrow(/do not match/);
  });

  it('a failing script is exit 5 without quoting what it printed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.sh'), '#!/bin/sh\necho leaked-secret; echo leaked-err >&2; exit 3\n');
    chmodSync(join(dir, 'bad.sh'), 0o755);
    const err = await loadVaultSecrets({ passwordFiles: ['bad.sh'] }, { cwd: dir, ask: never }).catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/vault password script bad\.sh: expected exit 0, got exit 3/);
    expect(String((err as Error).message)).not.toMatch(/leaked/);
  });
});
