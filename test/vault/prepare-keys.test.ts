// prepareVaultKeys: the keys decrypt needs are derived ahead (off the main thread), so decrypt runs no PBKDF2 of its own.
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Counts the synchronous derivations decrypt does; the thread-pool one (pbkdf2) is Node's own.
const sync = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, pbkdf2Sync: (...args: Parameters<typeof real.pbkdf2Sync>) => (sync.calls++, real.pbkdf2Sync(...args)) };
});

const { createKeyring, prepareVaultKeys } = await import('../../src/vault/keyring.js');

const pw = (id: string, p: string) => ({ id, password: Buffer.from(p) });
beforeEach(() => {
  sync.calls = 0;
});

describe('keys prepared ahead', () => {
  // Each case: a fresh keyring (its passwords are new Buffers, so nothing is kept from an earlier case).
  it.each([
    { name: 'a vault-encrypted file', text: (e: string) => e, opened: (e: string) => [e] },
    { name: 'a `!vault` value in YAML', text: (e: string) => `user: admin\npassword: !vault |\n  ${e.trimEnd().split('\n').join('\n  ')}\n`, opened: (e: string) => [e] },
    { name: 'two `!vault` values', text: (e: string, f: string) => `a: !vault |\n    ${e.trimEnd().split('\n').join('\n    ')}\nb: !vault |\n    ${f.trimEnd().split('\n').join('\n    ')}\n`, opened: (e: string, f: string) => [e, f] },
  ])('$name: decrypt derives nothing itself', async ({ text, opened }) => {
    const writer = createKeyring([pw('default', 'pw-one')]);
    const [e, f] = [writer.encrypt(Buffer.from('s3cret')), writer.encrypt(Buffer.from('other'))];
    const keyring = createKeyring([pw('default', 'pw-one')]);
    await prepareVaultKeys([text(e, f)], keyring);
    sync.calls = 0;
    for (const envelope of opened(e, f)) expect(['s3cret', 'other']).toContain(keyring.decrypt(envelope).plaintext.toString());
    expect(sync.calls).toBe(0);
  });

  it('without preparing, decrypt derives once per envelope, and not again for the same data', () => {
    const e = createKeyring([pw('default', 'pw-one')]).encrypt(Buffer.from('s3cret'));
    const keyring = createKeyring([pw('default', 'pw-one')]);
    sync.calls = 0;
    expect(keyring.decrypt(e).plaintext.toString()).toBe('s3cret');
    expect(keyring.decrypt(e).plaintext.toString()).toBe('s3cret');
    expect(sync.calls).toBe(1);
  });

  it('a wrong password prepared ahead still fails to open, with the same error', async () => {
    const e = createKeyring([pw('default', 'pw-one')]).encrypt(Buffer.from('s3cret'));
    const keyring = createKeyring([pw('default', 'wrong')]);
    await prepareVaultKeys([e], keyring);
    expect(() => keyring.decrypt(e)).toThrow(/decryption failed: no vault password given opens it/);
  });

  it.each([
    ['malformed vault data', '$ANSIBLE_VAULT;1.1;AES256\nzz\n'],
    ['plain text', 'a: 1\n'],
    ['an empty text', ''],
  ])('%s: resolves, deriving nothing', async (_name, text) => {
    await expect(prepareVaultKeys([text], createKeyring([pw('default', 'pw-one')]))).resolves.toBeUndefined();
    expect(sync.calls).toBe(0);
  });

  it('no password given: nothing to prepare', async () => {
    const e = createKeyring([pw('default', 'pw-one')]).encrypt(Buffer.from('s3cret'));
    await expect(prepareVaultKeys([e], createKeyring([]))).resolves.toBeUndefined();
  });
});
