// The one table of filters and tests, shared by `{{ }}`, `when:` and template files; unknown names get the closest known one.

import { hint } from '../core/suggest.js';
import { DATA_FILTERS } from './filters-data.js';
import { LIST_FILTERS } from './filters-list.js';
import { TEXT_FILTERS } from './filters-text.js';
import { settle } from './render.js';
import { TESTS } from './tests.js';
import { isMissing, Missing, templateError, undefinedError, type Scope } from './values.js';

/** A filter gets its input, positional and keyword arguments, and the variables (for map/select by name). */
export type Filter = (value: unknown, args: unknown[], kw: Record<string, unknown>, scope: Scope) => unknown;

export const FILTERS: Record<string, Filter> = { ...TEXT_FILTERS, ...LIST_FILTERS, ...DATA_FILTERS };
FILTERS.d = FILTERS.default;
FILTERS.e = FILTERS.string;

/** Filters whose input may be an undefined variable. */
export const GUARD_FILTERS = new Set(['default', 'd', 'mandatory']);
/** Tests whose subject may be an undefined variable. */
export const GUARD_TESTS = new Set(['defined', 'undefined']);

export function hasFilter(name: string): boolean {
  return Object.hasOwn(FILTERS, name);
}
export function hasTest(name: string): boolean {
  return Object.hasOwn(TESTS, name);
}

export function unknownFilterMessage(name: string): string {
  return `no filter named '${name}'${hint(name, Object.keys(FILTERS))}`;
}
export function unknownTestMessage(name: string): string {
  return `no test named '${name}'${hint(name, Object.keys(TESTS))}`;
}

export function applyFilter(name: string, value: unknown, args: unknown[], kw: Record<string, unknown>, scope: Scope): unknown {
  if (!hasFilter(name)) throw templateError(unknownFilterMessage(name));
  const input = GUARD_FILTERS.has(name) && isMissing(value) ? value : settle(need(value, name), scope);
  const out = FILTERS[name](input, args.map((a) => settle(a, scope)), kw, scope);
  return out;
}

export function applyTest(name: string, value: unknown, args: unknown[], kw: Record<string, unknown>, scope: Scope): boolean {
  if (!hasTest(name)) throw templateError(unknownTestMessage(name));
  const input = GUARD_TESTS.has(name) && isMissing(value) ? value : settle(need(value, name), scope);
  return TESTS[name](input, args.map((a) => settle(a, scope)), kw);
}

function need(v: unknown, _by: string): unknown {
  if (v instanceof Missing) throw undefinedError(v.name);
  return v;
}
