// The sandbox-run comparison's own logic: per-host timelines, masked secrets matching any text, the first difference.
import { describe, expect, it } from 'vitest';
import { changesDiff, hostTimelines, sameLine, timelineDiff } from '../../bench/wso2-ansible-run.js';

describe('sameLine', () => {
  it.each([
    ['Add wso2carbon user: changed', 'Add ******** user: changed', true],
    ['Add wso2carbon user: changed', 'Add ******** user: ok', false],
    ['Copy a.xml: ok', 'Copy a.xml: ok', true],
    ['Copy a+b (x).xml: ok', 'Copy a+b (x).xml: ok', true],
    ['Copy axml: ok', 'Copy a.xml: ok', false],
  ])('%s ~ %s: %s', (a, b, same) => expect(sameLine(a, b)).toBe(same));
});

describe('timelineDiff', () => {
  const outcome = (host: string, task: string, r: Record<string, unknown>) => ({ host, task, result: r });
  it('names the host and the first task that differs', () => {
    const a = hostTimelines([outcome('h1', 'A', {}), outcome('h1', 'B', { changed: true }), outcome('h2', 'A', {})]);
    const b = hostTimelines([outcome('h1', 'A', {}), outcome('h1', 'B', { failed: true }), outcome('h2', 'A', {})]);
    expect(timelineDiff(a, b)).toEqual(['h1 #2: ansible "B: changed" vs carbon-play "B: failed"']);
    expect(timelineDiff(a, a)).toEqual([]);
  });
  it('a host one tool never ran is a difference', () => {
    expect(timelineDiff({ h1: ['A: ok'] }, {})).toEqual(['h1 #1: ansible "A: ok" vs carbon-play null']);
  });
});

describe('changesDiff', () => {
  it('names files one run left and the other did not, or left differently; tool state is left out', () => {
    const a = { h1: { 'etc/passwd': '644 aaa', 'opt/jdk/': '755', 'var/log/': '755', 'var/log/lastlog': '664 x', 'etc/ssh/ssh_host_key': '600 k1' } };
    const b = { h1: { 'etc/passwd': '644 bbb', 'etc/ssh/ssh_host_key': '600 k2' } };
    expect(changesDiff(a, b)).toEqual(['h1 /etc/passwd: ansible 644 aaa vs carbon-play 644 bbb', 'h1 /opt/jdk/: ansible 755 vs carbon-play absent']);
    expect(changesDiff(a, a)).toEqual([]);
  });
});
