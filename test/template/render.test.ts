// renderValue (Jinja in YAML values): typed single expressions, strict undefined, default guards; renderString: .hbs files.

import { describe, expect, test } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { isTemplated, renderString, renderValue } from '../../src/template/index.js';
import { createScope } from './scope.js';

const scope = createScope();

describe('renderValue (Jinja, as in YAML values)', () => {
  // input, expected (toStrictEqual also checks the type)
  const cases: [string, unknown, unknown][] = [
    ['plain string untouched', 'no braces', 'no braces'],
    ['number stays number', '{{ port }}', 9443],
    ['number without spaces', '{{port}}', 9443],
    ['float', '{{ ratio }}', 2.5],
    ['boolean true', '{{ enabled }}', true],
    ['boolean false', '{{ disabled }}', false],
    ['null stays null', '{{ nothing }}', null],
    ['list stays list', '{{ ports }}', [9443, 9763]],
    ['object stays object', '{{ db }}', { host: 'db.local', port: 3306, opts: { latin1: true } }],
    ['dotted access', '{{ db.opts.latin1 }}', true],
    ['arithmetic keeps type', '{{ port + offset }}', 9444],
    ['a filter result keeps type', "{{ members | join(',') | split(',') }}", ['10.0.0.11', '10.0.0.12']],
    ['mixed text is a string', 'https://{{db.host}}:{{port}}/', 'https://db.local:9443/'],
    ['surrounding space makes a string', ' {{ port }}', ' 9443'],
    ['no HTML escaping', '{{ markup }}', '<a href="x">&amp;</a>'],
    ['no HTML escaping inside text', 'x={{ markup }}', 'x=<a href="x">&amp;</a>'],
    ['a list inside text prints as Python', 'p={{ ports }}', 'p=[9443, 9763]'],
    ['a boolean inside text prints as Python', 'b={{ enabled }}', 'b=True'],
    ['null inside text is empty', '[{{ nothing }}]', '[]'],
    ['variable holding a template renders lazily', '{{ carbon_home }}/bin', '/opt/wso2am/bin'],
    ['lazy inside a list read whole', '{{ derived_ports }}', [9443, 9763]],
    ['item from a loop', '{{ item.name }}-{{ item.version }}', 'wso2am-4.2.0'],
    ['string literal', '{{ "text" }}', 'text'],
    ['comment prints nothing', 'a{# note #}b', 'ab'],
    ['whitespace control', 'a {{- port -}} b', 'a9443b'],
    ['a statement block', "{% for m in members %}{{ m }}{% if not loop.last %},{% endif %}{% endfor %}", '10.0.0.11,10.0.0.12'],
    ['raw keeps braces', '{% raw %}{{ port }}{% endraw %}', '{{ port }}'],
    ['an INI "false" read with | bool', "{{ 'false' | bool }}", false],
    ['trailing newline of a value is kept', '{{ port }}\n', '9443\n'],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    expect(renderValue(input, scope)).toStrictEqual(expected);
  });

  test('walks lists and objects, leaves other values alone', () => {
    const input = { url: 'h={{db.host}}', port: '{{port}}', n: 3, flag: false, nested: [{ v: '{{offset}}' }, null] };
    expect(renderValue(input, scope)).toStrictEqual({ url: 'h=db.local', port: 9443, n: 3, flag: false, nested: [{ v: 1 }, null] });
  });

  test('does not modify its input', () => {
    const input = { a: ['{{port}}'] };
    renderValue(input, scope);
    expect(input).toStrictEqual({ a: ['{{port}}'] });
  });
});

describe('strict undefined variables', () => {
  const cases: [string, string][] = [
    ['{{ carbon_port }}', 'carbon_port'],
    ['port={{ carbon_port }}', 'carbon_port'],
    ['{{ db.user }}', 'db.user'],
    ['{{ missing.deeper.still }}', 'missing'],
    ['{{ carbon_port + 1 }}', 'carbon_port'],
    ["{{ hostvars[inventory_hostname]['nope'] }}", "hostvars[inventory_hostname]['nope']"],
    ['{% for x in nope %}x{% endfor %}', 'nope'],
    ['{% if nope %}x{% endif %}', 'nope'],
    ['{{ constructor }}', 'constructor'],
    ['{{ db.__proto__ }}', 'db.__proto__'],
    ['{{ ports[5] }}', 'ports[5]'],
  ];
  test.each(cases)('%s names %s', (input, name) => {
    expect(() => renderValue(input, scope)).toThrow(`undefined variable '${name}'`);
    try {
      renderValue(input, scope);
    } catch (e) {
      expect(e).toBeInstanceOf(CarbonPlayError);
      expect((e as CarbonPlayError).kind).toBe('template');
    }
  });

  test('the error says where in the value (line and column)', () => {
    expect(() => renderValue('a\nb {{ nope }}', scope)).toThrow(/undefined variable 'nope' \(line 2, column 6\)/);
  });

  test('a variable defined as a loop of templates is reported, not a stack overflow', () => {
    expect(() => renderValue('{{ loop_a }}', scope)).toThrow(/recursive template variable: loop_a -> loop_b -> loop_a/);
  });
});

