// The sandbox's Debian packages: only what `sandbox up` runs for the planned hosts (all in scripts/setup.sh), installed as root, the exact command otherwise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensurePackages, findMissingPackages, sandboxPackages } from '../../src/sandbox/packages.js';

const node = { db: false, lb: false };
const BASE = ['openssh-server', 'openssh-client', 'iproute2', 'util-linux'];

describe('sandboxPackages', () => {
  it.each([
    { name: 'Carbon nodes only', hosts: [node, node], want: BASE },
    { name: 'a db host adds the MariaDB server and client', hosts: [node, { db: true, lb: false }], want: [...BASE, 'mariadb-server', 'mariadb-client'] },
    { name: 'an lb host adds nginx', hosts: [node, { db: false, lb: true }], want: [...BASE, 'nginx'] },
    { name: 'db and lb', hosts: [{ db: true, lb: false }, { db: false, lb: true }], want: [...BASE, 'mariadb-server', 'mariadb-client', 'nginx'] },
  ])('$name', ({ hosts, want }) => {
    expect(sandboxPackages(hosts)).toEqual(want);
  });

  it('never asks for what only the tests, roles or benches use', () => {
    const all = sandboxPackages([{ db: true, lb: true }]);
    for (const p of ['ansible-core', 'default-jre-headless', 'curl', 'socat', 'openssl', 'sudo']) expect(all).not.toContain(p);
  });

  it('asks only for packages scripts/setup.sh installs as well', () => {
    const script = readFileSync('scripts/setup.sh', 'utf8');
    const list = /packages=\(([^)]*)\)/.exec(script)![1]!.split(/\s+/).filter(Boolean);
    expect(list).toEqual(expect.arrayContaining(sandboxPackages([{ db: true, lb: true }])));
  });
});

describe('ensurePackages', () => {
  it('does nothing when every package is installed, and asks dpkg about the given names only', async () => {
    const installs: string[][] = [];
    const asked: string[][] = [];
    const findMissing = async (names: string[]) => (asked.push(names), []);
    expect(await ensurePackages(BASE, { findMissing, install: async (m) => void installs.push(m), isRoot: true })).toEqual([]);
    expect(asked).toEqual([BASE]);
    expect(installs).toEqual([]);
  });

  it('installs the missing ones with apt as root, saying so', async () => {
    const installs: string[][] = [];
    const logs: string[] = [];
    const done = await ensurePackages(['nginx', 'iproute2'], { findMissing: async () => ['nginx', 'iproute2'], install: async (m) => void installs.push(m), isRoot: true, log: (l) => logs.push(l) });
    expect(done).toEqual(['nginx', 'iproute2']);
    expect(installs).toEqual([['nginx', 'iproute2']]);
    expect(logs).toEqual(['installing missing packages: nginx iproute2']);
  });

  it('prints the exact apt-get command when not root, and installs nothing', async () => {
    const installs: string[][] = [];
    await expect(ensurePackages(['mariadb-server'], { findMissing: async () => ['mariadb-server'], install: async (m) => void installs.push(m), isRoot: false }))
      .rejects.toThrow('sandbox up: missing Debian packages: mariadb-server; run as root: apt-get update && apt-get install -y --no-install-recommends mariadb-server');
    expect(installs).toEqual([]);
  });
});

describe('findMissingPackages (dpkg on this machine)', () => {
  it('reports a package dpkg does not know, and not one it has', async () => {
    expect(await findMissingPackages(['dpkg', 'carbon-play-no-such-package'])).toEqual(['carbon-play-no-such-package']);
  });
});
