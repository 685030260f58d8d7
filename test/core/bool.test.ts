// parseBool/toBool: Ansible's boolean words, checked against a table and against Ansible's own convert_bool when installed.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseBool, toBool } from '../../src/core/bool.js';

// [value, parseBool, toBool]
const cases: [unknown, boolean | undefined, boolean][] = [
  [true, true, true], [false, false, false], [1, true, true], [0, false, false], [1.0, true, true],
  ['y', true, true], ['yes', true, true], ['on', true, true], ['1', true, true], ['true', true, true], ['t', true, true],
  ['YES', true, true], ['On', true, true], ['True', true, true], [' yes ', true, true], ['T', true, true],
  ['n', false, false], ['no', false, false], ['off', false, false], ['0', false, false], ['false', false, false], ['f', false, false],
  ['NO', false, false], ['Off', false, false], ['False', false, false],
  ['maybe', undefined, false], ['', undefined, false], ['2', undefined, false], [2, undefined, false], [-1, undefined, false],
  ['yess', undefined, false], [null, undefined, false], [undefined, undefined, false], [[1], undefined, false], [{}, undefined, false],
];

describe('parseBool and toBool', () => {
  it.each(cases)('%j → %j (strict), %j (lenient)', (value, strict, lenient) => {
    expect(parseBool(value)).toBe(strict);
    expect(toBool(value)).toBe(lenient);
  });
});

const py = `
import json, sys
from ansible.module_utils.parsing.convert_bool import boolean
out = []
for v in json.load(sys.stdin):
    try:
        out.append(boolean(v, strict=True))
    except TypeError:
        out.append(None)
print(json.dumps(out))
`;
// The Python that Ansible is installed for (Debian's), else whatever python3 is on PATH.
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import ansible.module_utils.parsing.convert_bool'], { stdio: 'ignore' }).status === 0);
const hasAnsible = python !== undefined;

describe.skipIf(!hasAnsible)("same answers as Ansible's convert_bool.boolean(strict=True)", () => {
  it('for every string and number in the table', () => {
    // JSON has no undefined; lists and dicts are unhashable in Python's set lookup, so those stay out.
    const values = cases.map(([v]) => v).filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
    const r = spawnSync(python!, ['-c', py], { input: JSON.stringify(values), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const theirs = (JSON.parse(r.stdout) as (boolean | null)[]).map((b) => b ?? undefined);
    expect(values.map(parseBool)).toEqual(theirs);
  });
});