describe('default guards undefined variables', () => {
  const cases: [string, unknown][] = [
    ['{{ carbon_port | default(9443) }}', 9443],
    ['{{ port | default(1) }}', 9443],
    ["{{ db.user | default('root') }}", 'root'],
    ["{{ missing.deeper | default('x') }}", 'x'],
    ["{{ hostvars['am1']['nope'] | default(7) }}", 7],
    ["{{ nothing | default('not for null') }}", null],
    ["{{ empty | default('falsy too', true) }}", 'falsy too'],
    ["{{ empty | default('kept') }}", ''],
    ['{% if carbon_port is defined %}yes{% else %}no{% endif %}', 'no'],
    ['{{ port is defined }}', true],
    ["{{ carbon_port | mandatory('set carbon_port') if false else 1 }}", 1],
  ];
  test.each(cases)('%s', (input, expected) => {
    expect(renderValue(input, scope)).toStrictEqual(expected);
  });

  test('the fallback itself must be defined', () => {
    expect(() => renderValue('{{ a | default(b) }}', scope)).toThrow("undefined variable 'b'");
  });
  test('mandatory names the variable', () => {
    expect(() => renderValue('{{ carbon_port | mandatory }}', scope)).toThrow("Mandatory variable 'carbon_port' not defined.");
  });
});

describe('handlebars blocks (.hbs template files)', () => {
  const cases: [string, string, string][] = [
    ['each over a group with hostvars', "{{#each (index groups 'carbon')}}<member>{{index hostvars this 'ansible_host'}}:{{index hostvars this 'member_port'}}</member>{{/each}}", '<member>10.0.0.11:4100</member><member>10.0.0.12:4101</member>'],
    ['each with @index, @first, @last', '{{#each ports}}{{@index}}={{this}}{{#unless @last}},{{/unless}}{{/each}}', '0=9443,1=9763'],
    ['each over an object with @key', '{{#each db.opts}}{{@key}}:{{this}}{{/each}}', 'latin1:true'],
    ['each with block params', '{{#each members as |ip i|}}{{i}}:{{ip}} {{/each}}', '0:10.0.0.11 1:10.0.0.12 '],
    ['each sees play variables inside', '{{#each members}}{{this}}:{{port}} {{/each}}', '10.0.0.11:9443 10.0.0.12:9443 '],
    ['each with ../', '{{#each members}}{{../name}}{{/each}}', 'CarbonCarbon'],
    ['split of an empty string is one empty item', '{{#each (split empty ",")}}x{{else}}none{{/each}}', 'x'],
    ['each else on an empty literal list', '{{#each (concat)}}x{{else}}none{{/each}}', 'none'],
    ['if with eq', '{{#if (eq inventory_hostname "am1")}}master{{else}}worker{{/if}}', 'master'],
    ['else if chain', '{{#if (eq offset 0)}}a{{else if (eq offset 1)}}b{{else}}c{{/if}}', 'b'],
    ['if on empty list is false', '{{#if (concat)}}y{{else}}n{{/if}}', 'n'],
    ['with', '{{#with db}}{{host}}:{{port}}{{/with}}', 'db.local:3306'],
    ['@root', '{{#with db}}{{@root.name}}{{/with}}', 'Carbon'],
    ['standalone block lines leave no blank lines', 'a\n{{#if enabled}}\nb\n{{/if}}\nc', 'a\nb\nc'],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    expect(renderString(input, scope)).toBe(expected);
  });

  test('each over a number is an error saying what it got', () => {
    expect(() => renderString('{{#each port}}x{{/each}}', scope)).toThrow('{{#each}} expects a list or dict, got number');
  });
});

describe('renderString', () => {
  test('renders a whole file and always returns text', () => {
    const file = '<Server>\n  <Offset>{{ offset }}</Offset>\n  <HostName>{{ inventory_hostname }}</HostName>\n</Server>\n';
    expect(renderString(file, scope)).toBe('<Server>\n  <Offset>1</Offset>\n  <HostName>am1</HostName>\n</Server>\n');
    expect(renderString('{{ port }}', scope)).toBe('9443');
  });
  test('is strict too', () => {
    expect(() => renderString('a\n{{ carbon_port }}\n', scope)).toThrow("undefined variable 'carbon_port'");
  });
  test('reports a syntax error as a template error with its line', () => {
    expect(() => renderString('a\nb {{#if x}}', scope)).toThrow(/template syntax error.*\(line 2\)/);
  });
});

test('isTemplated', () => {
  expect([isTemplated('a {{ b }}'), isTemplated('plain'), isTemplated(3), isTemplated(['{{ x }}'])]).toStrictEqual([true, false, false, false]);
});

describe('changing methods change the template\'s own copy, never the play\'s variables', () => {
  test.each<[string, unknown]>([
    ['{{ l.append(3) }}', null],
    ['{% set _ = l.append(3) %}{{ l }}', "[1, 2, 3]"],
    ['{% set x = l %}{% set _ = x.append(3) %}{{ l | length }}', '3'],
    ['{% set _ = m.n.update({"b": 2}) %}{{ m.n | length }}', '2'],
    ['{{ m.n.setdefault("c", 1) }}', 1],
  ])('%s', (text, want) => {
    const vars = { l: [1, 2], m: { n: { a: 1 } } };
    expect(renderValue(text, vars)).toStrictEqual(want);
    expect(vars).toEqual({ l: [1, 2], m: { n: { a: 1 } } });
  });
});
