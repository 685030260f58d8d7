import { describe, expect, it } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { decryptAes256, encryptAes256 } from '../../src/vault/aes256.js';
import { formatEnvelope, parseEnvelope } from '../../src/vault/envelope.js';
import { createKeyring } from '../../src/vault/keyring.js';
import { openVaultedText } from '../../src/vault/yaml-vault.js';

const pw = (id: string, p: string) => ({ id, password: Buffer.from(p) });

// Written by ansible-vault 2.14 (`ansible-vault encrypt --vault-password-file` with 'pw-one', and encrypt_string --vault-id dev@).
const ANSIBLE_11 = `$ANSIBLE_VAULT;1.1;AES256
63303264363939613663316439346534663562383434373164623839613561636164383237356537
3632343336633663343336623635653263636565393039630a383531343038663139623939666131
39396335656437373839373432393061623165323734653263646466663332313836663734346239
3761653434616463640a313861623163313361613037653361306465613063663734323737346438
3034
`;
const ANSIBLE_12 = `$ANSIBLE_VAULT;1.2;AES256;dev
          64666666353364363937663939613263343639643535393738623365353737316631316632326162
          6364663730353263633866613430633963643131333534320a663834633863646139643931363765
          32346239343532373133613931316662626263396462333636396533326535323231323736376638
          3931663433313863640a316461646161663739346538633364323464353232613162663865363564
          3862`;

describe('vault data written by ansible-vault', () => {
  it.each([
    { name: '1.1 file', text: ANSIBLE_11, secrets: [pw('default', 'pw-one')], plain: 'hello vault\n', id: 'default' },
    { name: '1.2 labelled value, indented', text: ANSIBLE_12, secrets: [pw('dev', 'pw-one')], plain: 'Secr3t!', id: 'dev' },
    { name: 'label mismatch still tried (vault_id_match off)', text: ANSIBLE_12, secrets: [pw('prod', 'nope'), pw('other', 'pw-one')], plain: 'Secr3t!', id: 'other' },
    { name: 'matching label tried first', text: ANSIBLE_12, secrets: [pw('x', 'wrong'), pw('dev', 'pw-one')], plain: 'Secr3t!', id: 'dev' },
  ])('opens $name', ({ text, secrets, plain, id }) => {
    const r = createKeyring(secrets).decrypt(text);
    expect(r.plaintext.toString()).toBe(plain);
    expect(r.id).toBe(id);
  });
});

describe('what cannot be opened is a parse error (exit 4) that never quotes the password', () => {
  // Changes one hex digit of the salt, HMAC or ciphertext (the inner lines), keeping the data well-formed.
  const flip = (t: string, part: number) => {
    const env = parseEnvelope(t);
    const inner = Buffer.from(env.body, 'hex').toString('latin1').split('\n');
    inner[part] = (inner[part]![0] === 'a' ? 'b' : 'a') + inner[part]!.slice(1);
    return formatEnvelope(Buffer.from(inner.join('\n'), 'latin1').toString('hex'));
  };
  it.each([
    { name: 'wrong password', text: ANSIBLE_11, secrets: [pw('default', 'pw-two')], msg: /decryption failed/ },
    { name: 'no password at all', text: ANSIBLE_11, secrets: [], msg: /no vault password was given/ },
    { name: 'a changed ciphertext digit', text: flip(ANSIBLE_11, 2), secrets: [pw('default', 'pw-one')], msg: /decryption failed/ },
    { name: 'a changed salt digit', text: flip(ANSIBLE_11, 0), secrets: [pw('default', 'pw-one')], msg: /decryption failed/ },
    { name: 'a changed HMAC digit', text: flip(ANSIBLE_11, 1), secrets: [pw('default', 'pw-one')], msg: /decryption failed/ },
    { name: 'a truncated body', text: ANSIBLE_11.slice(0, 200), secrets: [pw('default', 'pw-one')], msg: /vault format error/ },
    { name: 'a non-hex body', text: ANSIBLE_11.replace('6330', 'zz30'), secrets: [pw('default', 'pw-one')], msg: /hexadecimal/ },
    { name: 'an unknown version', text: ANSIBLE_11.replace('1.1', '2.0'), secrets: [pw('default', 'pw-one')], msg: /version 1.1 or 1.2/ },
    { name: 'an unknown cipher', text: ANSIBLE_11.replace('AES256', 'AES'), secrets: [pw('default', 'pw-one')], msg: /cipher AES256/ },
  ])('$name', ({ text, secrets, msg }) => {
    let err: unknown;
    try {
      createKeyring(secrets).decrypt(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CarbonPlayError);
    const e = err as CarbonPlayError;
    expect(e.kind).toBe('parse');
    expect(e.message).toMatch(msg);
    expect(e.message).not.toMatch(/pw-(one|two)/);
  });
});

describe('carbon-play writes the same format', () => {
  it.each([
    { plain: '', id: 'default', header: '$ANSIBLE_VAULT;1.1;AES256' },
    { plain: 'x'.repeat(16), id: 'default', header: '$ANSIBLE_VAULT;1.1;AES256' },
    { plain: 'ünïcødé\nline two\n', id: 'prod', header: '$ANSIBLE_VAULT;1.2;AES256;prod' },
  ])('round trip of $plain.length bytes under $id', ({ plain, id, header }) => {
    const ring = createKeyring([pw(id, 's3')]);
    const text = ring.encrypt(Buffer.from(plain), id);
    const lines = text.split('\n');
    expect(lines[0]).toBe(header);
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.slice(1, -2).every((l) => l.length === 80)).toBe(true);
    expect(ring.decrypt(text).plaintext.toString()).toBe(plain);
  });

  it('is deterministic for a given salt, and each encryption draws a new salt', () => {
    const salt = Buffer.alloc(32, 7);
    expect(encryptAes256(Buffer.from('a'), Buffer.from('p'), salt)).toBe(encryptAes256(Buffer.from('a'), Buffer.from('p'), salt));
    expect(encryptAes256(Buffer.from('a'), Buffer.from('p'))).not.toBe(encryptAes256(Buffer.from('a'), Buffer.from('p')));
    const body = parseEnvelope(formatEnvelope(encryptAes256(Buffer.from('a'), Buffer.from('p'), salt))).body;
    expect(decryptAes256(body, Buffer.from('p'))?.toString()).toBe('a');
    expect(decryptAes256(body, Buffer.from('q'))).toBeUndefined();
  });

  it('refuses to encrypt twice, and names unknown --encrypt-vault-id', () => {
    const ring = createKeyring([pw('a', 'p')]);
    expect(() => ring.encrypt(Buffer.from(ANSIBLE_11))).toThrow(/already vault-encrypted/);
    expect(() => ring.encrypt(Buffer.from('x'), 'b')).toThrow(/--encrypt-vault-id: expected one of the given vault ids \(a\), got 'b'/);
    expect(() => createKeyring().encrypt(Buffer.from('x'))).toThrow(/expected a vault password/);
  });
});

describe('a vault-encrypted YAML file', () => {
  it('marks each value as the loaders read it (YAML 1.1 numbers as PyYAML reads them) as a secret', () => {
    const keyring = createKeyring([pw('default', 'pw-one')]);
    const text = keyring.encrypt(Buffer.from('db_port: 0755\ntoken: 1_000\npair: 1:20\nword: yes\nname: s3cret\n'));
    expect(openVaultedText(text, keyring)).toContain('token: 1_000');
    // 0755 is 493 and 1_000 is 1000 when printed; the boolean stays unmasked (never a secret).
    expect(keyring.revealed().sort()).toEqual(['1000', '493', '80', 's3cret']);
  });
});
