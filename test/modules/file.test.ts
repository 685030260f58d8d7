// file: state directory/absent/touch/link/file with mode; second run ok; check mode changes nothing.
import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());

const cases: { name: string; setup?: () => void; args: (p: string) => Record<string, unknown>; verify: (p: string) => void }[] = [
  { name: 'directory with mode', args: (p) => ({ path: p, state: 'directory', mode: '0750' }), verify: (p) => expect(statSync(p).mode & 0o7777).toBe(0o750) },
  { name: 'nested directory', args: (p) => ({ path: `${p}/a/b`, state: 'directory' }), verify: (p) => expect(statSync(`${p}/a/b`).isDirectory()).toBe(true) },
  { name: 'touch creates a file', args: (p) => ({ path: p, state: 'touch', mode: 0o640 } /* YAML 1.1 reads `mode: 0640` as 0o640 (416) */), verify: (p) => expect(statSync(p).mode & 0o777).toBe(0o640) },
  { name: 'link', args: (p) => ({ path: p, state: 'link', src: '/etc/hostname' }), verify: (p) => expect(readlinkSync(p)).toBe('/etc/hostname') },
  { name: 'absent removes a tree', setup: () => { h.write('tree', 'x'); }, args: () => ({ path: h.p('tree'), state: 'absent' }), verify: () => expect(h.exists('tree')).toBe(false) },
  { name: 'file mode on an existing file', setup: () => { h.write('f-mode', 'x'); }, args: () => ({ path: h.p('f-mode'), mode: '0600' }), verify: () => expect(statSync(h.p('f-mode')).mode & 0o777).toBe(0o600) },
];

describe('file', () => {
  it.each(cases)('$name', async ({ name, setup, args, verify }) => {
    setup?.();
    const p = h.p(`file-${name.replace(/\W+/g, '-')}`);
    const a = args(p);
    const target = String(a.path);
    const before = (() => { try { return lstatSync(target).mode; } catch { return null; } })();
    expect((await h.run('file', a, { check: true })).status).toBe('changed');
    expect((() => { try { return lstatSync(target).mode; } catch { return null; } })()).toBe(before);
    expect((await h.run('file', a)).status).toBe('changed');
    verify(p);
    const mtime = (() => { try { return lstatSync(target).mtimeMs; } catch { return null; } })();
    expect((await h.run('file', a)).status).toBe('ok');
    // A second run touches nothing: not even the mtime (a `touch` that re-touched would show here).
    expect((() => { try { return lstatSync(target).mtimeMs; } catch { return null; } })()).toBe(mtime);
  });

  it.each([
    { name: 'state file on a missing path', args: { path: '/nonexistent/x' }, msg: /expected an existing file/ },
    { name: 'link over a regular file without force', args: { path: '/etc/hostname', state: 'link', src: '/x' }, msg: /expected a symlink/ },
    // The load-time check sees `src: "{{ target }}"`; rendered empty, the module itself must refuse.
    { name: 'link whose src rendered empty', args: { path: '/tmp/cp-link-empty', state: 'link', src: '' }, msg: /src: expected a link target/ },
  ])('fails: $name', async ({ args, msg }) => {
    const r = await h.run('file', args);
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(msg);
  });
});

describe('file access_time / modification_time', () => {
  const t = createHarness();
  afterAll(() => t.cleanup());
  const times = (name: string) => execFileSync('stat', ['-c', '%X %Y', t.p(name)]).toString().trim();
  it('sets a given time once, then finds it set; preserve leaves it; now always changes', async () => {
    t.write('stamped', 'x');
    const args = { path: t.p('stamped'), modification_time: '202001021304.05', access_time: '202001021304.05' };
    expect((await t.run('file', args)).status).toBe('changed');
    const expected = execFileSync('date', ['-d', '2020-01-02 13:04:05', '+%s']).toString().trim();
    expect(times('stamped')).toBe(`${expected} ${expected}`);
    expect((await t.run('file', args)).status).toBe('ok');
    expect((await t.run('file', { path: t.p('stamped'), modification_time: 'preserve' })).status).toBe('ok');
    expect((await t.run('file', { path: t.p('stamped'), modification_time: 'now' })).status).toBe('changed');
    expect(times('stamped').split(' ')[1]).not.toBe(expected);
  });
  it('takes a custom format, and refuses a time that does not fit it', async () => {
    t.write('custom', 'x');
    expect((await t.run('file', { path: t.p('custom'), modification_time: '2021-03-04', modification_time_format: '%Y-%m-%d' })).status).toBe('changed');
    expect(times('custom').split(' ')[1]).toBe(execFileSync('date', ['-d', '2021-03-04 00:00:00', '+%s']).toString().trim());
    const bad = await t.run('file', { path: t.p('custom'), modification_time: 'yesterday' });
    expect(bad).toMatchObject({ status: 'failed', msg: expect.stringContaining('expected a time like %Y%m%d%H%M.%S') });
  });
});

describe("file's result names the path as Ansible's", () => {
  const me = userInfo();
  it.each([
    { name: 'a directory: path and its info', args: (p: string) => ({ path: p, state: 'directory', mode: '0750' }), want: (p: string) => ({ path: p, state: 'directory', mode: '0750', uid: me.uid, owner: me.username }) },
    { name: 'a link: dest and src', args: (p: string) => ({ path: p, state: 'link', src: '/etc/hostname' }), want: (p: string) => ({ dest: p, src: '/etc/hostname', state: 'link', mode: '0777' }) },
    { name: 'touch: dest, state file', args: (p: string) => ({ path: p, state: 'touch' }), want: (p: string) => ({ dest: p, state: 'file', size: 0 }) },
  ])('$name, changed and again unchanged', async ({ name, args, want }) => {
    const p = h.p(`info-${name.replace(/\W+/g, '-')}`);
    for (const status of ['changed', 'ok']) {
      const r = await h.run('file', args(p));
      expect(r.status).toBe(status);
      expect(r.data).toMatchObject(want(p));
      expect(r.data?.group).toEqual(expect.any(String));
    }
  });

  it('absent: path and state only', async () => {
    h.write('info-gone', 'x');
    const r = await h.run('file', { path: h.p('info-gone'), state: 'absent' });
    expect(r.data).toEqual({ path: h.p('info-gone'), state: 'absent' });
  });
});
