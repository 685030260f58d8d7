// INI value typing (Python literal_eval), host-line splitting (shlex) and host range expansion, as Ansible does them.
import { describe, expect, it } from 'vitest';
import { expandHostEntry } from '../../src/inventory/expand-host-pattern.js';
import { parsePythonLiteral } from '../../src/inventory/python-literal.js';

describe('parsePythonLiteral', () => {
  it.each([
    ['5', 5],
    ['-5', -5],
    ['0x10', 16],
    ['1_000', 1000],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['01', '01'],
    ['True', true],
    ['False', false],
    ['None', null],
    ['true', 'true'],
    ['yes', 'yes'],
    ['none', 'none'],
    ["'5'", '5'],
    ['"a b"', 'a b'],
    ["'a\\'b'", "a'b"],
    ["'a' 'b'", 'ab'],
    ["u'x'", 'x'],
    ["''", ''],
    ['[1, "two"]', [1, 'two']],
    ['(1, 2)', [1, 2]],
    ["{'k': 1, 'n': [True]}", { k: 1, n: [true] }],
    ['[1, 2]  # trailing comment', [1, 2]],
    ['{1, 2}', '{1, 2}'],
    ['a b c', 'a b c'],
    ['10.200.0.11', '10.200.0.11'],
    ['/abs/key', '/abs/key'],
    ['-o UserKnownHostsFile=/x', '-o UserKnownHostsFile=/x'],
    ['[1,', '[1,'],
    ['', ''],
  ])('%s', (text, expected) => {
    expect(parsePythonLiteral(text)).toEqual(expected);
  });
});


describe('expandHostEntry', () => {
  it.each([
    ['web1', { names: ['web1'] }],
    ['web1:2222', { names: ['web1'], port: 2222 }],
    ['10.0.0.1:22', { names: ['10.0.0.1'], port: 22 }],
    ['node[01:03]', { names: ['node01', 'node02', 'node03'] }],
    ['node[1:3]:2200', { names: ['node1', 'node2', 'node3'], port: 2200 }],
    ['db[a:c]', { names: ['dba', 'dbb', 'dbc'] }],
    ['db[A:B]', { names: ['dbA', 'dbB'] }],
    ['n[0:10:5]', { names: ['n0', 'n5', 'n10'] }],
    ['n[:2]', { names: ['n0', 'n1', 'n2'] }],
    ['r[1:2]-x[a:b]', { names: ['r1-xa', 'r1-xb', 'r2-xa', 'r2-xb'] }],
  ])('%s', (entry, expected) => {
    expect(expandHostEntry(entry)).toEqual(expected);
  });

  // Ansible expands these to no host at all; carbon-play calls it what it almost always is, a typo.
  it.each(['n[5:3]', 'w[03:01]', 'x[9:2:2]'])('%s (backwards) is an error', (entry) => {
    expect(() => expandHostEntry(entry)).toThrow(/expected begin <= end in host range .* got a range with no host/);
  });
});
