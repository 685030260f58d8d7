// ArgsOf: the TypeScript type of a module's normalized arguments, inferred from its schema (checked by tsc, npm test's first step).
import { describe, expectTypeOf, it } from 'vitest';
import type { ArgSchema, ArgsOf } from '../../src/modules/types.js';

const schema = {
  path: { type: 'path', required: true, description: '' },
  state: { type: 'str', choices: ['file', 'absent'], description: '' },
  force: { type: 'bool', default: false, description: '' },
  mode: { type: ['str', 'int'], description: '' },
  names: { type: 'list', elements: 'str', description: '' },
  edits: { type: 'list', elements: { xpath: { type: 'str', required: true, description: '' } }, description: '' },
  login: { type: 'dict', options: { port: { type: 'int', default: 3306, description: '' } }, description: '' },
  msg: { type: 'raw', description: '' },
} as const satisfies ArgSchema;

type A = ArgsOf<typeof schema>;
/** true when the key may be left out of A. */
type Optional<K extends keyof A> = {} extends Pick<A, K> ? true : false;

describe('ArgsOf', () => {
  it('types each argument from its type, choices, elements or options', () => {
    expectTypeOf<A['path']>().toEqualTypeOf<string>();
    expectTypeOf<A['force']>().toEqualTypeOf<boolean>();
    expectTypeOf<A['state']>().toEqualTypeOf<'file' | 'absent' | undefined>();
    expectTypeOf<A['mode']>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<A['names']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<NonNullable<A['edits']>[number]['xpath']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<A['login']>['port']>().toEqualTypeOf<number>();
    expectTypeOf<A['msg']>().toEqualTypeOf<unknown>();
  });

  it('makes required and defaulted arguments present, the others optional', () => {
    expectTypeOf<[Optional<'path'>, Optional<'force'>, Optional<'state'>, Optional<'mode'>]>().toEqualTypeOf<[false, false, true, true]>();
  });
});
