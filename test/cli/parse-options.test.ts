import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { parsePlaybookOptions } from '../../src/cli/parse-options.js';
import { localInventory, play, playbook, task } from '../runner/helpers.js';
import { cli } from './cli-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const io = { stdout: () => {}, stderr: () => {}, isTTY: false };

describe('parsePlaybookOptions', () => {
  it.each([
    [['a.yml', 'b.yml', '-i', 'x', '-i', 'y'], { playbooks: ['a.yml', 'b.yml'], inventory: ['x', 'y'], forks: 10, verbose: 0, check: false }],
    [['a.yml', '-vvv', '-C', '-D', '-f', '3'], { verbose: 3, check: true, diff: true, forks: 3 }],
    [['a.yml', '-v', '-v'], { verbose: 2 }],
    [['a.yml', '-t', 'a,b', '--tags', 'c', '--skip-tags', 'd'], { tags: ['a', 'b', 'c'], skipTags: ['d'] }],
    [['a.yml', '-e', 'x=1', '-e', '@v.yml', '-l', 'web:&db', '--start-at-task', 'Install it'], { extraVars: ['x=1', '@v.yml'], limit: 'web:&db', startAtTask: 'Install it' }],
    [['a.yml', '--json', '--timeout', '30', '--accept-new-host-keys', '--list-hosts'], { json: true, timeout: 30, acceptNewHostKeys: true, listHosts: true }],
    [['a.yml'], { askPass: false, askKeyPassphrase: false, askBecomePass: false }],
    [['a.yml', '-k', '--ask-key-passphrase'], { askPass: true, askKeyPassphrase: true, askBecomePass: false }],
    [['a.yml', '--ask-pass'], { askPass: true, askKeyPassphrase: false }],
    [['a.yml', '-K'], { askPass: false, askBecomePass: true }],
    [['a.yml', '-kK'], { askPass: true, askBecomePass: true }],
    [['a.yml', '--ask-become-pass'], { askBecomePass: true }],
  ])('%j', (argv, want) => {
    expect(parsePlaybookOptions(argv, io)).toMatchObject(want);
  });
});

describe('parseExtraVars', () => {
  const dir = makeTempDir('cp-ev-');
  writeFileSync(join(dir, 'v.yml'), 'port: 9443\nnodes: [a, b]\n');
  it.each([
    [['a=1 b="two words"'], { a: '1', b: 'two words' }],
    [['{"n": 2, "l": [1]}'], { n: 2, l: [1] }],
    [['@v.yml', 'port=1'], { port: '1', nodes: ['a', 'b'] }],
  ])('%j', async (values, want) => {
    expect(await parseExtraVars(values, dir)).toEqual(want);
  });
  it.each([
    ['@missing.yml', /readable file/],
    ['{bad', /YAML or JSON/],
    ['noequals', /key=value/],
  ])('rejects %s', async (v, msg) => {
    await expect(parseExtraVars([v], dir)).rejects.toThrow(msg);
  });
});

describe('asking for connection secrets', () => {
  it.each([['-k'], ['--ask-pass'], ['--ask-key-passphrase'], ['-K'], ['--ask-become-pass']])('%s refuses a stdin that is not a terminal (exit 5) before running anything', async (flag) => {
    const inv = await localInventory(['n1']);
    let ran = false;
    const r = await cli(['site.yml', '-i', 'inv', flag], playbook(play([task('sh', { cmd: 'true' })])), inv, {
      findModule: () => { ran = true; return undefined; },
    });
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/expected a terminal on stdin to ask for the secret/);
    expect(r.out).not.toContain('PLAY');
    expect(ran).toBe(false);
  });
});
