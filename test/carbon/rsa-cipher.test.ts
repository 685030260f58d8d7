// The stand-in's RSA and .properties reading against the JDK's (one JVM per table): what the cipher tool writes, Carbon reads.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJavaProperties } from '../../sandbox/carbon/server/java-properties.js';
import { loadKeyStore } from '../../sandbox/carbon/server/keystore.js';
import { CipherError, decryptRsa, encryptRsa, parseTransformation } from '../../sandbox/carbon/server/rsa-cipher.js';
import { hasJava, runJava, testKeyStore, type JavaRequest } from './java-side.js';

const TRANSFORMATIONS = [
  'RSA', 'RSA/ECB/PKCS1Padding', 'rsa/ecb/pkcs1padding', 'RSA/ECB/OAEPPadding', 'RSA/ECB/OAEPWithSHA-1AndMGF1Padding',
  'RSA/ECB/OAEPWithSHA1AndMGF1Padding', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', 'RSA/ECB/OAEPWithSHA-384AndMGF1Padding',
];
const PLAINS = ['wso2carbon', 'p&ss<1 ünï', ''];

describe.skipIf(!hasJava)('RSA as javax.crypto.Cipher', () => {
  const ks = testKeyStore();
  const identity = loadKeyStore(ks.file, 'JKS', ks.password, ks.alias);
  const privateKey = identity.key as string;
  const publicKey = createPublicKey(privateKey);

  it(`decrypts what the JDK encrypted with the certificate, and the JDK decrypts ours (${ks.real ? 'the real wso2carbon.jks' : 'the template key store'})`, () => {
    const cases = TRANSFORMATIONS.flatMap((t) => PLAINS.map((p) => ({ t, p })));
    const ours = cases.map(({ t, p }) => encryptRsa(t, publicKey, Buffer.from(p)));
    const requests: JavaRequest[] = [
      ...cases.map(({ t, p }) => ({ op: 'E' as const, transformation: t, data: Buffer.from(p) })),
      ...cases.map(({ t }, i) => ({ op: 'D' as const, transformation: t, data: ours[i] })),
    ];
    const answers = runJava(ks, requests);
    cases.forEach(({ t, p }, i) => {
      const fromJava = answers[i];
      expect(fromJava, `${t} encrypt`).not.toMatch(/^ERR/);
      expect(decryptRsa(t, privateKey, Buffer.from(fromJava, 'base64')).toString(), t).toBe(p);
      expect(Buffer.from(answers[cases.length + i], 'base64').toString(), `${t} JDK decrypt`).toBe(p);
    });
  });

  it('fails as the JDK does: wrong padding, tampered text, unknown transformation', () => {
    const pkcs1 = encryptRsa('RSA', publicKey, Buffer.from('wso2carbon'));
    const tampered = Buffer.from(pkcs1);
    tampered[10] ^= 0xff;
    const bad: { t: string; data: Buffer; ours: RegExp }[] = [
      { t: 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', data: pkcs1, ours: /BadPaddingException/ },
      { t: 'RSA', data: tampered, ours: /BadPaddingException/ },
      { t: 'RSA/ECB/OAEPPadding', data: encryptRsa('RSA/ECB/OAEPWithSHA-256AndMGF1Padding', publicKey, Buffer.from('x')), ours: /BadPaddingException/ },
      { t: 'RSA', data: Buffer.alloc(300, 1), ours: /IllegalBlockSizeException/ },
      { t: 'AES', data: pkcs1, ours: /NoSuchAlgorithmException/ },
      { t: 'RSA/CBC/PKCS1Padding', data: pkcs1, ours: /NoSuchAlgorithmException/ },
      { t: 'RSA/NONE/PKCS1Padding', data: pkcs1, ours: /NoSuchAlgorithmException/ },
    ];
    const answers = runJava(ks, bad.map((b) => ({ op: 'D', transformation: b.t, data: b.data })));
    bad.forEach((b, i) => {
      expect(answers[i], b.t).toMatch(/^ERR /);
      expect(() => decryptRsa(b.t, privateKey, b.data)).toThrow(CipherError);
      expect(() => decryptRsa(b.t, privateKey, b.data)).toThrow(b.ours);
    });
  });

  it('reads the cipher tool\'s line-wrapped base64 (sun.misc.BASE64Encoder wraps at 76 characters)', () => {
    const wrapped = encryptRsa('RSA', publicKey, Buffer.from('admin')).toString('base64').replace(/.{76}/g, '$&\n');
    expect(decryptRsa('RSA', privateKey, Buffer.from(wrapped, 'base64')).toString()).toBe('admin');
  });
});

describe('transformation names', () => {
  it.each([
    ['RSA', 'pkcs1'], ['RSA/ECB/NoPadding', 'none'], ['RSA/ECB/OAEPWithSHA-384AndMGF1Padding', 'oaep'],
  ])('%s is %s', (t, kind) => expect(parseTransformation(t).kind).toBe(kind));
});

// Lines as operators and the cipher tool write them, and the corners of Properties.load.
const PROPERTY_FILES = [
  'a=1\nb = 2\nc:3\nd 4\n',
  '# comment\n! also a comment\n\n   e   =   spaced value  \n',
  'long = first \\\n    second \\\n\tthird\n',
  'key\\ with\\ spaces=v\nk\\=eq=v2\nunicode=\\u00e9t\\u00e9\ntab=a\\tb\n',
  'Datasources.WSO2_CARBON_DB.Configuration.Password=ABCD+/==\\\n  EFGH\n',
  'empty=\nonlykey\ntrailing=x\\\\\n',
  'crlf=1\r\nnext=2\r\n',
];

describe.skipIf(!hasJava)('.properties as java.util.Properties.load', () => {
  it('gives the same keys and values as the JDK for every file of the table', () => {
    const ks = testKeyStore();
    const answers = runJava(ks, PROPERTY_FILES.map((f) => ({ op: 'P', data: Buffer.from(f, 'latin1') })));
    PROPERTY_FILES.forEach((f, i) => {
      const fromJava = answers[i] === '' ? [] : answers[i].split(' ').map((kv) => kv.split(':').map((x) => Buffer.from(x, 'base64').toString('utf8')));
      const ours = [...parseJavaProperties(f)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      expect(ours, JSON.stringify(f)).toEqual(fromJava);
    });
  });
});
