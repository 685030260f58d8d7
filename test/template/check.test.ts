// Load-time syntax checks: template and expression faults with their offsets.

import { expect, test } from 'vitest';
import { checkExpression, checkTemplate } from '../../src/template/index.js';

test.each(['no braces at all', '{{ port }}', 'a {{add port 1}} b', '{{#each (index groups "carbon") as |h|}}{{h}}{{else}}-{{/each}}', '{{#if (eq a 1)}}x{{else if b}}y{{/if}}', '{{!-- c --}}', '{ single }'])(
  'valid template: %s',
  (text) => {
    expect(checkTemplate(text)).toBeNull();
  },
);

// text, message fragment, offset of the fault
const templateFaults: [string, string, number][] = [
  ['{{ foo | default(1) }}', 'Jinja filters are not handlebars', 7],
  ['abc {{ foo', "'{{' is never closed", 4],
  ['x\n{{#if a}}\n{{/each}}', "if doesn't match each", 5],
  ['{{#if a}}never closed', 'unexpected end of template', 21],
  ['ok {{ carbon_port bar }}', "unknown helper 'carbon_port'", 6],
  ['a\n  {{upper (nosuch x)}}', "unknown helper 'nosuch'", 13],
  ['{{#nosuch x}}y{{/nosuch}}', "unknown block helper 'nosuch'", 0],
  ['{{#each}}y{{/each}}', '{{#each}} expects 1 argument, got 0', 0],
  ['{{#if a b}}y{{/if}}', '{{#if}} expects 1 argument, got 2', 0],
  ['before {{> partial}}', 'partials ({{> name}}) are not supported', 7],
  ['{{constructor x}}', "unknown helper 'constructor'", 2],
];
test.each(templateFaults)('template fault: %s', (text, message, offset) => {
  const fault = checkTemplate(text);
  expect(fault).not.toBeNull();
  expect(fault!.message).toContain(message);
  expect(fault!.offset).toBe(offset);
});

const expressionFaults: [string, string, number][] = [
  ['port ==', 'expected a value, got end of expression', 7],
  ['port = 1', "expected an operator or end of expression, got '='", 5],
  ['(a and b', "expected ')', got end of expression", 8],
  ["name == 'x", 'unterminated string', 8],
  ['a b', "expected an operator or end of expression, got 'b'", 2],
  ['x | nosuch', "no filter named 'nosuch'", 2],
  ['x | to_jsn', "no filter named 'to_jsn' (did you mean 'to_json'?)", 2],
  ['x is weird', "no test named 'weird'", 2],
  ['x is', 'expected a test name after is, got end of expression', 4],
  ['{{ a == }}', 'expected a value, got end of expression', 8],
  ['{{ a }} == 1', "expected ':', got '}'", 5],
  ["constructor.constructor('return 1')()", 'only functions and methods can be called', 23],
  ["constructor.constructor('return 1')", "no method named 'constructor'", 11],
  ['eval("1")', "'eval' is not a function", 0],
  ["x.splt(',')", "no method named 'splt' (did you mean 'split'?)", 1],
  ['[1, 2', "expected ','", 5],
  ['', 'expected an expression, got an empty string', 0],
];
test.each(expressionFaults)('expression fault: %s', (text, message, offset) => {
  const fault = checkExpression(text);
  expect(fault).not.toBeNull();
  expect(fault!.message).toContain(message);
  expect(fault!.offset).toBe(offset);
});

test.each(['a == 1', '{{ a == 1 }}', 'x is defined and x | int > 3', "hostvars[inventory_hostname]['port'] in [1, 2]", 'not (a or b)', "lookup('env', 'HOME')"])(
  'valid expression: %s',
  (text) => {
    expect(checkExpression(text)).toBeNull();
  },
);
