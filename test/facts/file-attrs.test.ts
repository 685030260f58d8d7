// The file-attribute arguments (one schema for every module that takes them, how they are read), and running their commands.
import { describe, expect, it } from 'vitest';
import type { Command, Connection, FileChange, RunResult } from '../../src/connection/types.js';
import { asFileChanges, attrCommands, fileAttrArgs, readWantedAttrs, runSteps } from '../../src/facts/file-attrs.js';
import { modules } from '../../src/modules/index.js';

describe('fileAttrArgs', () => {
  // synchronize's mode (push/pull) and owner/group (rsync's -o/-g switches) and async_status's mode (status/cleanup)
  // are not file attributes, as in Ansible.
  const other = new Set(['synchronize', 'async_status']);
  const takers = [...modules.values()].filter((m) => !other.has(m.name) && ('mode' in m.schema.args || 'owner' in m.schema.args));

  it('is the one declaration of mode/owner/group in every module that takes them', () => {
    expect(takers.map((m) => m.name).sort()).toEqual(['blockinfile', 'copy', 'file', 'get_url', 'lineinfile', 'replace', 'template', 'unarchive']);
    for (const m of takers) for (const [key, spec] of Object.entries(fileAttrArgs)) expect(m.schema.args[key], `${m.name}.${key}`).toBe(spec);
  });
});

describe('readWantedAttrs', () => {
  it.each([
    [{ mode: '0644', owner: 'wso2', group: 'wso2' }, { mode: 0o644, owner: 'wso2', group: 'wso2' }],
    [{ mode: '644' }, { mode: 0o644, owner: undefined, group: undefined }],
    // A number is the bits themselves, as Ansible takes it: YAML's `mode: 0755` is 493; a templated 755 is 0o1363.
    [{ mode: 493 }, { mode: 0o755, owner: undefined, group: undefined }],
    [{ mode: 755 }, { mode: 0o1363, owner: undefined, group: undefined }],
    [{}, { mode: undefined, owner: undefined, group: undefined }],
  ])('%j → %j', (args, wanted) => expect(readWantedAttrs(args)).toEqual(wanted));

  it('names the argument when mode is not octal', () => {
    expect(() => readWantedAttrs({ mode: 'rwx' })).toThrow(/mode: expected an octal string like '0644', got "rwx"/);
  });

  it.each([0o10000, -1, 4.5])('refuses the number %d, which no permission bits are', (mode) => {
    expect(() => readWantedAttrs({ mode })).toThrow(/mode: expected permission bits \(0 to 0o7777, e.g. '0644'\), got the number/);
  });
});

function recorder(result: RunResult): { conn: Connection; commands: Command[] } {
  const commands: Command[] = [];
  const conn = { run: async (c: Command) => (commands.push(c), result) } as unknown as Connection;
  return { conn, commands };
}

describe('runSteps', () => {
  const mkdir = ['mkdir', '-p', '--', '/opt/my dir'];
  const chmod = ['chmod', '755', '--', '/opt/my dir'];

  it.each([
    ['one step runs as its argv', [mkdir], 0, { argv: mkdir }, undefined],
    ['two steps run as one shell command', [mkdir, chmod], 0, { shell: "mkdir -p -- '/opt/my dir' || exit 100\nchmod 755 -- '/opt/my dir' || exit 101" }, undefined],
    ['the failing step is named by its exit code', [mkdir, chmod], 101, undefined, chmod],
    ['a single failing step is named whatever its exit code', [mkdir], 1, undefined, mkdir],
  ] as const)('%s', async (_name, steps, rc, command, failedArgv) => {
    const r = recorder({ rc, stdout: '', stderr: ' why \n' });
    const failed = await runSteps(r.conn, steps.map((s) => [...s]));
    expect(r.commands).toHaveLength(1);
    if (command) expect(r.commands[0]).toEqual(command);
    expect(failed).toEqual(failedArgv ? { argv: failedArgv, stderr: 'why' } : undefined);
  });

  it('runs nothing for no steps', async () => {
    const r = recorder({ rc: 0, stdout: '', stderr: '' });
    expect(await runSteps(r.conn, [])).toBeUndefined();
    expect(r.commands).toEqual([]);
  });
});

describe('runSteps without a shell (a connection with changeFile, e.g. SFTP)', () => {
  const mkdir = ['mkdir', '-p', '--', '/opt/d'];
  const chmod = ['chmod', '750', '--', '/opt/d'];
  const link = ['ln', '-sfn', '--', '/opt/d', '/opt/current'];
  const touch = ['touch', '--', '/opt/f'];

  /** A connection that makes changes as told (`accepts`), recording them and the commands it runs. */
  function withChanges(accepts: (c: FileChange) => boolean) {
    const r = recorder({ rc: 0, stdout: '', stderr: '' });
    const changes: FileChange[] = [];
    const conn = { ...r.conn, run: r.conn.run, changeFile: async (c: FileChange) => (changes.push(c), accepts(c)) } as unknown as Connection;
    return { conn, commands: r.commands, changes };
  }

  it.each([
    ['mkdir and its chmod', [mkdir, chmod], [{ mkdir: '/opt/d' }, { chmod: '/opt/d', mode: 0o750 }]],
    ['a link', [link], [{ symlink: '/opt/current', target: '/opt/d' }]],
    ['setuid bits', [['chmod', '4755', '--', '/opt/x']], [{ chmod: '/opt/x', mode: 0o4755 }]],
    ['touch is a command', [mkdir, touch], undefined],
    ['recursive chmod is a command', [['chmod', '-R', '750', '--', '/opt/d']], undefined],
    ['chown is a command', [['chown', 'wso2', '--', '/opt/d']], undefined],
    ['mkdir without -p is a command', [['mkdir', '--', '/opt/d']], undefined],
  ] as const)('%s', async (_name, steps, want) => {
    expect(asFileChanges(steps.map((s) => [...s]))).toEqual(want);
  });

  it('runs no command when every change is made', async () => {
    const c = withChanges(() => true);
    expect(await runSteps(c.conn, [mkdir, chmod])).toBeUndefined();
    expect(c.changes).toHaveLength(2);
    expect(c.commands).toEqual([]);
  });

  it('runs every step as commands when any change is refused (a missing parent, become)', async () => {
    const c = withChanges((ch) => !('chmod' in ch));
    expect(await runSteps(c.conn, [mkdir, chmod])).toBeUndefined();
    expect(c.commands).toEqual([{ shell: "mkdir -p -- /opt/d || exit 100\nchmod 750 -- /opt/d || exit 101" }]);
  });

  it('asks for no change when a step is not one (all run as commands)', async () => {
    const c = withChanges(() => true);
    await runSteps(c.conn, [mkdir, touch]);
    expect(c.changes).toEqual([]);
    expect(c.commands).toHaveLength(1);
  });
});

it.each([
  [{ mode: 0o750 }, false, [['chmod', '750', '--', '/p']]],
  [{ owner: 'wso2', group: 'wso2' }, true, [['chown', '-R', 'wso2:wso2', '--', '/p']]],
  [{}, false, []],
] as const)('attrCommands %j (recurse %s)', (attrs, recurse, want) => {
  expect(attrCommands('/p', attrs, recurse)).toEqual(want);
});
