// Expressions and templates run through both carbon-play and Ansible: the variables and the case table.

export const VARS: Record<string, unknown> = {
  s: 'Hello World',
  n: 42,
  neg: -7,
  f: 2.5,
  t: true,
  fl: false,
  nul: null,
  lst: ['b', 'a', 'c', 'a'],
  mixed_case: ['b', 'A', 'a', 'C'],
  nums: [3, 1, 2],
  nested_lists: [[1, 2], [3, [4, 5]], null],
  d: { x: 1, y: 'two', z: [1, 2] },
  other: { y: 'TWO', w: 4 },
  deep_a: { a: { b: 1, c: [1] } },
  deep_b: { a: { d: 2, c: [2] } },
  users: [
    { name: 'ann', age: 31, admin: true, groups: ['wheel'] },
    { name: 'bob', age: 25, admin: false, groups: [] },
    { name: 'cid', age: 40, admin: true },
  ],
  path: '/opt/wso2/conf/carbon.xml',
  csv: 'a,b,,c',
  words: '  several   spaced words  ',
  ini_false: 'false',
  ini_true: 'True',
  ver: '4.4.40',
  grp: { managers: ['m1', 'm2'], workers: ['w1'] },
  hv: { m1: { ansible_host: '10.0.0.1', port_offset: 1 }, m2: { ansible_host: '10.0.0.2' } },
  multi: 'line1\nline2\n',
  uni: 'café ✓',
  quote: "it's",
  dq: 'say "hi"',
  both_q: `it's "x"`,
  tab: 'a\tb',
  nested: { a: { b: { c: 'deep' } } },
  empty_list: [],
  empty_dict: {},
  empty: '',
  zero: 0,
  json_text: '{"a": [1, 2], "b": null}',
  yaml_text: 'a: 1\nb: [x, y]\n',
  items: [{ key: 'k1', value: 'v1' }, { key: 'k2', value: 2 }],
  host: 'web01.example.com',
  long_text: 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau',
};

