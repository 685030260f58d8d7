// The when-style expression evaluator: values, precedence, strict errors, and that nothing is ever eval'd.

import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { evaluateCondition, evaluateExpression, removeOmitted } from '../../src/template/index.js';
import { createScope } from './scope.js';

const scope = createScope();
process.env.CARBON_PLAY_TEST_HOME = '/home/carbon';

// expression, expected value (typed)
const cases: [string, unknown][] = [
  ['1', 1],
  ['-2.5', -2.5],
  ["'single'", 'single'],
  ['"double"', 'double'],
  ["'it\\'s'", "it's"],
  ['true', true],
  ['True', true],
  ['False', false],
  ['none', null],
  ['None', null],
  ["[1, 'a', [true]]", [1, 'a', [true]]],
  ['[]', []],
  ['port', 9443],
  ['db.host', 'db.local'],
  ["db['port']", 3306],
  ['hostvars[inventory_hostname].ansible_host', '10.0.0.11'],
  ["groups['carbon']", ['am1', 'am2']],
  ["groups['carbon'][1]", 'am2'],
  ['members[-1]', '10.0.0.12'],
  ['members.0', '10.0.0.11'],
  ['port == 9443', true],
  ["port == '9443'", false],
  ['port != 9443', false],
  ['offset < 2', true],
  ['offset <= 1', true],
  ['offset > 1', false],
  ['offset >= 1', true],
  ["'b' > 'a'", true],
  ["'am1' in groups['carbon']", true],
  ["'lb' not in groups['carbon']", true],
  ["'arb' in name", true],
  ["'host' in db", true],
  ["'carbon' in group_names", true],
  ['ports == [9443, 9763]', true],
  ["db == {'x': 1}", false],
  ["{'a': [1, 2]}['a'][1]", 2],
  ["'x' if port > 1 else 'y'", 'x'],
  ["name.lower().startswith('car')", true],
  ["members | map('upper') | list", ['10.0.0.11', '10.0.0.12']],
  ['1 < offset + 1 < 3', true],
  ['true and false', false],
  ['false or true', true],
  ['not enabled', false],
  ['not not enabled', true],
  // precedence: and binds tighter than or, not tighter than and, comparison tighter than not
  ['true or false and false', true],
  ['(true or false) and false', false],
  ['not offset == 1', false],
  ['not false and false', false],
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 4 - 3', 3],
  ['7 / 2', 3.5],
  ['7 // 2', 3],
  ['-7 % 3', 2],
  ['- offset + 1', 0],
  ["'a' + 'b'", 'ab'],
  ["name ~ '-' ~ port", 'Carbon-9443'],
  ['ports + [1]', [9443, 9763, 1]],
  ['port + offset == 9444', true],
  ['members|length', 2],
  ['members | length > 1', true],
  ["'42'|int + 1", 43],
  ["'x'|int", 0],
  ["'x'|int(5)", 5],
  ["'yes'|bool", true],
  ["'no'|bool", false],
  ['nope|default(3)', 3],
  ["nope | default('a') | upper", 'A'],
  ["empty | default('x', true)", 'x'],
  ['port | default(1)', 9443],
  ["members | join(',')", '10.0.0.11,10.0.0.12'],
  ['-ratio|int', -2],
  ['nope is defined', false],
  ['nope is undefined', true],
  ['nope is not defined', true],
  ['port is defined', true],
  ['db.nope is defined', false],
  ['nope.deeper is defined', false],
  ['nothing is none', true],
  ['nope is defined and nope > 1', false],
  ['port is defined and port > 1', true],
  ['nope is not defined or nope > 1', true],
  ['result is changed', true],
  ['result is failed', false],
  ['result is succeeded', true],
  ['result is success', true],
  ['failed_result is failed', true],
  ['failed_result is not failed', false],
  ['skipped_result is skipped', true],
  ['result is skipped', false],
  ["result.stdout == 'ok'", true],
  ['result.rc == 0 and result is not failed', true],
  ["lookup('env', 'CARBON_PLAY_TEST_HOME')", '/home/carbon'],
  ['{{ port == 9443 }}', true],
  ['{{ offset + 1 }}', 2],
  ['carbon_home', '/opt/wso2am'],
  ["carbon_home == '/opt/wso2am'", true],
  ['derived_ports', [9443, 9763]],
  ['empty or zero or nothing', null],
  ["empty or 'fallback'", 'fallback'],
  ["inventory_hostname == groups['carbon'][0]", true],
  ["hostvars[groups['carbon'][1]]['member_port'] + 1", 4102],
];

