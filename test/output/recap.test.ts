import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../src/output/diff.js';
import { formatRecap, formatRecapLine } from '../../src/output/recap.js';

const zero = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };

describe('PLAY RECAP', () => {
  it.each([
    ['node1', { ...zero, ok: 3, changed: 1 }, 'node1                      : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   '],
    ['a-very-long-host-name-beyond-26.example', { ...zero, failed: 12, ok: 1234 }, 'a-very-long-host-name-beyond-26.example : ok=1234 changed=0    unreachable=0    failed=12   skipped=0    rescued=0    ignored=0   '],
  ])('formats %s in Ansible column shape', (host, stats, line) => {
    expect(formatRecapLine(host, stats)).toBe(line);
  });

  it('prints a banner, one line per host and the wall time', () => {
    const text = formatRecap({ type: 'recap', hosts: { n1: zero, n2: zero }, durationMs: 1234, interrupted: true });
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^PLAY RECAP \*{3,}$/);
    expect(lines[2].startsWith('n1                         : ok=0')).toBe(true);
    expect(text).toContain('run time: 1.23s (interrupted)');
  });
});

describe('diffs', () => {
  it('is a unified diff of the real text with before/after headers', () => {
    expect(formatDiff({ path: '/etc/hosts', before: 'a\nb\n', after: 'a\nc\n' })).toBe('--- before: /etc/hosts\n+++ after: /etc/hosts\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
  });
});
