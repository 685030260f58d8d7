// What one sandbox's claim takes from another's: names, listening ports, MariaDB sockets (pure; no sandbox is made).
import { describe, expect, it } from 'vitest';
import { findClaimConflict, planClaim, type Claim } from '../../src/sandbox/claims.js';
import { createLayout } from '../../src/sandbox/layout.js';
import type { PlannedHost } from '../../src/sandbox/plan.js';

const host = (name: string, db = false): PlannedHost => ({ name, groups: [], db, lb: false });

describe('planClaim', () => {
  it('claims sshd on every host and MariaDB (port and socket) on db hosts, at the addresses up assigns', () => {
    const layout = createLayout('/tmp/cp-claim-a');
    expect(planClaim(layout, [host('n1'), host('db', true)], '10.231.9.0/24')).toEqual({
      dir: layout.dir, subnet: '10.231.9.0/24', bridge: layout.bridge,
      endpoints: ['10.231.9.2:22', '10.231.9.3:22', '10.231.9.3:3306'],
      sockets: [`cp-${layout.tag}-1:/run/mysqld/mysqld.sock`],
    });
  });
});

describe('findClaimConflict', () => {
  const ours: Claim = { dir: '/s/ours', subnet: '10.231.9.0/24', bridge: 'cpbr1111', endpoints: ['10.231.9.2:22', '10.231.9.3:3306'], sockets: ['cp-1111-1:/run/mysqld/mysqld.sock'] };
  const cases: { name: string; other: Claim; want: string | undefined }[] = [
    { name: 'its own earlier claim', other: { ...ours }, want: undefined },
    { name: 'nothing shared', other: { dir: '/s/b', subnet: '10.231.8.0/24', bridge: 'cpbr2222', endpoints: ['10.231.8.2:22'], sockets: ['cp-2222-1:/run/mysqld/mysqld.sock'] }, want: undefined },
    { name: 'an old claim without ports', other: { dir: '/s/b', subnet: '10.231.8.0/24', bridge: 'cpbr2222' }, want: undefined },
    { name: 'the same names (a hash clash)', other: { dir: '/s/b', subnet: '10.231.8.0/24', bridge: 'cpbr1111' },
      want: '--dir /s/ours: the sandbox in /s/b uses the same interface and namespace names (bridge cpbr1111); bring that one down (carbon-play sandbox down --dir /s/b) or use another --dir' },
    { name: 'a port', other: { dir: '/s/b', subnet: '10.231.9.0/25', bridge: 'cpbr2222', endpoints: ['10.231.9.3:3306'] },
      want: 'port 10.231.9.3:3306: the sandbox in /s/b listens there; bring that one down (carbon-play sandbox down --dir /s/b) or use another --subnet' },
    { name: 'a MariaDB socket', other: { dir: '/s/b', subnet: '10.231.7.0/24', bridge: 'cpbr2222', sockets: ['cp-1111-1:/run/mysqld/mysqld.sock'] },
      want: 'MariaDB socket cp-1111-1:/run/mysqld/mysqld.sock: the sandbox in /s/b uses it; bring that one down (carbon-play sandbox down --dir /s/b) or use another --dir' },
  ];
  it.each(cases)('$name', ({ other, want }) => {
    expect(findClaimConflict(ours, other)).toBe(want);
  });
});
