// lineinfile: table of (file, args) → status and content; idempotency, check mode, diff, CRLF, errors.
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());

const cases: { name: string; before: string | null; args: Record<string, unknown>; after: string }[] = [
  { name: 'appends a missing line', before: 'a\nb\n', args: { line: 'c' }, after: 'a\nb\nc\n' },
  { name: 'appends after a last line without newline', before: 'a\nb', args: { line: 'c' }, after: 'a\nb\nc\n' },
  { name: 'replaces the last regexp match', before: 'x=1\ny=2\nx=3\n', args: { regexp: '^x=', line: 'x=9' }, after: 'x=1\ny=2\nx=9\n' },
  { name: 'firstmatch replaces the first', before: 'x=1\nx=3\n', args: { regexp: '^x=', line: 'x=9', firstmatch: true }, after: 'x=9\nx=3\n' },
  { name: 'insertafter a regexp', before: '[a]\nk=1\n[b]\n', args: { line: 'n=2', insertafter: '^\\[a\\]' }, after: '[a]\nn=2\nk=1\n[b]\n' },
  { name: 'insertbefore BOF', before: 'a\n', args: { line: '#top', insertbefore: 'BOF' }, after: '#top\na\n' },
  { name: 'insertbefore a regexp', before: 'a\nb\n', args: { line: 'z', insertbefore: '^b' }, after: 'a\nz\nb\n' },
  { name: 'backrefs rebuilds the line', before: 'port = 80\n', args: { regexp: '^(port) = \\d+$', line: '\\1 = 8080', backrefs: true }, after: 'port = 8080\n' },
  { name: 'backrefs without match leaves the file', before: 'a\n', args: { regexp: '^nope (x)', line: '\\1', backrefs: true }, after: 'a\n' },
  { name: 'absent by regexp', before: 'a\n#x\nb\n#y\n', args: { regexp: '^#', state: 'absent' }, after: 'a\nb\n' },
  { name: 'absent by line', before: 'a\nb\n', args: { line: 'a', state: 'absent' }, after: 'b\n' },
  { name: 'keeps CRLF and uses it for new lines', before: 'a\r\nx=1\r\n', args: { regexp: '^x=', line: 'x=2' }, after: 'a\r\nx=2\r\n' },
  { name: 'new line in a CRLF file gets CRLF', before: 'a\r\nb\r\n', args: { line: 'c' }, after: 'a\r\nb\r\nc\r\n' },
  { name: 'create makes a missing file', before: null, args: { line: 'only', create: true }, after: 'only\n' },
];

describe('lineinfile', () => {
  it.each(cases)('$name', async ({ name, before, args, after }) => {
    const f = `li-${name.replace(/\W+/g, '-')}.txt`;
    if (before !== null) h.write(f, before);
    const changed = before !== after;
    const check = await h.run('lineinfile', { path: h.p(f), ...args }, { check: true });
    expect(check.status).toBe(changed ? 'changed' : 'ok');
    if (before !== null) expect(h.read(f)).toBe(before);
    else expect(h.exists(f)).toBe(false);
    const r = await h.run('lineinfile', { path: h.p(f), ...args });
    expect(r.status).toBe(changed ? 'changed' : 'ok');
    expect(h.read(f)).toBe(after);
    if (changed) expect(r.diff).toEqual([{ path: h.p(f), before: before ?? '', after }]);
    const mtime = h.mtime(f);
    const again = await h.run('lineinfile', { path: h.p(f), ...args });
    expect(again.status).toBe('ok');
    expect(h.mtime(f)).toBe(mtime);
  });

  it('fails on a missing file without create', async () => {
    const r = await h.run('lineinfile', { path: h.p('nope.txt'), line: 'x' });
    expect(r.status).toBe('failed');
    expect(r.msg).toBe(`Destination ${h.p('nope.txt')} does not exist !`);
  });

  it('backup returns the backup file', async () => {
    h.write('bk.txt', 'a\n');
    const r = await h.run('lineinfile', { path: h.p('bk.txt'), line: 'b', backup: true });
    expect(h.read(String(r.data?.backup_file))).toBe('a\n');
    expect(r.data?.backup).toBe(r.data?.backup_file);
  });
});
