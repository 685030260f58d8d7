// key=value arguments: our parseKv against Ansible's own parse_kv (one python run for the whole table), both modes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKv } from '../../src/modules/parse-kv.js';

const PY = '/usr/bin/python3';
const SCRIPT = `
import sys, json
from ansible.parsing.splitter import parse_kv
out = []
for c in json.load(sys.stdin):
    try:
        out.append([parse_kv(c, check_raw=False), parse_kv(c, check_raw=True)])
    except Exception:
        out.append(None)
print(json.dumps(out))
`;

const cases = [
  'name=wso2 state=present gid=802',
  'name=wso2carbon shell=/bin/bash group=wso2 uid=802 non_unique=yes',
  'a=1 b="two words" c=\'x=y\'',
  'echo ran creates=/tmp',
  'echo  a=b   chdir=/x',
  'ls -l chdir=/tmp removes=/etc/hostname',
  'msg="{{ a }} b" x="a\\\\nb"',
  'src=a dest=b\\=c',
  'x\\=y z',
  'cmd="ls -l" z={{ foo | default(1) }}',
  'msg={{ "a b" }} n={{ x ~ " y" }}',
  'a=b\nc=d',
  'echo "a  b" c=\'d e\'',
  'path="/opt/my dir" mode=0644',
  'url=http://h/x?a=1&b=2 dest=/tmp/f',
  'line="tab\\there" q="it\'s"',
  "regexp='^(host) = (\\w+)$' replace='\\1 = x-\\2\\x41'",
  'echo \\\nnext creates=/x',
  '=x y=1',
  '  a=1',
  'a="unclosed',
  'msg={{ unbalanced',
];

const ansible = (() => {
  if (!existsSync(PY)) return undefined;
  try {
    return JSON.parse(execFileSync(PY, ['-c', SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8' })) as (unknown[] | null)[];
  } catch {
    return undefined;
  }
})();

describe.skipIf(!ansible)('parseKv matches ansible-core parse_kv', () => {
  it.each(cases.map((c, i) => [c, i] as const))('%j', (text, i) => {
    const want = ansible![i];
    if (want === null) {
      expect(() => parseKv(text)).toThrow();
      return;
    }
    expect([parseKv(text, false), parseKv(text, true)]).toEqual(want);
  });
});
