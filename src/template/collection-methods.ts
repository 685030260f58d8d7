// Python's list and dict methods as Ansible's (unsandboxed) Jinja allows them, the mutating ones included
// (`{% set _ = found.append(x) %}`): they change the list or dict itself, and return what Python returns.

import { pyCompare, pyContains, pyEqual } from './py-ops.js';
import { pyStr, pyTypeName, tuple } from './py-text.js';
import { isMissing, isUnsafe, markUnsafe, templateError } from './values.js';

type Dict = Record<string, unknown>;
export type Method = (self: never, args: unknown[], kw: Record<string, unknown>) => unknown;

/** An index as Python reads it: negative from the end. */
const at = (l: unknown[], i: unknown) => (Number(i) < 0 ? l.length + Number(i) : Number(i));
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v) && !isMissing(v);

/** `d.update(other)`, `dict(...)` style: a dict, or a list of pairs, then keywords. */
function pairsOf(arg: unknown, kw: Record<string, unknown>): [string, unknown][] {
  const base = arg === undefined ? [] : isDict(arg) ? Object.entries(arg) : Array.isArray(arg) ? arg.map((p) => [pyStr((p as unknown[])[0]), (p as unknown[])[1]] as [string, unknown]) : null;
  if (!base) throw templateError(`'${pyTypeName(arg)}' object is not iterable`);
  return [...base, ...Object.entries(kw)];
}

export const LIST_METHODS: Record<string, Method> = {
  index: (l: unknown[], [x]) => {
    const i = l.findIndex((y) => pyEqual(x, y));
    if (i < 0) throw templateError(`${pyStr(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], [x]) => l.filter((y) => pyEqual(x, y)).length,
  copy: (l: unknown[]) => [...l],
  append: (l: unknown[], [x]) => void l.push(x),
  extend: (l: unknown[], [xs]) => {
    if (typeof xs === 'string') l.push(...xs);
    else if (Array.isArray(xs)) l.push(...xs);
    else if (isDict(xs)) l.push(...Object.keys(xs));
    else throw templateError(`'${pyTypeName(xs)}' object is not iterable`);
  },
  insert: (l: unknown[], [i, x]) => void l.splice(Math.max(0, Math.min(l.length, at(l, i))), 0, x),
  pop: (l: unknown[], [i = -1]) => {
    if (l.length === 0) throw templateError('pop from empty list');
    const n = at(l, i);
    if (n < 0 || n >= l.length) throw templateError('pop index out of range');
    return l.splice(n, 1)[0];
  },
  remove: (l: unknown[], [x]) => {
    const i = l.findIndex((y) => pyEqual(x, y));
    if (i < 0) throw templateError('list.remove(x): x not in list');
    l.splice(i, 1);
  },
  reverse: (l: unknown[]) => void l.reverse(),
  // Python's sort is stable, and so is reverse=True: equal items keep their order.
  sort: (l: unknown[], _a, kw) => {
    const sign = kw.reverse ? -1 : 1;
    const sorted = [...l].sort((a, b) => pyCompare(a, b) * sign);
    l.splice(0, l.length, ...sorted);
  },
  clear: (l: unknown[]) => void l.splice(0),
};

export const DICT_METHODS: Record<string, Method> = {
  keys: (d: Dict) => Object.keys(d),
  values: (d: Dict) => Object.values(d),
  items: (d: Dict) => Object.entries(d).map((e) => tuple(e)),
  get: (d: Dict, [k, dflt = null]) => (pyContains(d, k) ? d[pyStr(k)] : dflt),
  copy: (d: Dict) => ({ ...d }),
  update: (d: Dict, [other], kw) => void Object.assign(d, Object.fromEntries(pairsOf(other, kw))),
  setdefault: (d: Dict, [k, dflt = null]) => (pyContains(d, k) ? d[pyStr(k)] : (d[pyStr(k)] = dflt)),
  pop: (d: Dict, args) => {
    const k = pyStr(args[0]);
    if (Object.hasOwn(d, k)) {
      const v = d[k];
      delete d[k];
      return v;
    }
    if (args.length > 1) return args[1];
    throw templateError(`KeyError: ${pyStr(args[0])}`);
  },
  clear: (d: Dict) => {
    for (const k of Object.keys(d)) delete d[k];
  },
};

/** A call of a method that changes its list or dict, anywhere in a template's text. */
const MUTATING_CALL = /\.\s*(append|extend|insert|pop|remove|reverse|sort|clear|update|setdefault)\s*\(/;

export function callsMutatingMethod(source: string): boolean {
  return MUTATING_CALL.test(source);
}

/**
 * A template's own copy of a variable's list or dict (nested ones too, unsafe marks kept): Ansible hands each template
 * a templated copy of a variable, so a changing method changes that template's view and never the play's data.
 */
export function ownCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || isMissing(v)) return v;
  const copy = Array.isArray(v) ? v.map(ownCopy) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ownCopy(x)]));
  return isUnsafe(v) ? markUnsafe(copy) : copy;
}
