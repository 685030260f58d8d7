// The stand-in resolves a datasource's host as Carbon (Java) does: /etc/hosts, then DNS; tests never ask a real DNS server.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveHost } from '../../sandbox/carbon/server/jdbc.js';

const hostsFile = join(tmpdir(), `carbon-jdbc-hosts-${process.pid}`);
writeFileSync(hostsFile, '# test hosts\n10.200.0.5\tcarbondb.test carbondb  # the DB\n');
afterAll(() => rmSync(hostsFile, { force: true }));

const unknown = (host: string) => new RegExp(`^Communications link failure: java\\.net\\.UnknownHostException: ${host.replace(/\./g, '\\.')}$`);
const noLookup = async (h: string): Promise<string> => { throw new Error(`lookup of ${h} must not happen`); };

describe('resolveHost', () => {
  it('an IP address is used as it is', async () => {
    expect(await resolveHost('10.1.2.3', 'DS', { lookup: noLookup })).toBe('10.1.2.3');
  });

  it('a given hosts file is the only source (tests): a name in it resolves, any other name is unknown', async () => {
    expect(await resolveHost('CarbonDB', 'DS', { hostsFile, lookup: noLookup })).toBe('10.200.0.5');
    await expect(resolveHost('localhost', 'DS', { hostsFile, lookup: noLookup })).rejects.toThrow(unknown('localhost'));
  });

  it('otherwise the system resolver answers (/etc/hosts, then DNS): a name only DNS knows resolves', async () => {
    const asked: string[] = [];
    const dns = async (h: string) => { asked.push(h); return h === 'db.example.org' ? '192.0.2.7' : Promise.reject(new Error('ENOTFOUND')); };
    expect(await resolveHost('db.example.org', 'DS', { lookup: dns })).toBe('192.0.2.7');
    await expect(resolveHost('nodb.example.org', 'DS', { lookup: dns })).rejects.toThrow(unknown('nodb.example.org'));
    expect(asked).toEqual(['db.example.org', 'nodb.example.org']);
  });

  // The lookup never settles: without the timeout this test would hang until vitest's own limit.
  it('a lookup that does not answer fails fast as an unknown host', async () => {
    await expect(resolveHost('slow.example.org', 'DS', { lookup: () => new Promise<string>(() => undefined), timeoutMs: 100 })).rejects.toThrow(unknown('slow.example.org'));
  });

  // The real system lookup on a name /etc/hosts holds: nsswitch answers from the file, no DNS query leaves the machine.
  it('the default resolver reads /etc/hosts', async () => {
    const prev = process.env.CARBON_STANDIN_HOSTS_FILE;
    delete process.env.CARBON_STANDIN_HOSTS_FILE;
    try {
      expect(await resolveHost('localhost', 'DS')).toBe('127.0.0.1');
    } finally {
      if (prev !== undefined) process.env.CARBON_STANDIN_HOSTS_FILE = prev;
    }
  });
});
