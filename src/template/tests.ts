// Jinja's and Ansible's tests (`x is defined`, `r is failed`, `v is version('2.0', '>=')`), one table.

import { existsSync, lstatSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { toBool } from './filters-data.js';
import { iterate } from './filters-list.js';
import { compilePyRegex, regexFlags } from './py-regex.js';
import { pyCompareOp, pyContains, pyEqual } from './py-ops.js';
import { pyStr, pyTypeName } from './py-text.js';
import { compareVersions } from './version.js';
import { isMissing, isTruthy, templateError } from './values.js';

export type Test = (value: unknown, args: unknown[], kw: Record<string, unknown>) => boolean;

function resultField(v: unknown, field: string, test: string): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw templateError(`The '${test}' test expects a dictionary, got ${pyTypeName(v)}`);
  return isTruthy((v as Record<string, unknown>)[field] ?? false);
}

/** Python's re.match (anchored at the start, sticky) or re.search. */
function regexTest(kind: 'match' | 'search'): Test {
  return (v, [pattern = '', ignorecase, multiline], kw) => {
    const flags = regexFlags(kw, multiline, ignorecase) + (kind === 'match' ? 'y' : '');
    return compilePyRegex(pyStr(pattern), flags).test(pyStr(v));
  };
}

function pathTest(check: (p: string) => boolean): Test {
  return (v) => {
    try {
      return check(pyStr(v));
    } catch {
      return false;
    }
  };
}

const cmp = (op: string): Test => (v, [other]) => pyCompareOp(op, v, other);

export const TESTS: Record<string, Test> = {
  defined: (v) => !isMissing(v),
  undefined: (v) => isMissing(v),
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => pyTypeName(v) === 'dict',
  sequence: (v) => Array.isArray(v) || typeof v === 'string' || pyTypeName(v) === 'dict',
  iterable: (v) => Array.isArray(v) || typeof v === 'string' || pyTypeName(v) === 'dict',
  callable: () => false,
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  odd: (v) => Number(v) % 2 !== 0,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, [n]) => Number(v) % Number(n) === 0,
  sameas: (v, [other]) => v === other,
  escaped: () => false,
  eq: cmp('=='),
  equalto: cmp('=='),
  '==': cmp('=='),
  ne: cmp('!='),
  '!=': cmp('!='),
  lt: cmp('<'),
  lessthan: cmp('<'),
  '<': cmp('<'),
  le: cmp('<='),
  '<=': cmp('<='),
  gt: cmp('>'),
  greaterthan: cmp('>'),
  '>': cmp('>'),
  ge: cmp('>='),
  '>=': cmp('>='),
  in: (v, [seq]) => pyContains(seq, v),
  contains: (v, [item]) => pyContains(v, item),
  truthy: (v, [convert], kw) => ((kw.convert_bool ?? convert) ? Boolean(toBool(v)) : isTruthy(v)),
  falsy: (v, [convert], kw) => !((kw.convert_bool ?? convert) ? Boolean(toBool(v)) : isTruthy(v)),
  any: (v) => iterate(v, 'any').some((x) => isTruthy(x)),
  all: (v) => iterate(v, 'all').every((x) => isTruthy(x)),
  subset: (v, [other]) => iterate(v).every((x) => iterate(other).some((y) => pyEqual(x, y))),
  superset: (v, [other]) => iterate(other).every((x) => iterate(v).some((y) => pyEqual(x, y))),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: (v, [pattern, ignorecase, multiline, matchType = 'search'], kw) =>
    TESTS[String(kw.match_type ?? matchType) === 'match' ? 'match' : 'search'](v, [pattern, ignorecase, multiline], kw),
  version: (v, [version, op = 'eq', strict], kw) => compareVersions(pyStr(v), pyStr(version), String(kw.operator ?? op), String(kw.version_type ?? ((kw.strict ?? strict) ? 'strict' : 'loose'))),
  failed: (v) => resultField(v, 'failed', 'failed'),
  succeeded: (v) => !resultField(v, 'failed', 'succeeded'),
  changed: (v) => resultField(v, 'changed', 'changed'),
  skipped: (v) => resultField(v, 'skipped', 'skipped'),
  finished: (v) => resultField(v, 'finished', 'finished') || !Object.hasOwn(v as object, 'finished'),
  reachable: (v) => !resultField(v, 'unreachable', 'reachable'),
  unreachable: (v) => resultField(v, 'unreachable', 'unreachable'),
  exists: pathTest((p) => existsSync(p)),
  file: pathTest((p) => statSync(p).isFile()),
  directory: pathTest((p) => statSync(p).isDirectory()),
  link: pathTest((p) => lstatSync(p).isSymbolicLink()),
  abs: pathTest((p) => isAbsolute(p)),
  nan: (v) => typeof v === 'number' && Number.isNaN(v),
};

const ALIASES: Record<string, string> = {
  success: 'succeeded',
  successful: 'succeeded',
  failure: 'failed',
  change: 'changed',
  skip: 'skipped',
  version_compare: 'version',
  is_file: 'file',
  is_dir: 'directory',
  is_link: 'link',
  is_abs: 'abs',
  issubset: 'subset',
  issuperset: 'superset',
  isnan: 'nan',
};
for (const [alias, name] of Object.entries(ALIASES)) TESTS[alias] = TESTS[name];