test.each(cases.filter(([, v]) => v !== '__syntax__'))('%s', (text, expected) => {
  expect(evaluateExpression(text, scope)).toStrictEqual(expected);
});

test('condition table has at least 40 rows', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

// expression, message fragment
const errors: [string, string][] = [
  ['carbon_port == 1', "undefined variable 'carbon_port'"],
  ['db.user', "undefined variable 'db.user'"],
  ["hostvars['nohost'].port", `undefined variable 'hostvars['nohost']'`],
  ['nope.deeper', "undefined variable 'nope'"],
  ['port > 1 and nope', "undefined variable 'nope'"],
  ['nope | length', "undefined variable 'nope'"],
  ['nope | default(other)', "undefined variable 'other'"],
  ['not nope', "undefined variable 'nope'"],
  ['[nope]', "undefined variable 'nope'"],
  ["port > '1'", "'>' not supported between instances of 'int' and 'str'"],
  ["port + 'x'", "unsupported operand type(s) for +: 'int' and 'str'"],
  ['1 / 0', 'division by zero'],
  ["name - 'x'", "unsupported operand type(s) for -: 'str' and 'str'"],
  ['port is failed', "The 'failed' test expects a dictionary, got int"],
  ['1 in port', "argument of type 'int' is not iterable"],
  ["lookup('file', '/etc/passwd')", "lookup supports 'env' only, got 'file'"],
  ['port ==', 'expression syntax error: expected a value, got end of expression (column 8'],
  ["constructor.constructor('return 1')()", 'only functions and methods can be called'],
  ['port | nosuch', "no filter named 'nosuch'"],
  ['port | lenght', "no filter named 'lenght' (did you mean 'length'?)"],
  ['port is defind', "no test named 'defind' (did you mean 'defined'?)"],
  ["name.spilt(',')", "no method named 'spilt' (did you mean 'split'?)"],
  ['members.constructor', "undefined variable 'members.constructor'"],
  ["db['__proto__']", `undefined variable 'db['__proto__']'`],
  ['constructor', "undefined variable 'constructor'"],
  ["''.constructor", "undefined variable '''.constructor'"],
];
test.each(errors)('%s fails: %s', (text, message) => {
  let caught: unknown;
  try {
    evaluateExpression(text, scope);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CarbonPlayError);
  expect((caught as CarbonPlayError).kind).toBe('template');
  expect((caught as CarbonPlayError).message).toContain(message);
});

test.each<[string, boolean]>([
  ['port', true],
  ['empty', false],
  ['zero', false],
  ['nothing', false],
  ['[]', false],
  ['ports', true],
  ["'false'", true],
  ['result', true],
  ['{{ result is changed }}', true],
])('evaluateCondition(%s) is %s (Python truthiness)', (text, expected) => {
  expect(evaluateCondition(text, scope)).toBe(expected);
});

test('the source never evaluates code: no eval or Function anywhere in src/template', () => {
  const dir = new URL('../../src/template/', import.meta.url);
  for (const file of readdirSync(dir)) {
    const src = readFileSync(new URL(file, dir), 'utf8');
    expect(src, file).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(|\bcompile\s*\(/);
  }
});

test('omit: an argument holding it is dropped, in nested dicts and lists too', () => {
  const omit = evaluateExpression('omit', scope);
  expect(evaluateExpression("nope | default(omit)", scope)).toBe(omit);
  expect(removeOmitted({ a: 1, b: omit, c: [1, omit, { d: omit, e: 2 }] })).toStrictEqual({ a: 1, c: [1, { e: 2 }] });
});
