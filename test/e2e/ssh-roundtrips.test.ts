// Round trips per task over SSH: the copy module through the real connection, counted by the connection itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext } from '../../src/modules/types.js';
import type { RequestCounts, SshConnection } from '../../src/connection/ssh.js';
import { connectTo, killSshSessions, playOn, sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const work = makeTempDir('cp-e2e-rt-');
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

/** Runs one task and returns what it cost on the wire (commands: exec channels and shell commands together). */
async function taskCost(module: string, args: Record<string, unknown>): Promise<{ status: string; cost: Omit<RequestCounts, 'exec' | 'shell'> & { commands: number } }> {
  const before = conn.requestCounts();
  const r = await executeModule(findModule(module)!, args, ctx());
  const after = conn.requestCounts();
  return {
    status: r.status,
    cost: { commands: after.exec + after.shell - before.exec - before.shell, sftpRequests: after.sftpRequests - before.sftpRequests, sftpRoundTrips: after.sftpRoundTrips - before.sftpRoundTrips },
  };
}

const copyCost = (args: Record<string, unknown>) => taskCost('copy', args);

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
    expect(cost.commands).toBe(0);
    expect(cost.sftpRoundTrips).toBeLessThanOrEqual(4);
    expect(sshCheck('node1', 'stat -c "%a %s" /opt/rt/axis2.xml').trim()).toBe(`644 ${axis2.length}`);
  });

  it('changes nothing in at most 3 SFTP round trips (stat, open, read) and no command', async () => {
    const { status, cost } = await copyCost({ src: 'axis2.xml', dest: '/opt/rt/axis2.xml', mode: '0644' });
    expect(status).toBe('ok');
    expect(cost.commands).toBe(0);
    expect(cost.sftpRoundTrips).toBeLessThanOrEqual(3);
  });

  it('replaces changed content in at most 6 SFTP round trips (read 3, write 3), byte for byte', async () => {
    sshCheck('node1', 'printf old > /opt/rt/axis2.xml');
    const { status, cost } = await copyCost({ src: 'axis2.xml', dest: '/opt/rt/axis2.xml' });
    expect(status).toBe('changed');
    expect(cost.commands).toBe(0);
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

describe('an edit of a file this connection knows as a regular file', () => {
  const edit = async (path: string) => taskCost('lineinfile', { path, line: 'a=1' });

  it('is read with its stat sent along, one round trip fewer; a command in between forgets what it knew', async () => {
    sshCheck('node1', "printf 'a=1\\n' > /opt/rt/known.conf");
    const trips: number[] = [];
    for (const between of [undefined, undefined, 'true']) {
      if (between) await conn.run({ argv: [between] });
      const { status, cost } = await edit('/opt/rt/known.conf');
      expect(status).toBe('ok');
      trips.push(cost.sftpRoundTrips);
    }
    // Not seen yet: lstat, open, read. Seen: lstat with open, read. After a command: as not seen.
    expect(trips).toEqual([3, 2, 3]);
  });

  it('after the connection dropped and came back, nothing is known: the edit stats first again', async () => {
    sshCheck('node1', "printf 'a=1\\n' > /opt/rt/again.conf");
    await edit('/opt/rt/again.conf');
    expect((await edit('/opt/rt/again.conf')).cost.sftpRoundTrips).toBe(2);
    expect(killSshSessions('node1')).toBeGreaterThan(0);
    // An SFTP request (a command would forget the file anyway) fails until the drop is seen, then reconnects.
    await vi.waitFor(async () => expect((await conn.stat('/opt/rt'))?.type).toBe('directory'), { timeout: 10_000 });
    expect((await edit('/opt/rt/again.conf')).cost.sftpRoundTrips).toBe(3);
  });

  it('a FIFO a command put where the file was is stat\'ed first, not opened (which would wait for a writer)', async () => {
    expect((await edit('/opt/rt/known.conf')).status).toBe('ok');
    await conn.run({ shell: 'rm /opt/rt/known.conf && mkfifo /opt/rt/known.conf' });
    const { status } = await edit('/opt/rt/known.conf');
    expect(status).toBe('failed');
  });
});

describe('file tasks: directories, modes and links over SFTP, no command', () => {
  // Each: the task, what it costs in commands, then what OpenSSH's own client sees on the host.
  it.each([
    ['a directory with a mode', { path: '/opt/rt/d', state: 'directory', mode: '0750' }, 0, 'stat -c "%F %a" /opt/rt/d', 'directory 750'],
    ['a mode on an existing file', { path: '/opt/rt/axis2.xml', mode: '0600' }, 0, 'stat -c "%a" /opt/rt/axis2.xml', '600'],
    ['a new link', { path: '/opt/rt/current', src: '/opt/rt/d', state: 'link' }, 0, 'readlink /opt/rt/current', '/opt/rt/d'],
    ['a link moved to another target', { path: '/opt/rt/current', src: '/opt/rt/axis2.xml', state: 'link' }, 0, 'readlink /opt/rt/current', '/opt/rt/axis2.xml'],
    ['a link replacing a file (force)', { path: '/opt/rt/made-later', src: '/opt/rt/d', state: 'link', force: true }, 0, 'readlink /opt/rt/made-later', '/opt/rt/d'],
    // SFTP makes one level: a missing parent falls back to mkdir -p, in one command.
    ['a directory whose parents are missing', { path: '/opt/rt/a/b/c', state: 'directory', mode: '0700' }, 1, 'stat -c "%F %a" /opt/rt/a/b/c /opt/rt/a', 'directory 700\ndirectory 755'],
  ] as const)('%s', async (_name, args, commands, check, seen) => {
    const { status, cost } = await taskCost('file', args);
    expect(status).toBe('changed');
    expect(cost.commands).toBe(commands);
    expect(sshCheck('node1', check).trim()).toBe(seen);
    expect((await taskCost('file', args)).status).toBe('ok');
  });

  it('a link where a directory is in the way is left to ln -sfn, as before (SFTP removes no directory)', async () => {
    sshCheck('node1', 'mkdir -p /opt/rt/in-the-way/kept');
    const { cost } = await taskCost('file', { path: '/opt/rt/in-the-way', src: '/opt/rt/d', state: 'link', force: true });
    expect(cost.commands).toBe(1);
    expect(sshCheck('node1', 'test -d /opt/rt/in-the-way/kept && echo kept').trim()).toBe('kept');
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
      expect(line?.[1]).toMatch(/^node1: \d+ exec channels, [1-9]\d* shell commands, [1-9]\d* SFTP requests in [1-9]\d* round trips$/);
    } finally {
      delete process.env.CARBON_PLAY_SSH_COUNTS;
    }
  });
});

describe('commands through the host shell', () => {
  it('runs plain commands in the one shell; stdin, a timeout or a command overlapping another take exec channels', async () => {
    const before = conn.requestCounts();
    expect(await conn.run({ shell: 'echo out; echo err >&2; exit 3' })).toEqual({ rc: 3, stdout: 'out\n', stderr: 'err\n' });
    expect((await conn.run({ argv: ['cat'] }, { stdin: 'given' })).stdout).toBe('given');
    expect((await conn.run({ argv: ['true'] }, { timeoutMs: 60_000 })).rc).toBe(0);
    const [slow, beside] = await Promise.all([conn.run({ shell: 'sleep 0.3; echo slow' }), conn.run({ argv: ['echo', 'beside'] })]);
    expect([slow.stdout, beside.stdout]).toEqual(['slow\n', 'beside\n']);
    // The shell is still the same session after `exit 3`: the next plain command goes through it.
    expect((await conn.run({ argv: ['echo', 'after'] })).stdout).toBe('after\n');
    const after = conn.requestCounts();
    expect({ shell: after.shell - before.shell, exec: after.exec - before.exec }).toEqual({ shell: 3, exec: 3 });
  });
  // The job writes after its command has ended: in the shell that output would be lost, or taken for the next
  // command's. Over an exec channel, sshd keeps the channel open until the job lets go of it.
  it.each([
    ['a line ending in &', '(sleep 1; echo late) &', 'late\n'],
    ['& then another command', '(sleep 1; echo late) & echo started', 'started\nlate\n'],
    ['setsid -f, no &', 'setsid -f sh -c \'sleep 1; echo late\'; echo started', 'started\nlate\n'],
  ])('a command that leaves a background job takes an exec channel and keeps its output (%s)', async (_name, line, stdout) => {
    const before = conn.requestCounts();
    expect(await conn.run({ shell: line })).toEqual({ rc: 0, stdout, stderr: '' });
    expect(await conn.run({ shell: 'sleep 1.5; echo next' })).toEqual({ rc: 0, stdout: 'next\n', stderr: '' });
    const after = conn.requestCounts();
    expect({ shell: after.shell - before.shell, exec: after.exec - before.exec }).toEqual({ shell: 1, exec: 1 });
  });
});
