// The db hosts' admin login: every host of dbservers gets it (--like with several), and the inventory names it on each.
import { describe, expect, it } from 'vitest';
import { setupDatabases, type SetupDatabase } from '../../src/sandbox/db.js';
import { renderInventory } from '../../src/sandbox/inventory-file.js';
import { createLayout } from '../../src/sandbox/layout.js';
import type { SandboxState } from '../../src/sandbox/state.js';

function recorder(): { setup: SetupDatabase; calls: Array<{ ip: string; sshdPid: number; password?: string }> } {
  const calls: Array<{ ip: string; sshdPid: number; password?: string }> = [];
  return {
    calls,
    setup: async (o) => {
      calls.push(o);
      return { user: 'carbon_admin', password: o.password! };
    },
  };
}

describe('setupDatabases', () => {
  it('creates the same admin login on every db host', async () => {
    const { setup, calls } = recorder();
    const admin = await setupDatabases([{ ip: '10.0.0.2', pids: [11, 12] }, { ip: '10.0.0.3', pids: [21, 22] }], setup);
    expect(calls.map((c) => [c.ip, c.sshdPid])).toEqual([['10.0.0.2', 11], ['10.0.0.3', 21]]);
    expect(calls[0]!.password).toMatch(/^[0-9a-f]{24}$/);
    expect(calls[1]!.password).toBe(calls[0]!.password);
    expect(admin).toEqual({ user: 'carbon_admin', password: calls[0]!.password });
  });

  it('does nothing without a db host', async () => {
    const { setup, calls } = recorder();
    expect(await setupDatabases([], setup)).toBeUndefined();
    expect(calls).toEqual([]);
  });
});

describe('the inventory of a --like sandbox with two db hosts', () => {
  it('gives both the admin login', () => {
    const layout = createLayout('/tmp/sb-like');
    const host = (name: string, index: number, db: boolean) => ({ name, index, ip: `10.9.0.${index + 2}`, netns: `ns${index}`, veth: `v${index}`, groups: [], db, lb: false, pids: [] });
    const state: SandboxState = {
      dir: layout.dir, subnet: '10.9.0.0/24', bridge: 'br', bridgeIp: '10.9.0.1', like: 'inv',
      hosts: [host('db1', 0, true), host('db2', 1, true), host('app', 2, false)],
      dbAdmin: { user: 'carbon_admin', password: 'pw' },
    };
    const lines = renderInventory(layout, state).split('\n');
    for (const name of ['db1', 'db2']) expect(lines.find((l) => l.startsWith(`${name} `))).toContain('mysql_admin_user=carbon_admin mysql_admin_password=pw');
    expect(lines.find((l) => l.startsWith('app '))).not.toContain('mysql_admin_user');
  });
});
