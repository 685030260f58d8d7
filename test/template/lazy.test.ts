// Variables holding templates render when read; data marked unsafe never does.

import { expect, test } from 'vitest';
import { evaluateExpression, markUnsafe, renderValue } from '../../src/template/index.js';

function createScope() {
  return {
    base: '/opt',
    home: '{{ base }}/am',
    hostvars: { am1: { home: '{{ base }}/am1' } },
    // a registered result whose output happens to contain template syntax
    out: markUnsafe({ stdout: 'x={{ nope }}', lines: ['{{ nope }}'], nested: { v: '{{ nope }}' } }),
  };
}

test.each<[string, unknown]>([
  ['{{ home }}', '/opt/am'],
  ["{{ hostvars['am1']['home'] }}", '/opt/am1'],
  ['{{ hostvars.am1.home }}', '/opt/am1'],
  ['{{ out.stdout }}', 'x={{ nope }}'],
  ['{{ out.nested.v }}', '{{ nope }}'],
  ["{{ out['stdout'] }}", 'x={{ nope }}'],
  ['{% for l in out.lines %}{{ l }}{% endfor %}', '{{ nope }}'],
  ['{{ out.lines }}', ['{{ nope }}']],
])('%s', (input, expected) => {
  expect(renderValue(input, createScope())).toStrictEqual(expected);
});

test('expressions read template-valued variables rendered and unsafe data raw', () => {
  const scope = createScope();
  expect(evaluateExpression("home == '/opt/am'", scope)).toBe(true);
  expect(evaluateExpression("hostvars['am1'].home", scope)).toBe('/opt/am1');
  expect(evaluateExpression("'{{' in out.stdout", scope)).toBe(true);
  expect(evaluateExpression('out', scope)).toStrictEqual(scope.out);
});

test('without markUnsafe the same data would be rendered (and fail strictly)', () => {
  expect(() => renderValue('{{ r.stdout }}', { r: { stdout: '{{ nope }}' } })).toThrow("undefined variable 'nope'");
});
