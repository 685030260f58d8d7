// Module arguments: load-time validation (templates pass) and run-time normalization (coerced, defaults).
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeArgs, secretArgValues, toArgMap, validateArgs } from '../../src/modules/args.js';
import type { ModuleSchema } from '../../src/modules/types.js';
import { createHarness } from '../helpers/module-harness.js';

const schema: ModuleSchema = {
  freeForm: 'cmd',
  args: {
    cmd: { type: 'str', description: '' },
    dest: { type: 'path', aliases: ['path'], description: '' },
    port: { type: 'int', default: 3306, description: '' },
    force: { type: 'bool', default: true, description: '' },
    state: { type: 'str', choices: ['present', 'absent'], default: 'present', description: '' },
    password: { type: 'str', secret: true, description: '' },
    names: { type: 'list', elements: 'str', description: '' },
    users: { type: 'list', elements: { name: { type: 'str', required: true, description: '' }, password: { type: 'str', secret: true, description: '' } }, description: '' },
  },
  mutuallyExclusive: [['cmd', 'names']],
  requiredTogether: [['dest', 'state']],
};

describe('validateArgs (load time)', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['valid', { dest: '/a', state: 'absent' }, []],
    ['templated value passes type checks', { port: '{{db_port}}' }, []],
    ['templated value passes choices', { dest: '/a', state: '{{st}}' }, []],
    ['unknown argument with a hint', { dset: '/a' }, ["dset: unknown argument 'dset' (did you mean 'dest'?); expected one of: cmd, dest, port, force, state, password, names, users"]],
    ['wrong type', { port: 'abc' }, ['port: expected int, got string "abc"']],
    ['invalid choice', { dest: '/a', state: 'gone' }, ['state: expected one of "present", "absent", got string "gone"']],
    ['alias and name both given', { dest: '/a', path: '/b', state: 'present' }, ["path: argument 'dest' given twice (as 'path' and an alias)"]],
    ['mutually exclusive', { cmd: 'ls', names: ['a'] }, ['names: arguments are mutually exclusive: cmd, names']],
    ['required together', { dest: '/a' }, ['state: arguments must be given together: dest, state']],
    ['element schema', { users: [{ password: 'x' }] }, ["users[0].name: missing required argument 'name'"]],
    ['element must be a mapping', { users: ['bob'] }, ['users[0]: expected a mapping, got string "bob"']],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(validateArgs(schema, args).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))).toEqual(expected);
  });
});

describe('normalizeArgs (run time)', () => {
  it('coerces strings to declared types and applies defaults', () => {
    const { args, issues } = normalizeArgs(schema, { port: '3307', force: 'no', path: '/x', state: 'present', names: 'a, b' });
    expect(issues).toEqual([]);
    expect(args).toEqual({ port: 3307, force: false, dest: '/x', state: 'present', names: ['a', 'b'] });
    expect(normalizeArgs(schema, {}).args).toMatchObject({ port: 3306, force: true, state: 'present' });
  });
  it.each<[string, readonly ('str' | 'int')[], unknown, unknown]>([
    // A value already of one of the types stays as it is; only a value of none of them is converted (first type first).
    ['a number for str|int', ['str', 'int'], 420, 420],
    ['octal text for str|int', ['str', 'int'], '0644', '0644'],
    ['text for int|str', ['int', 'str'], '12', '12'],
    ['a boolean for str|int', ['str', 'int'], true, 'true'],
  ])('a union type: %s', (_name, type, value, expected) => {
    const union = { args: { v: { type, description: '' } } };
    expect(normalizeArgs(union, { v: value })).toEqual({ args: { v: expected }, issues: [] });
  });
  it('rejects a rendered template that is still of the wrong type', () => {
    expect(normalizeArgs(schema, { port: 'abc' }).issues.map((i) => i.path)).toEqual(['port']);
  });
  it('lets free-keyed modules through (anyArgs)', () => {
    const free: ModuleSchema = { args: { cacheable: { type: 'bool', default: false, description: '' } }, anyArgs: true };
    expect(validateArgs(free, { carbon_ready: true })).toEqual([]);
    expect(normalizeArgs(free, { carbon_ready: 'x' }).args).toEqual({ carbon_ready: 'x', cacheable: false });
  });
});

describe('toArgMap and secretArgValues', () => {
  it('maps a free-form string to its argument and refuses it without one', () => {
    expect(toArgMap(schema, 'ls -l').args).toEqual({ cmd: 'ls -l' });
    expect(toArgMap({ args: {} }, 'x').issues[0]!.message).toBe('expected key=value arguments (this module takes no free form), got string "x"');
  });
  it('collects secret values at any depth', () => {
    expect(secretArgValues(schema.args, { password: 's1', users: [{ name: 'a', password: 's2' }] })).toEqual(['s1', 's2']);
  });
});

describe('set_fact through executeModule', () => {
  const h = createHarness();
  afterAll(() => h.cleanup());
  it.each([false, true])('sets its facts (check mode %s)', async (check) => {
    const r = await h.run('set_fact', { carbon_ready: true }, { check });
    expect(r.status).toBe('ok');
    expect(r.facts).toEqual({ carbon_ready: true });
  });
});
