import { describe, expect, it } from 'vitest';
import { splitBatches } from '../../src/runner/batches.js';
import { createRedactor, findSecretValues, MASK, noLogResultValues } from '../../src/runner/redact.js';
import { mergeTask, type Inherited } from '../../src/runner/state.js';
import { isTaskSelected } from '../../src/runner/tags.js';
import { task } from './helpers.js';
import { mergeVarLayers } from '../../src/runner/vars.js';

const hosts = ['a', 'b', 'c', 'd', 'e'];

describe('splitBatches', () => {
  it.each([
    [undefined, [hosts]],
    [[2], [['a', 'b'], ['c', 'd'], ['e']]],
    [['40%'], [['a', 'b'], ['c', 'd'], ['e']]],
    [[1, '50%'], [['a'], ['b', 'c'], ['d', 'e']]],
    [['10%'], [['a'], ['b'], ['c'], ['d'], ['e']]],
  ] as const)('serial %j', (serial, want) => {
    expect(splitBatches(hosts, serial as (number | string)[] | undefined)).toEqual(want);
  });
});

describe('mergeTask', () => {
  const inh: Inherited = { tags: ['a', 'b'], when: ['x'], vars: [], become: true, becomeUser: 'wso2', noLog: true, delegateTo: 'db', runOnce: false };
  it.each([
    ['takes what the task leaves unset', {}, { become: true, becomeUser: 'wso2', noLog: true, delegateTo: 'db', runOnce: false, when: ['x'], tags: ['a', 'b'] }],
    ['keeps what the task sets, false included', { become: false, noLog: false, ignoreErrors: true, when: ['y'], tags: ['b', 'c'] },
      { become: false, becomeUser: 'wso2', noLog: false, ignoreErrors: true, delegateTo: 'db', when: ['x', 'y'], tags: ['a', 'b', 'c'] }],
  ] as const)('%s', (_name, own, merged) => {
    const t = mergeTask(task('m', {}, own as object), inh);
    expect(t).toMatchObject({ ...merged, module: 'm', merged: true });
  });
});

describe('isTaskSelected', () => {
  it.each([
    [[], [], [], true],
    [['web'], ['db'], [], false],
    [['web'], ['web'], [], true],
    [['always'], ['db'], [], true],
    [['always'], [], ['always'], false],
    [['never'], [], [], false],
    [['never', 'dbg'], ['dbg'], [], true],
    [['web'], [], ['web'], false],
    [[], ['untagged'], [], true],
    [['x'], ['tagged'], [], true],
  ])('tags %j --tags %j --skip-tags %j → %s', (tags, only, skip, want) => {
    expect(isTaskSelected(tags, only, skip)).toBe(want);
  });
});

describe('mergeVarLayers', () => {
  it('later layers win, in the documented order', () => {
    const layer = (n: string) => ({ v: n, [n]: true });
    const layers = () => ({
      roleDefaults: layer('rd'), inventory: layer('inv'), play: layer('play'), varsFiles: layer('vf'), roleVars: layer('rv'),
      roleParams: layer('rp'), blockAndTask: [layer('block'), layer('task')], facts: layer('fact'), extra: {},
    });
    const merged = mergeVarLayers(layers());
    // Ansible ranks role params above set_fact/register; only extra vars beat them.
    expect(merged.v).toBe('rp');
    expect(Object.keys(merged)).toEqual(['v', 'rd', 'inv', 'play', 'vf', 'rv', 'block', 'task', 'fact', 'rp']);
    expect(mergeVarLayers({ ...layers(), extra: { v: 'extra' } }).v).toBe('extra');
  });
});

describe('redaction', () => {
  it('finds secret values by name at any depth and masks them everywhere', () => {
    const values = findSecretValues({ db_password: 'p4ss', app: { api: { Token: 'tk-1' }, name: 'x' }, list: [{ client_secret: 's3' }], port: 1 });
    expect(values.sort()).toEqual(['p4ss', 's3', 'tk-1']);
    const r = createRedactor();
    r.add(values);
    expect(r.redact({ msg: 'login p4ss', lines: ['tk-1!'], n: 3 })).toEqual({ msg: `login ${MASK}`, lines: [`${MASK}!`], n: 3 });
  });

  it('masks the escaped forms a secret takes in an XML file or a rendered JSON list', () => {
    const r = createRedactor();
    r.add(['p&ss<w"rd']);
    const shown = ['<password>p&amp;ss&lt;w"rd</password>', 'value="p&amp;ss&lt;w&quot;rd"', '{"password": "p&ss<w\\"rd"}', 'p&ss<w"rd'];
    expect(shown.map((s) => r.redactText(s))).toEqual([`<password>${MASK}</password>`, `value="${MASK}"`, `{"password": "${MASK}"}`, MASK]);
  });

  it("takes what a no_log task printed, not its command line, paths or state", () => {
    const result = {
      cmd: ['cat', '/opt/wso2carbon/keystore.pass'], path: '/opt/wso2carbon', state: 'directory', start: '2026-11-29 22:00:01',
      rc: 0, stdout: 'S3cr3t-pass\n', stdout_lines: ['S3cr3t-pass'], stderr: '', msg: 'ok', changed: true,
    };
    expect(noLogResultValues(result)).toEqual(['S3cr3t-pass']);
  });

  it.each<[string, boolean]>([
    ['changed', false], ['configured', false], ['12345678', false], ['the service is running', false], ['ok', false],
    ['cipher-text.properties', false], ['/opt/wso2am-4.2.0/bin', false], ['S3cr3t-pass', true], ['wso2carbon', true],
    ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', true],
  ])('a no_log task printing %j: kept as a secret %s', (printed, kept) => {
    expect(noLogResultValues({ stdout: printed, stdout_lines: [printed] })).toEqual(kept ? [printed] : []);
  });

  it.each<[string, string[]]>([
    ['db password: Kp9x7Wq2', ['Kp9x7Wq2']],
    ['pass=Kp9x7Wq2 user=admin', ['pass=Kp9x7Wq2', 'Kp9x7Wq2']],
    ['keystore changed', []],
  ])('a no_log line %j gives the words that look secret', (printed, want) => {
    expect(noLogResultValues({ stdout: printed })).toEqual(want);
  });
});
