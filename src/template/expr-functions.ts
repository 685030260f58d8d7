// The filters (`x|int`), tests (`x is failed`) and callables (`lookup(...)`) expressions may use.

import { toBool } from '../core/bool.js';
import { getMember, isMissing, isTruthy, need, templateError, toText, typeName } from './values.js';

type Filter = (value: unknown, args: unknown[]) => unknown;

function length(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  throw templateError(`length expects a string, list or dict, got ${typeName(v)}`);
}

function toInt(v: unknown, args: unknown[]): number {
  const fallback = args.length ? Number(args[0]) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v).trim());
  return Number.isFinite(n) && (typeof v === 'number' || /^\s*[-+]?\d/.test(String(v))) ? Math.trunc(n) : fallback;
}

/** Filters whose input may be an undefined variable. */
export const GUARD_FILTERS = new Set(['default', 'd']);

export const FILTERS: Record<string, Filter> = {
  default: (v, [fallback = '', onFalsy = false]) => (isMissing(v) || (onFalsy && !isTruthy(v)) ? need(fallback) : v),
  length: (v) => length(v),
  count: (v) => length(v),
  int: toInt,
  float: (v) => (Number.isFinite(Number(v)) ? Number(v) : 0),
  bool: (v) => toBool(need(v)),
  string: (v) => toText(v),
  lower: (v) => toText(v).toLowerCase(),
  upper: (v) => toText(v).toUpperCase(),
  trim: (v) => toText(v).trim(),
  join: (v, [sep = '']) => (Array.isArray(v) ? v.map(toText).join(toText(sep)) : toText(v)),
  first: (v) => need(getMember(v, 0, 'first')),
  last: (v) => need(getMember(v, -1, 'last')),
  list: (v) => (Array.isArray(v) ? v : typeof v === 'string' ? [...v] : v && typeof v === 'object' ? Object.keys(v) : [v]),
};
FILTERS.d = FILTERS.default;

function resultField(v: unknown, field: string, test: string): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw templateError(`'is ${test}' expects a registered result, got ${typeName(v)}`);
  return isTruthy((v as Record<string, unknown>)[field] ?? false);
}

/** Tests whose subject may be an undefined variable. */
export const GUARD_TESTS = new Set(['defined', 'undefined']);

export const TESTS: Record<string, (v: unknown) => boolean> = {
  defined: (v) => !isMissing(v),
  undefined: (v) => isMissing(v),
  none: (v) => v === null,
  failed: (v) => resultField(v, 'failed', 'failed'),
  succeeded: (v) => !resultField(v, 'failed', 'succeeded'),
  changed: (v) => resultField(v, 'changed', 'changed'),
  skipped: (v) => resultField(v, 'skipped', 'skipped'),
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  mapping: (v) => typeName(v) === 'dict',
  sequence: (v) => Array.isArray(v) || typeof v === 'string',
};
TESTS.success = TESTS.succeeded;
TESTS.failure = TESTS.failed;
TESTS.change = TESTS.changed;
TESTS.skip = TESTS.skipped;

/** `lookup('env', NAME)`: an unset variable gives '' as in Ansible. */
export function callLookup(args: unknown[]): unknown {
  const [kind, ...rest] = args;
  if (kind === 'env') return rest.map((n) => process.env[toText(n)] ?? '').join(',');
  throw templateError(`lookup supports 'env' only, got '${toText(kind)}'`);
}
