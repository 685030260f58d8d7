// What expressions may call: globals (range, lookup, dict) and Python's methods on strings, lists and dicts.

import { hint } from '../core/suggest.js';
import { DICT_METHODS, LIST_METHODS, type Method } from './collection-methods.js';
import { pySplit } from './filters-text.js';
import { pyFormat } from './py-ops.js';
import { pyStr, pyTypeName } from './py-text.js';
import { settle } from './render.js';
import { Missing, templateError, type Scope } from './values.js';

/** The value of `omit`: module arguments holding it are dropped, as in Ansible. */
export const OMIT = '__omit_place_holder__carbon_play';

/** Module arguments without those whose value is `omit` (in nested dicts and lists too), as Ansible drops them. */
export function removeOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(removeOmitted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== OMIT).map(([k, v]) => [k, removeOmitted(v)]));
  }
  return value;
}

type Fn = (args: unknown[], kw: Record<string, unknown>, scope: Scope) => unknown;

function lookup(args: unknown[], kw: Record<string, unknown>, asList: boolean): unknown {
  const [kind, ...terms] = args.map(pyStr);
  if (kind !== 'env') throw templateError(`lookup supports 'env' only, got '${kind}'`);
  const values = terms.map((n) => process.env[n] ?? (kw.default !== undefined ? pyStr(kw.default) : ''));
  return asList || kw.wantlist ? values : values.join(',');
}

/** `lookup('env', NAME)` for the handlebars `lookup` helper. */
export function callLookup(args: unknown[]): unknown {
  return lookup(args, {}, false);
}

function range(args: unknown[]): number[] {
  const n = args.map(Number);
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
  if (step === 0) throw templateError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > 100000) throw templateError('range too big');
  }
  return out;
}

const GLOBALS: Record<string, Fn> = {
  range: (args) => range(args),
  lookup: (args, kw) => lookup(args, kw, false),
  query: (args, kw) => lookup(args, kw, true),
  q: (args, kw) => lookup(args, kw, true),
  dict: (args, kw) => ({ ...(args[0] && typeof args[0] === 'object' ? (Array.isArray(args[0]) ? Object.fromEntries(args[0] as [string, unknown][]) : args[0]) : {}), ...kw }),
};

export function isGlobal(name: string): boolean {
  return Object.hasOwn(GLOBALS, name);
}
export function unknownFunctionMessage(name: string): string {
  return `'${name}' is not a function${hint(name, Object.keys(GLOBALS))}`;
}

export function callGlobal(name: string, args: unknown[], kw: Record<string, unknown>, scope: Scope): unknown {
  return GLOBALS[name](args.map((a) => settle(a, scope)), kw, scope);
}

const strip = (s: string, chars: unknown, where: 'both' | 'start' | 'end') => {
  const set = chars === undefined || chars === null ? ' \t\n\r\x0b\x0c' : pyStr(chars);
  let [a, b] = [0, s.length];
  if (where !== 'end') while (a < b && set.includes(s[a])) a++;
  if (where !== 'start') while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
};
const affix = (s: string, x: unknown, at: 'start' | 'end') =>
  (Array.isArray(x) ? x : [x]).some((p) => (at === 'start' ? s.startsWith(pyStr(p)) : s.endsWith(pyStr(p))));

const STRING_METHODS: Record<string, Method> = {
  split: (s: string, [sep, max], kw) => pySplit(s, kw.sep ?? sep, Number(kw.maxsplit ?? max ?? -1)),
  rsplit: (s: string, [sep, max]) => {
    if (max === undefined || Number(max) < 0) return pySplit(s, sep);
    const parts = pySplit(s, sep);
    const n = Number(max);
    const sp = sep === undefined || sep === null ? ' ' : pyStr(sep);
    return parts.length <= n + 1 ? parts : [parts.slice(0, parts.length - n).join(sp), ...parts.slice(parts.length - n)];
  },
  splitlines: (s: string) => s.split(/\r\n|\r|\n/).filter((_, i, a) => i < a.length - 1 || a[i] !== ''),
  strip: (s: string, [chars]) => strip(s, chars, 'both'),
  lstrip: (s: string, [chars]) => strip(s, chars, 'start'),
  rstrip: (s: string, [chars]) => strip(s, chars, 'end'),
  startswith: (s: string, [p]) => affix(s, p, 'start'),
  endswith: (s: string, [p]) => affix(s, p, 'end'),
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  capitalize: (s: string) => s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s: string) => s.replace(/[A-Za-z]+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  replace: (s: string, [a, b, count]) => {
    let n = count === undefined ? -1 : Number(count);
    return s.split(pyStr(a)).reduce((acc, part, i) => (i === 0 ? part : acc + (n-- !== 0 ? pyStr(b) : pyStr(a)) + part), '');
  },
  find: (s: string, [x]) => s.indexOf(pyStr(x)),
  rfind: (s: string, [x]) => s.lastIndexOf(pyStr(x)),
  index: (s: string, [x]) => {
    const i = s.indexOf(pyStr(x));
    if (i < 0) throw templateError('substring not found');
    return i;
  },
  count: (s: string, [x]) => (pyStr(x) === '' ? s.length + 1 : s.split(pyStr(x)).length - 1),
  join: (s: string, [items]) => {
    if (!Array.isArray(items)) throw templateError(`join expects a list, got ${pyTypeName(items)}`);
    return items.map(pyStr).join(s);
  },
  format: (s: string, args, kw) => s.replace(/\{(\w*)\}/g, (_m, k: string) => pyStr(k === '' ? args.shift() : /^\d+$/.test(k) ? args[Number(k)] : kw[k])),
  zfill: (s: string, [w]) => (/^[-+]/.test(s) ? s[0] + s.slice(1).padStart(Number(w) - 1, '0') : s.padStart(Number(w), '0')),
  ljust: (s: string, [w, f = ' ']) => s.padEnd(Number(w), pyStr(f)),
  rjust: (s: string, [w, f = ' ']) => s.padStart(Number(w), pyStr(f)),
  isdigit: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^\p{L}+$/u.test(s),
  isalnum: (s: string) => /^[\p{L}\d]+$/u.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  encode: (s: string) => s,
  decode: (s: string) => s,
};

export const METHOD_NAMES = new Set([...Object.keys(STRING_METHODS), ...Object.keys(LIST_METHODS), ...Object.keys(DICT_METHODS)]);

export function unknownMethodMessage(name: string): string {
  return `no method named '${name}'${hint(name, METHOD_NAMES)}`;
}

export function callMethod(self: unknown, name: string, args: unknown[], kw: Record<string, unknown>, scope: Scope): unknown {
  const table = typeof self === 'string' ? STRING_METHODS : Array.isArray(self) ? LIST_METHODS : self !== null && typeof self === 'object' && !(self instanceof Missing) ? DICT_METHODS : {};
  if (!Object.hasOwn(table, name)) throw templateError(`'${pyTypeName(self)}' object has no attribute '${name}'`);
  const value = typeof self === 'string' ? self : settle(self, scope);
  const out = table[name](value as never, args.map((a) => settle(a, scope)), kw);
  // append, sort and the like return Python's None.
  return out === undefined ? null : out;
}
