import { describe, expect, it } from 'vitest';
import { CarbonPlayError, ErrorList } from '../../src/core/errors.js';
import { defineModule } from '../../src/modules/types.js';
import { localInventory, play, playbook, task, testModules } from '../runner/helpers.js';
import { cli } from './cli-helpers.js';

const gone = defineModule({
  name: 'gone', description: 'host lost', schema: { args: {} },
  async read() { throw new CarbonPlayError('unreachable', 'ssh: connect to 127.0.0.9:22: connection refused'); },
  plan: () => ({ kind: 'noop', reason: '' }),
  async apply() { return { status: 'ok' }; },
});

const ok = playbook(play([task('say', { msg: 'hi' }, { name: 'greet' })]));
const fails = playbook(play([task('sh', { cmd: 'exit 1' }, { name: 'boom' })]));
const lost = playbook(play([task('gone', {}, { name: 'reach' })]));
const parseErrors = async () => {
  throw new ErrorList([new CarbonPlayError('validation', "unknown key 'serail'", { loc: { file: 'site.yml', line: 3, col: 5 } })]);
};
const unexpected = async () => {
  throw new Error('kaboom');
};

describe('exit codes', () => {
  it.each([
    ['ok run', ['site.yml', '-i', 'inv'], ok, 0, /ok: \[n1\] => greet/],
    ['failed host', ['site.yml', '-i', 'inv'], fails, 2, /fatal: \[n1\]: FAILED! => boom/],
    ['unreachable host', ['site.yml', '-i', 'inv'], lost, 3, /UNREACHABLE!/],
    ['--version', ['--version'], ok, 0, /^\d+\.\d+\.\d+/],
    ['--help', ['--help'], ok, 0, /--inventory/],
    ['--syntax-check', ['site.yml', '-i', 'inv', '--syntax-check'], ok, 0, /playbook: \/pb\/site.yml/],
  ] as const)('%s → %i', async (_n, argv, pb, code, out) => {
    const r = await cli([...argv], pb, await localInventory(['n1']), { findModule: (n) => (n === 'gone' ? gone : testModules[n]) });
    expect(r.out).toMatch(out);
    expect(r.code).toBe(code);
  });

  it.each([
    ['unknown option', ['site.yml', '--bogus'], /--bogus/],
    ['bad forks', ['site.yml', '-i', 'inv', '-f', '0'], /--forks/],
    ['missing option value', ['site.yml', '-i'], /--inventory/],
    ['no playbook', ['-i', 'inv'], /PLAYBOOK/],
    ['no inventory', ['site.yml'], /--inventory/],
    ['bad extra vars', ['site.yml', '-i', 'inv', '-e', 'novalue'], /--extra-vars: expected key=value, got 'novalue'/],
    ['bad limit pattern', ['site.yml', '-i', 'inv', '-l', 'a:&'], /--limit/],
  ])('bad options: %s → 5 naming the option', async (_n, argv, msg) => {
    const r = await cli(argv, ok, await localInventory(['n1']));
    expect(r.err).toMatch(msg);
    expect(r.code).toBe(5);
  });

  it('parse and validation errors → 4, one line each with file:line:col, no stack', async () => {
    const r = await cli(['site.yml', '-i', 'inv'], parseErrors, await localInventory(['n1']));
    expect(r.code).toBe(4);
    expect(r.err).toBe("ERROR! site.yml:3:5: unknown key 'serail'\n");
  });

  it.each([
    [[], false],
    [['-vvv'], true],
  ])('unexpected errors → 250; the stack only with -vvv (%j)', async (flags, stack) => {
    const r = await cli(['site.yml', '-i', 'inv', ...flags], unexpected, await localInventory(['n1']));
    expect(r.code).toBe(250);
    expect(r.err.split('\n')[0]).toBe('ERROR! unexpected error: kaboom');
    expect(r.err.includes('    at ')).toBe(stack);
  });
});