/** Expressions, each rendered as `{{ expr }}`. */
export const EXPRESSIONS: string[] = [
  // literals and Python rendering
  '1', '1.5', '-3', 'True', 'False', 'None', 'true', "'str'", '"dq"', '[1, "a", None, True]', "{'k': 'v', 'n': [1]}", '[]', '{}',
  't', 'lst', 'd', 'users[1]', 'quote', '[quote]', '[dq]', '[both_q]', '[tab]', '[uni]', '[multi]', 'n * 1.0 == 42',
  // operators
  '1 + 2 * 3', '(1 + 2) * 3', '7 // 2', '-7 // 2', '7 % 3', '-7 % 3', '2 ** 10', "'a' ~ 1 ~ True", "s ~ '!'", "'ab' * 3", 'lst + nums',
  "'x' if t else 'y'", "'x' if fl else 'y'", 'n > 40 and n < 50', 'not t', '1 < 2 < 3', '3 > 2 > 5', "'a' in lst", "'z' not in lst", "'World' in s",
  "'x' in d", 'n == 42.0', '1 == True', "'1' == 1", 'lst == ["b", "a", "c", "a"]', "d == {'x': 1, 'y': 'two', 'z': [1, 2]}",
  // subscripts, attributes, slices
  "grp['managers'][0]", 'grp.managers[-1]', "hv[grp['managers'][0]]['ansible_host']", 'nested.a.b.c', "nested['a']['b']", 'lst[1:3]', 'lst[::-1]',
  's[:5]', 's[-5:]', 'lst.1', 'users[0].groups[0]',
  // methods
  "s.split(' ')", "csv.split(',')", 'words.split()', 's.lower()', 's.upper()', "s.startswith('Hell')", "s.endswith(('x', 'd'))", "s.replace('o', '0')",
  'words.strip()', 'd.keys() | list', 'd.values() | list', "d.get('y')", "d.get('missing', 'dflt')", "d.get('missing')", "'-'.join(lst)", "s.find('W')",
  "'{}-{}'.format('a', 1)", "path.rsplit('/', 1)", "s.count('l')", 'ver.split(".")[0] | int + 1',
  // list and dict methods, the mutating ones returning None (each template has its own copy of a variable)
  "lst.index('c')", "lst.count('a')", 'nums.append(4)', 'nums.pop()', 'nums.pop(0)', 'nums.pop(-2)', "lst.remove('a')", 'nums.sort()',
  "d.setdefault('x', 9)", "d.setdefault('q', 9)", "d.pop('x')", "d.pop('missing', 'none')", "d.update({'x': 5})", 'nums.copy()',
  // default, mandatory, bool, ternary
  "undefined_thing | default('fallback')", "undefined_thing | d(5)", "nul | default('x')", "empty | default('x')", "empty | default('x', true)",
  'nested.q.r | default(1)', 'ini_false | bool', 'ini_true | bool', "'yes' | bool", "'on' | bool", "'y' | bool", '1 | bool', '2 | bool', 'nul | bool',
  "t | ternary('on', 'off')", "nul | ternary('a', 'b', 'none')", 'n | mandatory',
  // numbers
  "'12' | int", "'3.7' | int", "'x' | int", "'x' | int(5)", "'0x1A' | int(base=16)", "'1.5' | float", '-3 | abs', '2.5 | round | int', '3.5 | round | int', '3.14159 | round(2)', "'7' | int * 2",
  // text
  's | lower', 's | upper', "'hello WORLD' | capitalize", 'words | trim', "s | replace('l', 'L')", "s | replace('l', 'L', 1)", "csv | split(',')",
  "quote | quote", "'plain' | quote", "'' | quote", 'nul | quote', 'path | basename', 'path | dirname', 'path | splitext', "'a b' | title", 's | length',
  "s | regex_replace('o', '0')", "s | regex_replace('(\\\\w+) (\\\\w+)', '\\\\2 \\\\1')", "host | regex_replace('^(?P<h>\\\\w+)\\\\..*$', '\\\\g<h>')",
  "host | regex_search('\\\\d+')", "host | regex_search('(\\\\w+)\\\\.(\\\\w+)', '\\\\2')", "host | regex_search('zzz')", "s | regex_findall('o.')",
  "host | regex_findall('(\\\\w)(\\\\w)\\\\.')", "'a.b' | regex_escape", 's | b64encode', "'SGVsbG8=' | b64decode", 's | hash', "s | hash('md5')", "s | hash('sha256')",
  "'secret' | password_hash('sha512', 'saltsalt')", "'secret' | password_hash('sha256', 'abcdefgh')", "'secret' | password_hash('sha512', 'saltsalt', rounds=10000)",
  "'line' | comment", "multi | comment('c')", "'x\\ny' | comment('xml')", "'a\\nb' | comment('cblock')", 'multi | indent(2)', 'multi | indent(4, true)',
  "'a\\n\\nb' | indent(2, blank=true)", "'text' | center(10)", 'lst | join', "lst | join(', ')", 'nums | join("-")', "'%s:%d' % ('h', 8080)", "'%05.1f|%-4s|%x' % (3.14159, 'ab', 255)",
  // lists
  'lst | first', 'lst | last', 'lst | length', 'lst | count', 'lst | unique', 'mixed_case | unique', 'lst | sort', 'mixed_case | sort', 'mixed_case | sort(case_sensitive=true)',
  'nums | sort(reverse=true)', "users | sort(attribute='age') | map(attribute='name') | list", 'lst | reverse | list', 's | reverse', 'nums | min', 'nums | max',
  "users | max(attribute='age')", 'nums | sum', "users | sum(attribute='age')", "users | map(attribute='name') | list", "lst | map('upper') | list",
  "users | map(attribute='missing', default='-') | list", "users | selectattr('admin') | map(attribute='name') | list", "users | rejectattr('admin') | map(attribute='name') | list",
  "users | selectattr('age', 'gt', 30) | map(attribute='name') | list", "users | selectattr('name', 'equalto', 'bob') | list", "nums | select('odd') | list",
  "nums | reject('odd') | list", "lst | select('match', '[ab]') | list", "[0, 1, '', 'x', None] | select | list", 'nested_lists | flatten', 'nested_lists | flatten(1)',
  "lst | difference(['a'])", "lst | intersect(['a', 'z'])", "lst | union(['z'])", "lst | symmetric_difference(['a', 'z'])", "nums | zip(lst) | list",
  "'abc' | list", 'd | list', 'range(3) | list', 'range(1, 10, 3) | list', "nums | map('string') | list", "[1, [2]] | flatten", 'lst | batch(3) | list',
  "'abc' | first", 'users | selectattr("groups", "defined") | list | length',
  // dicts
  'd | dict2items', "d | dict2items(key_name='k', value_name='v')", 'items | items2dict', 'd | combine(other)', 'deep_a | combine(deep_b)',
  'deep_a | combine(deep_b, recursive=true)', "deep_a | combine(deep_b, recursive=true, list_merge='append')", '[d, other] | combine', 'd | dictsort',
  "'x' | extract(d)", "['m1', 'm2'] | map('extract', hv, 'ansible_host') | list", 'd.items() | list',
  // data formats
  'd | to_json', 'users | to_json', 'uni | to_json', "d | to_json(sort_keys=true)", 'd | to_nice_json', 'users | to_nice_json(indent=2)', 'json_text | from_json',
  'd | to_yaml', 'users | to_yaml', 'd | to_nice_yaml', 'users | to_nice_yaml', 'grp | to_nice_yaml(indent=2)', "'yes' | to_yaml", "{'k': 'a: b', 'e': '', 'n': 'null'} | to_yaml",
  "{'m': multi} | to_yaml", '{"t": tab} | to_yaml', 'uni | to_yaml', 'long_text | to_yaml', '{"x": long_text} | to_nice_yaml', 'yaml_text | from_yaml', "[[1, 2], [3]] | to_nice_yaml",
  'nums | random(seed=1)', 'lst | random(seed="web01")', '100 | random(seed=inventory_hostname)', "nums | shuffle(seed='x')", '10 | random(start=5, seed=3)',
  // tests
  'undefined_thing is defined', 'n is defined', 'nul is none', 's is string', 'n is number', 'f is float', 'n is integer', 'd is mapping', 'lst is sequence',
  't is boolean', 's is boolean', "ini_false is truthy", "ini_false is truthy(convert_bool=True)", "empty is falsy", "'a' is in lst", "lst is contains 'a'",
  "s is match('Hel')", "s is match('World')", "s is search('World')", "s is regex('w.rld', ignorecase=true)", "ver is version('4.4.9', '>')",
  "ver is version('4.5', 'lt')", "'1.10' is version('1.9', '>=')", "ver is version('4.4.40', '==')", "'2.0' is version('2.0.0', 'eq', strict=true)",
  "{'failed': true} is failed", "{'failed': false, 'changed': true} is changed", "{'changed': false} is succeeded", "{'skipped': true} is skipped",
  "'/etc/hostname' is exists", "'/no/such/file' is exists", '3 is odd', '4 is divisibleby 2', "nums is all", "[0, 1] is any", "[1] is subset(nums)",
  'n is not string', "lst is not mapping",
  // errors must be errors on both sides
  'undefined_thing', 'undefined_thing.attr', "d['nope']", "d.nope", '1 / 0', "'a' + 1", "'a' < 1", 'lst | first | nope_filter',
  '[] | first', "nested.a.q", 'nul.x',
];

