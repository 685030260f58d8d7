// Filters on lists and dicts: first/last, sorting, set operations, map/select, dict2items, combine, zip.

import { pyCompare, pyEqual } from './py-ops.js';
import { pyStr, pyTypeName, tuple } from './py-text.js';
import { applyFilter, applyTest, type Filter } from './registry.js';
import { getMember, isMissing, isTruthy, Missing, templateError } from './values.js';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v) && !isMissing(v);

/** Python's iteration: a list's items, a string's characters, a dict's keys. */
export function iterate(v: unknown, filter = 'filter'): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  throw templateError(`${filter}: '${pyTypeName(v)}' object is not iterable`);
}

/** `attribute='a.b'` or `attribute=0`: Jinja's dotted item lookup. */
function attrGetter(attribute: unknown): (item: unknown) => unknown {
  const parts = typeof attribute === 'number' ? [attribute] : String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => parts.reduce<unknown>((v, p) => getMember(v, p, String(attribute)), item);
}

/** Jinja's sort key: text lowered unless case-sensitive. */
function sortKey(caseSensitive: boolean, attribute?: unknown): (v: unknown) => unknown {
  const get = attribute === undefined || attribute === null ? (v: unknown) => v : attrGetter(attribute);
  return (v) => {
    const x = get(v);
    if (isMissing(x)) throw templateError(`'${pyStr(v)}' has no attribute '${String(attribute)}'`);
    return !caseSensitive && typeof x === 'string' ? x.toLowerCase() : x;
  };
}

function sortList(items: unknown[], reverse: boolean, key: (v: unknown) => unknown): unknown[] {
  const keyed = items.map((v) => [key(v), v] as const);
  keyed.sort((a, b) => pyCompare(a[0], b[0]));
  if (reverse) keyed.reverse();
  return keyed.map(([, v]) => v);
}

function unique(items: unknown[], key: (v: unknown) => unknown = (v) => v): unknown[] {
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const x of items) {
    const k = key(x);
    if (!seen.some((s) => pyEqual(s, k))) {
      seen.push(k);
      out.push(x);
    }
  }
  return out;
}

function extreme(items: unknown[], kw: Dict, sign: number, name: string): unknown {
  if (items.length === 0) return new Missing(`No aggregated item, sequence was empty. (${name})`);
  const key = sortKey(Boolean(kw.case_sensitive), kw.attribute);
  return items.reduce((best, x) => (pyCompare(key(x), key(best)) * sign > 0 ? x : best));
}

