// Every handlebars helper (.hbs template files render with them), with its text result and its error messages.

import { expect, test } from 'vitest';
import { renderString } from '../../src/template/index.js';
import { toText } from '../../src/template/values.js';
import { createScope } from './scope.js';

const scope = createScope();
process.env.CARBON_PLAY_TEST_HOME = '/home/carbon';
delete process.env.CARBON_PLAY_TEST_UNSET;

// helper call, expected value (printed into the file as text)
const cases: [string, unknown][] = [
  ['{{default carbon_port 9443}}', 9443],
  ['{{add port offset}}', 9444],
  ['{{add 1 2 3}}', 6],
  ['{{add "10" 1}}', 11],
  ['{{sub port 1}}', 9442],
  ['{{mul offset 100}}', 100],
  ['{{div 9 2}}', 4.5],
  ['{{mod 9 4}}', 1],
  ['{{join members ","}}', '10.0.0.11,10.0.0.12'],
  ['{{join ports}}', '9443,9763'],
  ['{{json db}}', '{"host":"db.local","port":3306,"opts":{"latin1":true}}'],
  ['{{json nothing}}', 'null'],
  ['{{lower name}}', 'carbon'],
  ['{{upper name}}', 'CARBON'],
  ['{{replace "a.b.c" "." "/"}}', 'a/b/c'],
  ["{{index hostvars inventory_hostname 'ansible_host'}}", '10.0.0.11'],
  ['{{index ports 1}}', 9763],
  ["{{index groups 'carbon'}}", ['am1', 'am2']],
  ['{{eq offset 1}}', true],
  ['{{eq ports (concat ports)}}', true],
  ['{{ne name "x"}}', true],
  ['{{lt 1 2}}', true],
  ['{{le 2 2}}', true],
  ['{{gt 1 2}}', false],
  ['{{ge 3 2}}', true],
  ['{{and enabled disabled}}', false],
  ['{{or disabled enabled}}', true],
  ['{{not empty}}', true],
  ["{{lookup 'env' 'CARBON_PLAY_TEST_HOME'}}", '/home/carbon'],
  ["{{lookup 'env' 'CARBON_PLAY_TEST_UNSET'}}", ''],
  ["{{lookup db 'host'}}", 'db.local'],
  ['{{concat "a" name 1}}', 'aCarbon1'],
  ['{{concat members ports}}', ['10.0.0.11', '10.0.0.12', 9443, 9763]],
  ['{{split "a,b" ","}}', ['a', 'b']],
  ['{{split "a b" " "}}', ['a', 'b']],
  ['{{first members}}', '10.0.0.11'],
  ['{{last members}}', '10.0.0.12'],
  ['{{length members}}', 2],
  ['{{length name}}', 6],
  ['{{length db}}', 3],
  ['{{includes members "10.0.0.12"}}', true],
  ['{{includes name "arb"}}', true],
  ['{{range 4100 4103}}', [4100, 4101, 4102]],
  ['{{range 3 0 -1}}', [3, 2, 1]],
  ['{{defined db.host}}', true],
  ['{{add (mul offset 100) (length members)}}', 102],
];
test.each(cases)('%s', (input, expected) => {
  expect(renderString(input, scope)).toBe(toText(expected));
});

const errors: [string, string][] = [
  ['{{add name 1}}', 'add expects numbers, got string "Carbon"'],
  ['{{div 1 0}}', 'div: division by zero'],
  ['{{mod 1 0}}', 'mod: division by zero'],
  ['{{join name}}', 'join expects a list, got string'],
  ['{{replace name "a"}}', 'replace expects 3 argument(s), got 2'],
  ['{{default port}}', 'default expects 2 to 3 argument(s), got 1'],
  ['{{length port}}', 'length expects a string, list or dict, got number'],
  ["{{lookup 'file' '/etc/passwd'}}", "lookup supports 'env' only, got 'file'"],
  ['{{range 1 5 0}}', 'range: step must not be 0'],
  ['{{first (concat)}}', "undefined variable 'first'"],
];
test.each(errors)('%s fails: %s', (input, message) => {
  expect(() => renderString(input, scope)).toThrow(message);
});
