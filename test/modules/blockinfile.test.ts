// blockinfile: table of (file, args) → content; idempotency, check mode, diff, CRLF.
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const M = (m: string) => `# ${m} ANSIBLE MANAGED BLOCK`;

const cases: { name: string; before: string | null; args: Record<string, unknown>; after: string }[] = [
  { name: 'appends a new block', before: 'a\n', args: { block: 'x\ny' }, after: `a\n${M('BEGIN')}\nx\ny\n${M('END')}\n` },
  { name: 'replaces an existing block in place', before: `a\n${M('BEGIN')}\nold\n${M('END')}\nz\n`, args: { block: 'new\n' }, after: `a\n${M('BEGIN')}\nnew\n${M('END')}\nz\n` },
  { name: 'removes with state absent', before: `a\n${M('BEGIN')}\nold\n${M('END')}\nz\n`, args: { state: 'absent' }, after: 'a\nz\n' },
  { name: 'empty block removes', before: `${M('BEGIN')}\nold\n${M('END')}\n`, args: { block: '' }, after: '' },
  { name: 'custom marker', before: '', args: { block: 'k', marker: '<!-- {mark} cp -->' }, after: '<!-- BEGIN cp -->\nk\n<!-- END cp -->\n' },
  { name: 'insertbefore BOF', before: 'a\n', args: { block: 'k', insertbefore: 'BOF' }, after: `${M('BEGIN')}\nk\n${M('END')}\na\n` },
  { name: 'insertafter a regexp', before: 'a\nb\n', args: { block: 'k', insertafter: '^a' }, after: `a\n${M('BEGIN')}\nk\n${M('END')}\nb\n` },
  { name: 'CRLF file keeps CRLF', before: 'a\r\nb\r\n', args: { block: 'k' }, after: `a\r\nb\r\n${M('BEGIN')}\r\nk\r\n${M('END')}\r\n` },
  { name: 'create a missing file', before: null, args: { block: 'k', create: true }, after: `${M('BEGIN')}\nk\n${M('END')}\n` },
];

describe('blockinfile', () => {
  it.each(cases)('$name', async ({ name, before, args, after }) => {
    const f = `bi-${name.replace(/\W+/g, '-')}.txt`;
    if (before !== null) h.write(f, before);
    const check = await h.run('blockinfile', { path: h.p(f), ...args }, { check: true });
    expect(check.status).toBe('changed');
    expect(h.exists(f) ? h.read(f) : null).toBe(before);
    const r = await h.run('blockinfile', { path: h.p(f), ...args });
    expect(r.status).toBe('changed');
    expect(h.read(f)).toBe(after);
    expect(r.diff).toEqual([{ path: h.p(f), before: before ?? '', after }]);
    const mtime = h.mtime(f);
    expect((await h.run('blockinfile', { path: h.p(f), ...args })).status).toBe('ok');
    expect(h.mtime(f)).toBe(mtime);
  });
});
