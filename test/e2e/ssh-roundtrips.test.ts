// Round trips per task over SSH: the copy module through the real connection, counted by the connection itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext } from '../../src/modules/types.js';
import type { RequestCounts, SshConnection } from '../../src/connection/ssh.js';
import { connectTo, playOn, sshCheck } from './ssh-helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cp-e2e-rt-'));
const axis2 = Buffer.alloc(45 * 1024, 'x');
writeFileSync(join(work, 'axis2.xml'), axis2);
let conn: SshConnection;

function ctx(): ModuleContext {
  return {
    host: 'node1', conn, connectionFor: () => conn, vars: {}, check: false, diff: false,
    findFile: (kind, name) => join(work, name),
    render: (text) => text,
    signal: new AbortController().signal,
  };
}

/** Runs one copy task and returns what it cost on the wire. */
async function copyCost(args: Record<string, unknown>): Promise<{ status: string; cost: RequestCounts }> {
  const before = conn.requestCounts();
  const r = await executeModule(findModule('copy')!, args, ctx());
  const after = conn.requestCounts();
  return {
    status: r.status,
    cost: { exec: after.exec - before.exec, sftpRequests: after.sftpRequests - before.sftpRequests, sftpRoundTrips: after.sftpRoundTrips - before.sftpRoundTrips },
  };
}

beforeAll(async () => {
  conn = connectTo('node1');
  await conn.run({ shell: 'rm -rf /opt/rt && mkdir -p /opt/rt' });
});
afterAll(async () => {
  await conn.close();
});

describe('copy of a 45 KB file', () => {
  it('creates it in at most 4 SFTP round trips (stat, open, write+fsync+close, rename) and no command', async () => {
    const { status, cost } = await copyCost({ src: 'axis2.xml', dest: '/opt/rt/axis2.xml', mode: '0644' });
    expect(status).toBe('changed');
    expect(cost.exec).toBe(0);
    expect(cost.sftpRoundTrips).toBeLessThanOrEqual(4);
    expect(sshCheck('node1', 'stat -c "%a %s" /opt/rt/axis2.xml').trim()).toBe(`644 ${axis2.length}`);
  });

  it('changes nothing in at most 3 SFTP round trips (stat, open, read) and no command', async () => {
    const { status, cost } = await copyCost({ src: 'axis2.xml', dest: '/opt/rt/axis2.xml', mode: '0644' });
    expect(status).toBe('ok');
    expect(cost.exec).toBe(0);
    expect(cost.sftpRoundTrips).toBeLessThanOrEqual(3);
  });

  it('replaces changed content in at most 6 SFTP round trips (read 3, write 3), byte for byte', async () => {
    sshCheck('node1', 'printf old > /opt/rt/axis2.xml');
    const { status, cost } = await copyCost({ src: 'axis2.xml', dest: '/opt/rt/axis2.xml' });
    expect(status).toBe('changed');
    expect(cost.exec).toBe(0);
    expect(cost.sftpRoundTrips).toBeLessThanOrEqual(6);
    expect(sshCheck('node1', 'sha256sum < /opt/rt/axis2.xml').split(' ')[0]).toBe(
      (await import('node:crypto')).createHash('sha256').update(axis2).digest('hex'),
    );
  });

  it('sees a change made by a command between two stats (the stat memory is forgotten)', async () => {
    expect(await conn.stat('/opt/rt/made-later')).toBeNull();
    await conn.run({ argv: ['touch', '/opt/rt/made-later'] });
    expect(await conn.stat('/opt/rt/made-later')).toMatchObject({ type: 'file' });
  });
});

describe('CARBON_PLAY_SSH_COUNTS', () => {
  it('reports each host\'s requests as a warning line in the form bench/playbook.ts reads', async () => {
    const pb = join(work, 'counts.yaml');
    writeFileSync(pb, `- hosts: node1\n  gather_facts: false\n  tasks:\n    - copy: { dest: /opt/rt/counted, content: "x\\n" }\n    - command: 'true'\n`);
    process.env.CARBON_PLAY_SSH_COUNTS = '1';
    try {
      const r = await playOn(pb);
      expect(r.code, r.out).toBe(0);
      // The bench's own pattern, then the shape of what it prints.
      const line = /\[WARNING\]: (node1: .*)/.exec(r.out);
      expect(line?.[1]).toMatch(/^node1: [1-9]\d* exec channels, [1-9]\d* SFTP requests in [1-9]\d* round trips$/);
    } finally {
      delete process.env.CARBON_PLAY_SSH_COUNTS;
    }
  });
});