function flatten(items: unknown[], levels?: number, skipNulls = true): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None' || x === 'null')) continue;
    if (Array.isArray(x) && (levels === undefined || levels > 0)) out.push(...flatten(x, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

/** Ansible's merge_hash: later dicts win; `recursive` merges nested dicts; list_merge for lists. */
export function mergeDicts(a: Dict, b: Dict, recursive: boolean, listMerge: string): Dict {
  const out: Dict = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    if (recursive && isDict(old) && isDict(v)) out[k] = mergeDicts(old, v, true, listMerge);
    else if (Array.isArray(old) && Array.isArray(v) && listMerge !== 'replace') {
      if (listMerge === 'keep') out[k] = old;
      else if (listMerge === 'append') out[k] = [...old, ...v];
      else if (listMerge === 'prepend') out[k] = [...v, ...old];
      else if (listMerge === 'append_rp') out[k] = [...old.filter((x) => !v.some((y) => pyEqual(x, y))), ...v];
      else if (listMerge === 'prepend_rp') out[k] = [...v, ...old.filter((x) => !v.some((y) => pyEqual(x, y)))];
      else throw templateError(`combine: unknown list_merge '${listMerge}'`);
    } else out[k] = v;
  }
  return out;
}

function selectWith(name: string, keep: boolean, byAttr: boolean): Filter {
  return (v, args, kw, scope) => {
    const items = iterate(v, name);
    const [attr, test, ...rest] = byAttr ? args : [undefined, ...args];
    const get = byAttr ? attrGetter(attr) : (x: unknown) => x;
    return items.filter((x) => {
      const val = get(x);
      const ok = test === undefined ? !isMissing(val) && isTruthy(val) : applyTest(String(test), val, rest, {}, scope);
      return ok === keep;
    });
  };
}

export const LIST_FILTERS: Record<string, Filter> = {
  first: (v) => (iterate(v, 'first').length ? iterate(v)[0] : new Missing('No first item, sequence was empty.')),
  last: (v) => {
    const items = typeof v === 'string' || Array.isArray(v) ? iterate(v) : iterate(v, 'last');
    return items.length ? items[items.length - 1] : new Missing('No last item, sequence was empty.');
  },
  length: (v) => iterate(v, 'length').length,
  count: (v) => iterate(v, 'count').length,
  list: (v) => [...iterate(v, 'list')],
  unique: (v, _a, kw) => unique(iterate(v, 'unique'), sortKey(Boolean(kw.case_sensitive), kw.attribute)),
  sort: (v, [reverse, caseSensitive, attribute], kw) =>
    sortList([...iterate(v, 'sort')], Boolean(kw.reverse ?? reverse), sortKey(Boolean(kw.case_sensitive ?? caseSensitive), kw.attribute ?? attribute)),
  reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...iterate(v, 'reverse')].reverse()),
  min: (v, _a, kw) => extreme(iterate(v, 'min'), kw, -1, 'min'),
  max: (v, _a, kw) => extreme(iterate(v, 'max'), kw, 1, 'max'),
  sum: (v, [attribute, start], kw) => {
    const get = (kw.attribute ?? attribute) === undefined ? (x: unknown) => x : attrGetter(kw.attribute ?? attribute);
    return iterate(v, 'sum').reduce<unknown>((acc, x) => {
      const n = get(x);
      if (typeof acc === 'number' && typeof n === 'number') return acc + n;
      if (Array.isArray(acc) && Array.isArray(n)) return [...acc, ...n];
      throw templateError(`sum: unsupported operand type(s) for +: '${pyTypeName(acc)}' and '${pyTypeName(n)}'`);
    }, kw.start ?? start ?? 0);
  },
  join: (v, [sep = '', attribute], kw) => {
    const get = (kw.attribute ?? attribute) === undefined ? (x: unknown) => x : attrGetter(kw.attribute ?? attribute);
    return iterate(v, 'join').map((x) => pyStr(get(x))).join(pyStr(kw.d ?? sep));
  },
  map: (v, args, kw, scope) => {
    const items = iterate(v, 'map');
    if (kw.attribute !== undefined) {
      const get = attrGetter(kw.attribute);
      return items.map((x) => {
        const r = get(x);
        return isMissing(r) && 'default' in kw ? kw.default : r;
      });
    }
    const [name, ...rest] = args;
    if (name === undefined) throw templateError('map: expected a filter name or attribute=');
    return items.map((x) => applyFilter(String(name), x, rest, {}, scope));
  },
  select: selectWith('select', true, false),
  reject: selectWith('reject', false, false),
  selectattr: selectWith('selectattr', true, true),
  rejectattr: selectWith('rejectattr', false, true),
  flatten: (v, [levels, skipNulls], kw) => flatten(iterate(v, 'flatten'), (kw.levels ?? levels) as number | undefined, (kw.skip_nulls ?? skipNulls ?? true) as boolean),
  difference: (v, [other]) => unique(iterate(v).filter((x) => !iterate(other).some((y) => pyEqual(x, y)))),
  intersect: (v, [other]) => unique(iterate(v).filter((x) => iterate(other).some((y) => pyEqual(x, y)))),
  union: (v, [other]) => unique([...iterate(v), ...iterate(other)]),
  symmetric_difference: (v, [other]) => {
    const [a, b] = [iterate(v), iterate(other)];
    const both = a.filter((x) => b.some((y) => pyEqual(x, y)));
    return unique([...a, ...b]).filter((x) => !both.some((y) => pyEqual(x, y)));
  },
  zip: (v, others) => {
    const lists = [iterate(v), ...others.map((o) => iterate(o))];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
  },
  zip_longest: (v, others, kw) => {
    const lists = [iterate(v), ...others.map((o) => iterate(o))];
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : (kw.fillvalue ?? null)))));
  },
  batch: (v, [size, fill]) => {
    const items = iterate(v, 'batch');
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += Number(size)) out.push(items.slice(i, i + Number(size)));
    const last = out[out.length - 1];
    if (fill !== undefined && last) while (last.length < Number(size)) last.push(fill);
    return out;
  },
  dictsort: (v, [caseSensitive, by = 'key', reverse], kw) => {
    if (!isDict(v)) throw templateError(`dictsort expects a dict, got ${pyTypeName(v)}`);
    const idx = (kw.by ?? by) === 'value' ? 1 : 0;
    const key = sortKey(Boolean(kw.case_sensitive ?? caseSensitive));
    return sortList(Object.entries(v).map((e) => tuple(e)), Boolean(kw.reverse ?? reverse), (e) => key((e as unknown[])[idx]));
  },
  dict2items: (v, [keyName = 'key', valueName = 'value'], kw) => {
    if (!isDict(v)) throw templateError(`dict2items requires a dictionary, got ${pyTypeName(v)} instead.`);
    return Object.entries(v).map(([k, x]) => ({ [String(kw.key_name ?? keyName)]: k, [String(kw.value_name ?? valueName)]: x }));
  },
  items2dict: (v, [keyName = 'key', valueName = 'value'], kw) => {
    const [kn, vn] = [String(kw.key_name ?? keyName), String(kw.value_name ?? valueName)];
    return Object.fromEntries(iterate(v, 'items2dict').map((it) => {
      if (!isDict(it) || !Object.hasOwn(it, kn) || !Object.hasOwn(it, vn)) throw templateError(`items2dict: each item needs '${kn}' and '${vn}'`);
      return [pyStr(it[kn]), it[vn]];
    }));
  },
  combine: (v, args, kw) => {
    const dicts = [v, ...args].flatMap((d) => (Array.isArray(d) ? d : [d]));
    for (const d of dicts) if (!isDict(d)) throw templateError(`combine: expected dicts, got ${pyTypeName(d)}`);
    return (dicts as Dict[]).reduce((acc, d) => mergeDicts(acc, d, Boolean(kw.recursive), String(kw.list_merge ?? 'replace')), {});
  },
  extract: (v, [container, morekeys]) => {
    const keys = [v, ...(morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys])];
    return keys.reduce<unknown>((c, k) => getMember(c, k, pyStr(k)), container);
  },
};
