// etc_hosts: entries in → only the lines mapping those names change; CRLF, idempotency, EBUSY (bind mount) fallback.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const base = '127.0.0.1\tlocalhost\n# comment  kept\n10.0.0.5  db db.local # the db\n\n::1 ip6-localhost\n';

const cases: { name: string; before: string; args: Record<string, unknown>; after: string }[] = [
  { name: 'adds a new mapping at the end', before: base, args: { entries: [{ ip: '10.0.0.7', names: ['as1'] }] }, after: `${base}10.0.0.7\tas1\n` },
  { name: 'replaces the line that maps the names', before: base, args: { entries: [{ ip: '10.0.0.5', names: ['db'] }] }, after: base.replace('db db.local', 'db') },
  { name: 'a name moving to another ip leaves its old line', before: base, args: { entries: [{ ip: '10.0.0.9', names: ['db.local'] }] }, after: `${base.replace('db db.local', 'db')}10.0.0.9\tdb.local\n` },
  { name: 'a line left without names goes', before: base, args: { entries: [{ ip: '10.0.0.9', names: ['db', 'db.local'] }] }, after: `${base.replace('10.0.0.5  db db.local # the db\n', '')}10.0.0.9\tdb db.local\n` },
  { name: 'absent removes the names for that ip', before: base, args: { state: 'absent', entries: [{ ip: '10.0.0.5', names: ['db.local'] }] }, after: base.replace('db db.local', 'db') },
  { name: 'keeps CRLF', before: '127.0.0.1 localhost\r\n', args: { entries: [{ ip: '10.1.1.1', names: ['x'] }] }, after: '127.0.0.1 localhost\r\n10.1.1.1\tx\r\n' },
  { name: 'file without final newline', before: '127.0.0.1 localhost', args: { entries: [{ ip: '10.1.1.1', names: ['x'] }] }, after: '127.0.0.1 localhost\n10.1.1.1\tx\n' },
];

describe('etc_hosts', () => {
  it.each(cases)('$name', async ({ name, before, args, after }) => {
    const f = h.write(`eh-${name.replace(/\W+/g, '-')}`, before);
    const check = await h.run('etc_hosts', { path: f, ...args }, { check: true });
    expect(check.status).toBe('changed');
    expect(h.read(f)).toBe(before);
    const r = await h.run('etc_hosts', { path: f, ...args });
    expect(r.status).toBe('changed');
    expect(h.read(f)).toBe(after);
    expect(r.diff).toEqual([{ path: f, before, after }]);
    const mtime = h.mtime(f);
    expect((await h.run('etc_hosts', { path: f, ...args })).status).toBe('ok');
    expect(h.mtime(f)).toBe(mtime);
  });

  it('writes in place through a bind-mounted hosts file (EBUSY on rename)', async () => {
    const src = h.write('bind-src', '127.0.0.1 localhost\n');
    const target = h.write('bind-hosts', '');
    execFileSync('mount', ['--bind', src, target]);
    try {
      const r = await h.run('etc_hosts', { path: target, entries: [{ ip: '10.2.2.2', names: ['mgr'] }] });
      expect(r.status).toBe('changed');
    } finally {
      execFileSync('umount', [target]);
    }
    expect(h.read(src)).toBe('127.0.0.1 localhost\n10.2.2.2\tmgr\n');
  });
});
