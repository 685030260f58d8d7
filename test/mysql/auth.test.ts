// Password forms: which servers take the native hash, and checking stored hashes (native and caching_sha2) without the server.
import { describe, expect, it } from 'vitest';
import { cachingSha2Matches, encodeSha256Crypt, nativePasswordHash, parseServerVersion, sha256CryptDigest, storedPasswordMatches, usesNativePassword } from '../../src/mysql/auth.js';

describe('server version', () => {
  it.each([
    ['10.11.6-MariaDB-0+deb12u1', true, 10, true],
    ['5.5.5-10.11.6-MariaDB', true, 5, true],
    ['5.7.44-log', false, 5, true],
    ['8.0.36', false, 8, false],
    ['8.4.0', false, 8, false],
    ['9.1.0', false, 9, false],
  ])('%s: MariaDB %s, major %i, native password %s', (v, mariadb, major, native) => {
    const s = parseServerVersion(v);
    expect([s.mariadb, s.major, usesNativePassword(s)]).toEqual([mariadb, major, native]);
  });
});

describe('SHA-256 crypt', () => {
  // Reference values from the system's crypt(3) (glibc, `$5$` scheme), computed on this machine.
  it.each([
    ['Hello world!', 'saltstring', 5000, '5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
    [`${'x'.repeat(70)} long key over two blocks`, 'abcdefghijklmnop', 1000, 'to540GeFOsnaqVH/AH5UNQplUJCF9.phfPWHlTK6Wf6'],
    [`p a'ss"w\\o&r<d> ;--`, '0123456789abcdef', 5000, 'ESU.h.Lj7b.H4oQvDpzfWRg1JCB9Y2FbNtJvGreOne6'],
    ['', 's', 1234, 'ekRiT1JNTyKY/z1kOFQbnsrpIHufYnUrRdWOsU67Yo0'],
  ])('%j with salt %s, %i rounds', (key, salt, rounds, want) => {
    expect(encodeSha256Crypt(sha256CryptDigest(Buffer.from(key), Buffer.from(salt), rounds))).toBe(want);
  });
});

describe('stored password checks', () => {
  // caching_sha2_password's form: `$A$005$`, a 20-byte salt (any byte but NUL and `$`), the 43-character digest.
  const salt = Buffer.from([0x01, 0x7f, 0x20, 0x41, 0x0a, 0x5c, 0x27, 0x22, 0x3b, 0x7e, 0x61, 0x62, 0x63, 0x64, 0x30, 0x31, 0x32, 0x33, 0x09, 0x2f]);
  const stored = (pw: string) => Buffer.concat([Buffer.from('$A$005$'), salt, Buffer.from(encodeSha256Crypt(sha256CryptDigest(Buffer.from(pw), salt, 5000)))]);

  it('caching_sha2_password: the same password matches, another does not, a malformed hash never does', () => {
    const s = stored('s3cret pw');
    expect(s).toHaveLength(70);
    expect(cachingSha2Matches(s, 's3cret pw')).toBe(true);
    expect(cachingSha2Matches(s, 's3cret pW')).toBe(false);
    expect(cachingSha2Matches(s.subarray(0, 69), 's3cret pw')).toBe(false);
    expect(cachingSha2Matches(Buffer.from('*94BDCEBE19083CE2A1F959FD02F964C7AF4CFC29'), 's3cret pw')).toBe(false);
  });

  it('by plugin: native and caching_sha2 are checked, another plugin cannot be (null)', () => {
    expect(storedPasswordMatches('mysql_native_password', Buffer.from(nativePasswordHash('a b')), 'a b')).toBe(true);
    expect(storedPasswordMatches('', Buffer.from(nativePasswordHash('a b')), 'a c')).toBe(false);
    expect(storedPasswordMatches('caching_sha2_password', stored('x'), 'x')).toBe(true);
    expect(storedPasswordMatches('sha256_password', stored('x'), 'x')).toBeNull();
  });
});
