// quoteArgv must survive a round trip through a real `sh`: the shell splits it back into the same argv.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv } from '../../src/connection/quote.js';

const cases: Array<[string, string]> = [
  ['plain', 'plain'],
  ['', "''"],
  ['a b', "'a b'"],
  ["it's", "'it'\\''s'"],
  ['/opt/wso2/bin/x.sh', '/opt/wso2/bin/x.sh'],
  ['$HOME', "'$HOME'"],
  ['a;rm -rf /', "'a;rm -rf /'"],
  ['`id`', "'`id`'"],
  ['*', "'*'"],
  ['~', "'~'"],
  ['x\ny', "'x\ny'"],
  ['-Dsetup', '-Dsetup'],
  ['k=v', 'k=v'],
];

describe('quoteArg', () => {
  it.each(cases)('quotes %j as %j', (input, expected) => {
    expect(quoteArg(input)).toBe(expected);
  });
});

describe('quoteArgv through sh', () => {
  const argvs: string[][] = [
    ['printf', '%s\\n', 'a b', "it's", '$HOME', '`id`', '*', '', '"q"', 'x\ny', '\\', "''", 'ünï'],
    ['printf', '%s\\n', '; echo injected', '&& echo injected', '| cat', '$(echo injected)'],
  ];
  it.each(argvs.map((a) => [a]))('round-trips %j', (argv) => {
    const out = execFileSync('sh', ['-c', quoteArgv(argv)], { encoding: 'utf8' });
    expect(out).toBe(argv.slice(2).map((a) => `${a}\n`).join(''));
  });
});
