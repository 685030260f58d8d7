// known_hosts parsing and checking: plain, hashed, [host]:port, wildcards, negation, markers, fingerprints.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprintKey, hashHostName, keyTypeOf, knownHostName, knownKeyTypes, parseKnownHosts } from '../../src/connection/ssh-known-hosts.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const dir = makeTempDir('cp-kh-');
function makeKey(name: string): { type: string; blob: string; buf: Buffer; fp: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  const [type, blob] = readFileSync(`${path}.pub`, 'utf8').split(' ');
  const fp = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(' ')[1];
  return { type, blob, buf: Buffer.from(blob, 'base64'), fp };
}
const a = makeKey('a');
const b = makeKey('b');

describe('parseKnownHosts', () => {
  it('reads plain, hashed and marked entries, skipping comments and junk', () => {
    const text = [
      '# comment',
      '',
      `web1,10.0.0.1 ${a.type} ${a.blob} comment here`,
      `|1|c2FsdA==|aGFzaA== ${a.type} ${a.blob}`,
      `@revoked bad ${b.type} ${b.blob}`,
      'only-two fields',
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => ({ patterns: e.patterns, hashed: Boolean(e.hashed), marker: e.marker, line: e.line }))).toEqual([
      { patterns: ['web1', '10.0.0.1'], hashed: false, marker: undefined, line: 3 },
      { patterns: [], hashed: true, marker: undefined, line: 4 },
      { patterns: ['bad'], hashed: false, marker: '@revoked', line: 5 },
    ]);
  });
});

describe('checkHostKey', () => {
  const cases: Array<[string, string, string, number, Buffer, string]> = [
    ['plain match', `10.0.0.1 ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'match'],
    ['one of several names', `web1,10.0.0.1 ${a.type} ${a.blob}`, 'web1', 22, a.buf, 'match'],
    ['another host only', `10.0.0.2 ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'unknown'],
    ['a changed key', `10.0.0.1 ${b.type} ${b.blob}`, '10.0.0.1', 22, a.buf, 'changed'],
    ['hashed match', `${hashHostName('10.0.0.1')} ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'match'],
    ['hashed, another host', `${hashHostName('10.0.0.9')} ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'unknown'],
    ['[host]:port match', `[10.0.0.1]:2222 ${a.type} ${a.blob}`, '10.0.0.1', 2222, a.buf, 'match'],
    ['port 22 entry does not cover 2222', `10.0.0.1 ${a.type} ${a.blob}`, '10.0.0.1', 2222, a.buf, 'unknown'],
    ['hashed [host]:port', `${hashHostName('[10.0.0.1]:2222')} ${a.type} ${a.blob}`, '10.0.0.1', 2222, a.buf, 'match'],
    ['wildcard', `10.0.0.* ${a.type} ${a.blob}`, '10.0.0.7', 22, a.buf, 'match'],
    ['negated name', `10.0.0.*,!10.0.0.7 ${a.type} ${a.blob}`, '10.0.0.7', 22, a.buf, 'unknown'],
    ['revoked key', `@revoked * ${a.type} ${a.blob}\n10.0.0.1 ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'revoked'],
    ['cert-authority lines are not host keys', `@cert-authority * ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'unknown'],
    ['matched among several keys', `10.0.0.1 ${b.type} ${b.blob}\n10.0.0.1 ${a.type} ${a.blob}`, '10.0.0.1', 22, a.buf, 'match'],
  ];
  it.each(cases)('%s', (_name, text, host, port, key, verdict) => {
    expect(checkHostKey(parseKnownHosts(text), host, port, keyTypeOf(key), key)).toBe(verdict);
  });
});

describe('helpers', () => {
  it('names a host as OpenSSH looks it up', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('h', 2222)).toBe('[h]:2222');
  });
  it('prints the fingerprint ssh-keygen prints', () => {
    expect(fingerprintKey(a.buf)).toBe(a.fp);
  });
  it('reads the key type from the blob', () => {
    expect(keyTypeOf(a.buf)).toBe('ssh-ed25519');
  });
  it('lists the key types known for a host', () => {
    expect(knownKeyTypes(parseKnownHosts(`h ssh-rsa AAAA\nh ${a.type} ${a.blob}\nother ecdsa-sha2-nistp256 AAAA`), 'h', 22)).toEqual(['ssh-rsa', 'ssh-ed25519']);
  });
});
