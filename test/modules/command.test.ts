// command and shell: result shape, rc → failed and changed, creates/removes, chdir, stdin, executable, check mode.
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
h.write('exists', '');

const cases: { name: string; module: string; args: Record<string, unknown>; status: string; data: Record<string, unknown>; changed?: boolean }[] = [
  { name: 'command splits words, no shell', module: 'command', args: { cmd: "echo 'a  b' $HOME" }, status: 'changed', data: { rc: 0, stdout: 'a  b $HOME', stdout_lines: ['a  b $HOME'] } },
  { name: 'command argv', module: 'command', args: { argv: ['printf', '%s\\n', 'x y', 'z'] }, status: 'changed', data: { stdout: 'x y\nz', stdout_lines: ['x y', 'z'] } },
  { name: 'command non-zero rc fails, changed all the same', module: 'command', args: { cmd: 'false' }, status: 'failed', data: { rc: 1, cmd: ['false'] }, changed: true },
  { name: 'command shows its words', module: 'command', args: { cmd: "echo 'a b'" }, status: 'changed', data: { cmd: ['echo', 'a b'], msg: '' } },
  { name: 'command stderr', module: 'command', args: { argv: ['sh', '-c', 'echo e >&2'] }, status: 'changed', data: { stderr: 'e', stderr_lines: ['e'] } },
  { name: 'command stdin', module: 'command', args: { cmd: 'cat', stdin: 'in' }, status: 'changed', data: { stdout: 'in' } },
  { name: 'command chdir', module: 'command', args: { cmd: 'pwd', chdir: '/usr' }, status: 'changed', data: { stdout: '/usr' } },
  { name: 'creates skips when present', module: 'command', args: { cmd: 'false', creates: 'PLACEHOLDER' }, status: 'ok', data: { rc: 0, start: null, delta: null, stderr: '', msg: expect.stringMatching(/^Did not run command since '.*exists' exists$/) } },
  { name: 'removes skips when missing', module: 'command', args: { cmd: 'false', removes: '/nonexistent/x' }, status: 'ok', data: { rc: 0, stdout: 'skipped, since /nonexistent/x does not exist', msg: "Did not run command since '/nonexistent/x' does not exist" } },
  { name: 'shell pipes', module: 'shell', args: { cmd: 'echo abc | tr a-c x-z' }, status: 'changed', data: { stdout: 'xyz', cmd: 'echo abc | tr a-c x-z' } },
  { name: 'shell executable', module: 'shell', args: { cmd: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' }, status: 'changed', data: { stdout: 'bash' } },
  { name: 'shell rc', module: 'shell', args: { cmd: 'exit 4' }, status: 'failed', data: { rc: 4, msg: 'non-zero return code' }, changed: true },
  { name: 'times as Python prints them', module: 'shell', args: { cmd: 'true' }, status: 'changed', data: { start: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/), delta: expect.stringMatching(/^0:00:\d\d(\.\d{6})?$/) } },
];

describe('command/shell', () => {
  it.each(cases)('$name', async ({ module, args, status, data, changed }) => {
    const a = { ...args, creates: args.creates === 'PLACEHOLDER' ? h.p('exists') : args.creates };
    const r = await h.run(module, a);
    expect(r.status).toBe(status);
    expect(r.data).toMatchObject(data);
    expect(r.changed).toBe(changed);
  });

  // As Ansible's command module: check mode runs nothing; a guarded task would run (changed), an unguarded one is skipped.
  it.each([
    ['no guard: skipped', {}, 'skipped', 'Command would have run if not in check mode'],
    ['a guard that does not hold: changed', { creates: '/nonexistent/x' }, 'changed', 'Command would have run if not in check mode'],
    ['a guard that holds: ok', { removes: '/nonexistent/x' }, 'ok', "Would not run command since '/nonexistent/x' does not exist"],
  ] as const)('check mode, %s, runs nothing', async (_name, guard, status, msg) => {
    const r = await h.run('shell', { cmd: `touch ${h.p('made')}`, ...guard }, { check: true });
    expect(r).toMatchObject({ status, data: { rc: 0, msg, start: null } });
    expect(h.exists('made')).toBe(false);
  });

  it('creates makes a second run ok', async () => {
    const args = { cmd: `touch ${h.p('once')}`, creates: h.p('once') };
    expect((await h.run('shell', args)).status).toBe('changed');
    expect((await h.run('shell', args)).status).toBe('ok');
  });

  it('unbalanced quotes fail with a message', async () => {
    const r = await h.run('command', { cmd: "echo 'a" });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/closing '/) });
  });
});
