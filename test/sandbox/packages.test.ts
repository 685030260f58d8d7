// The sandbox's Debian packages: the same list as scripts/setup.sh, installed as root, the exact command otherwise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensurePackages, findMissingPackages, REQUIRED_PACKAGES } from '../../src/sandbox/packages.js';

describe('REQUIRED_PACKAGES', () => {
  it('is the list scripts/setup.sh installs', () => {
    const script = readFileSync('scripts/setup.sh', 'utf8');
    const list = /packages=\(([^)]*)\)/.exec(script)![1]!.split(/\s+/).filter(Boolean);
    expect(REQUIRED_PACKAGES).toEqual(list);
  });
});

describe('ensurePackages', () => {
  it('does nothing when every package is installed', async () => {
    const installs: string[][] = [];
    expect(await ensurePackages({ findMissing: async () => [], install: async (m) => void installs.push(m), isRoot: true })).toEqual([]);
    expect(installs).toEqual([]);
  });

  it('installs the missing ones with apt as root, saying so', async () => {
    const installs: string[][] = [];
    const logs: string[] = [];
    const done = await ensurePackages({ findMissing: async () => ['nginx', 'rsync'], install: async (m) => void installs.push(m), isRoot: true, log: (l) => logs.push(l) });
    expect(done).toEqual(['nginx', 'rsync']);
    expect(installs).toEqual([['nginx', 'rsync']]);
    expect(logs).toEqual(['installing missing packages: nginx rsync']);
  });

  it('prints the exact apt-get command when not root, and installs nothing', async () => {
    const installs: string[][] = [];
    await expect(ensurePackages({ findMissing: async () => ['mariadb-server'], install: async (m) => void installs.push(m), isRoot: false }))
      .rejects.toThrow('sandbox up: missing Debian packages: mariadb-server; run as root: apt-get update && apt-get install -y --no-install-recommends mariadb-server');
    expect(installs).toEqual([]);
  });
});

describe('findMissingPackages (dpkg on this machine)', () => {
  it('reports a package dpkg does not know, and not one it has', async () => {
    expect(await findMissingPackages(['dpkg', 'carbon-play-no-such-package'])).toEqual(['carbon-play-no-such-package']);
  });
});
