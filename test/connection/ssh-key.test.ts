// The key a connection offers: parsed once per file, and signing with a parsed key object instead of PEM text.
import { KeyObject, verify } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../src/connection/ssh-key.js';
import { resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { utils } = ssh2;
const dir = makeTempDir('cp-ssh-key-');
const fail = (reason: string) => new Error(reason);

function keyFile(name: string, type: 'ed25519' | 'ecdsa' | 'rsa'): { file: string; publicPem: string } {
  const pair = generateKeyPair(type, type === 'rsa' ? { bits: 2048 } : type === 'ecdsa' ? { bits: 256 } : {});
  const file = join(dir, name);
  writeFileSync(file, pair.private, { mode: 0o600 });
  const parsed = utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  return { file, publicPem: parsed.getPublicPEM() };
}

describe('loadPrivateKey', () => {
  it.each([
    ['ed25519', 'ed25519', undefined, null],
    ['ecdsa', 'ecdsa', undefined, 'sha256'],
    ['rsa, rsa-sha2-256', 'rsa', 'sha256', 'sha256'],
  ] as const)('%s: signs with a parsed key object, and the signature checks out', (_name, type, algo, hash) => {
    const { file, publicPem } = keyFile(`id_${type}`, type);
    const s = resolveSshSettings('h', { ansible_host: 'h', ansible_ssh_private_key_file: file });
    const key = loadPrivateKey(utils.parseKey, s, undefined, fail)!;
    const pemField = Object.getOwnPropertySymbols(key).find((sym) => sym.description === 'Private key PEM')!;
    expect((key as unknown as Record<symbol, unknown>)[pemField]).toBeInstanceOf(KeyObject);
    const data = Buffer.from('session id and request');
    expect(verify(hash, data, publicPem, key.sign(data, algo))).toBe(true);
  });

  it('reads and checks a key file once per run: hosts sharing it get the same key', () => {
    const { file } = keyFile('id_shared', 'ed25519');
    const s = resolveSshSettings('h', { ansible_host: 'h', ansible_ssh_private_key_file: file });
    const first = loadPrivateKey(utils.parseKey, s, undefined, fail);
    rmSync(file);
    expect(loadPrivateKey(utils.parseKey, s, undefined, fail)).toBe(first);
  });

  it('says why an explicit key is not usable', () => {
    const file = join(dir, 'id_garbage');
    writeFileSync(file, 'not a key\n');
    const s = resolveSshSettings('h', { ansible_host: 'h', ansible_ssh_private_key_file: file });
    expect(() => loadPrivateKey(utils.parseKey, s, undefined, fail)).toThrow(/private key .*id_garbage is not usable/);
  });
});