/** Whole templates: statements, whitespace control, loops. */
export const TEMPLATES: Record<string, string> = {
  if_else: '{% if t %}\nyes\n{% else %}\nno\n{% endif %}\n',
  if_elif: '{% if n < 10 %}small{% elif n < 100 %}medium{% else %}large{% endif %}\n',
  if_undefined: '{% if undefined_thing is defined %}set{% endif %}done\n',
  if_undefined_bare: '{% if undefined_thing %}set{% endif %}done\n',
  for_loop: '{% for u in users %}\n{{ loop.index }}/{{ loop.length }} {{ u.name }}{% if not loop.last %},{% endif %}\n{% endfor %}\n',
  for_else: '{% for x in empty_list %}\n{{ x }}\n{% else %}\nnothing\n{% endfor %}\n',
  for_filter: '{% for u in users if u.admin %}{{ u.name }} {{ loop.index0 }} {{ loop.revindex }};{% endfor %}\n',
  for_dict: '{% for k, v in d.items() %}\n{{ k }}={{ v }}\n{% endfor %}\n',
  for_dict_keys: '{% for k in d %}{{ k }} {% endfor %}\n',
  for_nested: '{% for g, hosts in grp.items() %}\n[{{ g }}]\n{% for h in hosts %}\n{{ h }}{% if loop.first %} first{% endif %}\n{% endfor %}\n{% endfor %}\n',
  loop_prev_next: '{% for x in nums %}{{ loop.previtem | default("^") }}{{ x }}{{ loop.nextitem | default("$") }} {% endfor %}\n',
  append_in_loop: '{% set found = [] %}{% for u in users %}{% if u.admin %}{% set _ = found.append(u.name) %}{% endif %}{% endfor %}{{ found }} {{ found | length }}\n',
  mutate_a_var: '{% set _ = nums.append(9) %}{% set _ = nums.sort() %}{{ nums }} {% set _ = nums.reverse() %}{{ nums }} {{ nums.index(9) }}\n',
  list_methods: '{% set l = ["b", "a"] %}{% set _ = l.extend(["c", "d"]) %}{% set _ = l.extend("ef") %}{% set _ = l.insert(0, "z") %}{% set _ = l.insert(-1, "y") %}{% set _ = l.insert(99, "w") %}{% set p = l.pop() %}{% set q = l.pop(0) %}{% set _ = l.remove("a") %}{{ l }} {{ p }} {{ q }} {{ l.index("c") }} {{ l.count("e") }}\n',
  sort_reverse: '{% set l = [3, 1, 2, 10] %}{% set _ = l.sort(reverse=true) %}{{ l }}{% set w = ["b", "B", "a"] %}{% set _ = w.sort() %} {{ w }}\n',
  dict_methods: '{% set m = {} %}{% for u in users %}{% set _ = m.update({u.name: u.age}) %}{% endfor %}{% set _ = m.update(extra=1) %}{% set _ = m.update([["pair", 2]]) %}{{ m.setdefault("zed", 0) }} {{ m.setdefault("extra", 5) }} {{ m }} {{ m.pop("zed") }} {{ m | length }}\n',
  aliased_var: '{% set x = nums %}{% set _ = x.append(7) %}{% for u in users %}{% set _ = u.groups.append("all") %}{% endfor %}{{ x }} {{ nums }} {{ users | map(attribute="groups") | list }}\n',
  nested_update: '{% set _ = d.z.append(3) %}{% set _ = d.update({"w": 1}) %}{{ d.z }} {{ d.w }} {{ d | length }}\n',
  set_stmt: '{% set total = nums | sum %}\n{% set a, b = [1, 2] %}\ntotal={{ total }} a={{ a }} b={{ b }}\n',
  set_block: '{% set block %}\nInner {{ n }}\n{% endset %}\n[{{ block }}]\n',
  set_scope: '{% set x = 1 %}{% for i in nums %}{% set x = i %}{% endfor %}x={{ x }}\n',
  raw: '{% raw %}{{ not rendered }} {% if %}{% endraw %}\n',
  comment: 'a{# a comment #}\n{# line comment #}\nb\n',
  ws_control: 'items:\n{%- for x in nums %}\n  - {{ x -}}\n{% endfor %}\nend\n',
  ws_minus_out: 'a   {{- n -}}   b\n',
  no_trailing_newline: '{{ n }}',
  many_trailing_newlines: '{{ n }}\n\n\n',
  crlf: 'a\r\n{% if t %}\r\nb\r\n{% endif %}\r\nc\r\n',
  none_output: '[{{ nul }}] [{{ [nul] }}] [{{ {"k": nul} }}]\n',
  bool_output: '{{ t }} {{ fl }} {{ t | lower }} {{ analytics | default(false) | bool | lower }}\n',
  float_output: '{{ f }} {{ 10 / 4 }} {{ 2.5e-5 }} {{ 1e20 * 10 }} {{ 0.1 + 0.2 }}\n',
  nested_quotes: "{{ [quote, dq, both_q, 'a\\\\b'] }}\n",
  unicode: '{{ uni }} {{ [uni] }} {{ uni | length }}\n',
  indent_block: 'root:\n  {{ multi | indent(2) }}\n',
  xml_like: '<Server>\n{% for h in grp.managers %}\n    <member>{{ hv[h].ansible_host }}:{{ 4000 + (hv[h].port_offset | default(0)) }}</member>\n{% endfor %}\n</Server>\n',
  jinja2_override: '#jinja2: trim_blocks: False\n{% if t %}\nkept newline\n{% endif %}\n',
  lstrip_override: '#jinja2: lstrip_blocks: True\n    {% if t %}\n    x\n    {% endif %}\n',
  inline_if_no_else: "[{{ 'x' if fl }}]\n",
  string_concat_adjacent: "{{ 'a' 'b' }}\n",
  tuple_output: '{{ (1, 2) }} {{ 1, 2 }}\n',
  chained_filters: "{{ users | map(attribute='name') | map('upper') | join(',') | lower }}\n",
  syntax_error_unclosed: '{% if t %}\nno end\n',
  syntax_error_bad_expr: '{{ 1 + }}\n',
  unknown_filter: '{{ s | nope }}\n',
  unknown_test: '{% if s is nope %}{% endif %}\n',
  trailing_ws_line: '  {% if t %}x{% endif %}  \n',
  whitespace_only_lines: '{% for x in nums %}\n  \n{% endfor %}\n',
};

/** Templates also written by the template module (byte-exact files: newlines, CRLF, overrides). */
export const FILE_CASES = ['crlf', 'no_trailing_newline', 'many_trailing_newlines', 'jinja2_override', 'none_output', 'ws_control', 'xml_like'];

/**
 * Where carbon-play knowingly differs (README, "Differences from Ansible"): JavaScript numbers do not keep
 * a float with an integral value apart from an int, so Python's `5.0` prints as `5`.
 */
export const KNOWN_DIFFERENCES: [template: string, ansible: string, ours: string][] = [
  ['{{ 2.5 * 2 }}', '5.0', '5'],
  ['{{ 3.7 | round }}', '4.0', '4'],
];
