// splitShellWords: a table of lines, each also split by Python's shlex.split (the splitter Ansible uses) when python3 is here.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../src/core/shell-words.js';

// [line, comments, words, or an error pattern]
const cases: [string, boolean, string[] | RegExp][] = [
  ['h1 a=1 b=2', true, ['h1', 'a=1', 'b=2']],
  ["h1 args='-o UserKnownHostsFile=/k'", true, ['h1', 'args=-o UserKnownHostsFile=/k']],
  ['h1 v="x # y" w=a#b z=1', true, ['h1', 'v=x # y', 'w=a']],
  ['h1 # comment', true, ['h1']],
  ['a # one\nb', true, ['a', 'b']],
  ['a#b', false, ['a#b']],
  ['h1 q="say \\"hi\\""', true, ['h1', 'q=say "hi"']],
  ["h1 d=\"'5'\"", true, ['h1', "d='5'"]],
  ['h1\ta=1', true, ['h1', 'a=1']],
  ['-o A=b -o C=d', false, ['-o', 'A=b', '-o', 'C=d']],
  [`-o 'UserKnownHostsFile=/a b/kh'`, false, ['-o', 'UserKnownHostsFile=/a b/kh']],
  ['-o "ProxyCommand=ssh -W %h:%p x"', false, ['-o', 'ProxyCommand=ssh -W %h:%p x']],
  ['a\\ b  c', false, ['a b', 'c']],
  ["''", false, ['']],
  ['a "" b', false, ['a', '', 'b']],
  ["echo 'a'\"b\"c", false, ['echo', 'abc']],
  ['printf "%s\\n" x', false, ['printf', '%s\\n', 'x']],
  ['echo "\\$HOME \\\\ \\`x\\`"', false, ['echo', '\\$HOME \\ \\`x\\`']],
  ["echo 'a\\b'", false, ['echo', 'a\\b']],
  ['  lead  trail  ', false, ['lead', 'trail']],
  ['', false, []],
  ["h1 a='x", true, /No closing quotation/],
  ['say "hi', false, /No closing quotation/],
  ['end\\', false, /No escaped character/],
  ['"end\\', false, /No escaped character/],
];

describe('splitShellWords', () => {
  it.each(cases)('%j (comments %s)', (line, comments, expected) => {
    if (expected instanceof RegExp) expect(() => splitShellWords(line, { comments })).toThrow(expected);
    else expect(splitShellWords(line, { comments })).toEqual(expected);
  });
});

const py = `
import json, shlex, sys
out = []
for line, comments in json.load(sys.stdin):
    try:
        out.append(shlex.split(line, comments=comments))
    except ValueError as e:
        out.append(str(e))
print(json.dumps(out))
`;
const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasPython)("same words as Python's shlex.split", () => {
  it('for every line in the table', () => {
    const r = spawnSync('python3', ['-c', py], { input: JSON.stringify(cases.map(([l, c]) => [l, c])), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const theirs = JSON.parse(r.stdout) as (string[] | string)[];
    const ours = cases.map(([line, comments]) => {
      try {
        return splitShellWords(line, { comments });
      } catch (e) {
        return (e as Error).message.split(':')[0]!;
      }
    });
    expect(ours).toEqual(theirs);
  });
});
