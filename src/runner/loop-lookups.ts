// The `with_<lookup>` loops: a rendered value turned into the list of items, as Ansible's lookup plugins of the same names do.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { parseKv } from '../modules/parse-kv.js';
import type { LoopFields } from '../playbook/types.js';

/** Where relative file names of fileglob / first_found are looked for on the control node (role files/, role, playbook files/, playbook). */
export type SearchDirs = () => string[];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Items of a loop: `loop` takes a list as is; `with_<lookup>` runs that lookup. */
export function expandLoop(lookup: string | undefined, value: unknown, search: SearchDirs): unknown[] {
  if (lookup === undefined) {
    if (!Array.isArray(value)) throw new Error(`loop: expected a list, got ${describe(value)}`);
    return value;
  }
  const fn = LOOKUPS[lookup];
  if (!fn) throw new Error(`with_${lookup}: no such loop lookup`);
  return fn(value, search);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

function flatten(v: unknown, levels = Infinity): unknown[] {
  const out: unknown[] = [];
  for (const x of asList(v)) {
    if (Array.isArray(x) && levels > 0) out.push(...flatten(x, levels - 1));
    else out.push(x);
  }
  return out;
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

function dictItems(v: unknown): unknown[] {
  const dicts = Array.isArray(v) ? v : [v];
  return dicts.flatMap((d) => {
    if (!isObject(d)) throw new Error(`with_dict: expected a mapping, got ${describe(d)}`);
    return Object.entries(d).map(([key, value]) => ({ key, value }));
  });
}

function subelements(v: unknown): unknown[] {
  const [base, key, flags] = asList(v);
  if (typeof key !== 'string') throw new Error(`with_subelements: expected [list, 'key'], got ${describe(v)}`);
  const skipMissing = isObject(flags) && (flags.skip_missing === true || flags.skip_missing === 'yes' || flags.skip_missing === 'true');
  const elements = isObject(base) ? Object.values(base) : asList(base);
  const out: unknown[] = [];
  const path = key.split('.');
  for (const el of elements) {
    if (!isObject(el)) throw new Error(`with_subelements: expected a list of mappings, got ${describe(el)}`);
    // A dotted key walks into nested mappings; the list is taken out of the element, as the lookup pops it.
    const copy: Record<string, unknown> = { ...el };
    let holder: Record<string, unknown> | undefined = copy;
    for (const part of path.slice(0, -1)) {
      const next: unknown = holder?.[part];
      holder = isObject(next) ? { ...next } : undefined;
      if (holder) (copy as Record<string, unknown>)[part] = holder;
    }
    const last = path[path.length - 1]!;
    const sub = holder?.[last];
    if (sub === undefined) {
      if (skipMissing) continue;
      throw new Error(`with_subelements: could not find '${key}' key in iterated item ${JSON.stringify(el)}`);
    }
    if (!Array.isArray(sub)) throw new Error(`with_subelements: the key '${key}' should point to a list, got ${describe(sub)}`);
    delete holder![last];
    for (const s of sub) out.push([copy, s]);
  }
  return out;
}

/** `start=1 end=5 stride=1 format=n%02d`, `count=3`, or the short form `[start-]end[/stride][:format]`. */
export function sequence(v: unknown): string[] {
  return asList(v).flatMap((term) => {
    const text = String(term).trim();
    let o: Record<string, string>;
    const short = /^(?:(-?\d+|0x[0-9a-f]+)-)?(-?\d+|0x[0-9a-f]+)(?:\/(-?\d+))?(?::(.+))?$/i.exec(text);
    if (short) o = { start: short[1] ?? '1', end: short[2]!, ...(short[3] ? { stride: short[3] } : {}), ...(short[4] ? { format: short[4] } : {}) };
    else o = parseKv(text);
    const num = (s: string | undefined, d: number) => (s === undefined ? d : Number.parseInt(s, s.toLowerCase().startsWith('0x') ? 16 : s.startsWith('0') && s.length > 1 ? 8 : 10));
    const start = num(o.start, 1);
    const stride = num(o.stride, 1);
    if (o.count !== undefined && o.end !== undefined) throw new Error('with_sequence: expected count or end, got both');
    const end = o.count !== undefined ? start + (num(o.count, 0) - 1) * stride : num(o.end, NaN);
    if (Number.isNaN(end)) throw new Error(`with_sequence: expected 'end' or 'count', got ${JSON.stringify(text)}`);
    if (stride === 0) return [];
    if ((stride > 0 && end < start) || (stride < 0 && end > start)) throw new Error('with_sequence: to count backwards make stride negative');
    const out: string[] = [];
    for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) out.push(formatInt(o.format ?? '%d', i));
    return out;
  });
}

/** printf-style `%d`, `%02d`, `%x`, `%o`, `%s` for one integer. */
function formatInt(format: string, n: number): string {
  return format.replace(/%(0?)(\d*)([dixXos])|%%/g, (m, zero: string, width: string, conv: string) => {
    if (m === '%%') return '%';
    const s = conv === 'x' ? n.toString(16) : conv === 'X' ? n.toString(16).toUpperCase() : conv === 'o' ? n.toString(8) : String(n);
    return s.padStart(Number(width || 0), zero ? '0' : ' ');
  });
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\[!/g, '[^');
  return new RegExp(`^${body}$`);
}

function fileglob(v: unknown, search: SearchDirs): unknown[] {
  return asList(v).flatMap((term) => {
    const pattern = String(term);
    const dirs = isAbsolute(pattern) ? [dirname(pattern)] : search().map((d) => join(d, dirname(pattern)));
    // The first folder that exists is the one searched, as the lookup takes the first path found.
    const dir = dirs.find((d) => existsSync(d) && statSync(d).isDirectory());
    if (!dir) return [];
    const re = globToRegExp(basename(pattern));
    return readdirSync(dir).filter((f) => re.test(f) && statSync(join(dir, f)).isFile()).sort().map((f) => join(dir, f));
  });
}

function firstFound(v: unknown, search: SearchDirs): unknown[] {
  let files: string[] = [];
  let paths: string[] = [];
  let skip = false;
  for (const term of flatten(v)) {
    if (isObject(term)) {
      files.push(...flatten(term.files ?? []).map(String));
      paths.push(...flatten(term.paths ?? []).map(String));
      skip = skip || term.skip === true;
    } else files.push(String(term));
  }
  files = files.flatMap((f) => f.split(/[,;]/).map((s) => s.trim()).filter(Boolean));
  paths = paths.flatMap((p) => p.split(/[,:;]/).map((s) => s.trim()).filter(Boolean));
  const candidates = files.flatMap((f) => (isAbsolute(f) ? [f] : paths.length > 0 ? paths.map((p) => join(p, f)) : search().map((d) => join(d, f))));
  const hit = candidates.find((c) => existsSync(c));
  if (hit) return [hit];
  if (skip) return [];
  throw new Error(`with_first_found: no file was found among ${files.join(', ')}`);
}

function together(v: unknown): unknown[] {
  const lists = asList(v).map((l) => asList(l));
  const n = Math.max(0, ...lists.map((l) => l.length));
  return Array.from({ length: n }, (_x, i) => lists.map((l) => (i < l.length ? l[i] : null)));
}

const LOOKUPS: Record<string, (v: unknown, search: SearchDirs) => unknown[]> = {
  items: (v) => flatten(v, 1),
  list: (v) => asList(v),
  flattened: (v) => flatten(v),
  dict: dictItems,
  nested: (v) => product(asList(v).map((l) => asList(l))),
  cartesian: (v) => product(asList(v).map((l) => asList(l))),
  together,
  subelements,
  indexed_items: (v) => flatten(v, 1).map((x, i) => [i, x]),
  sequence,
  fileglob,
  first_found: firstFound,
  random_choice: (v) => {
    const l = asList(v);
    return l.length === 0 ? [] : [l[Math.floor(Math.random() * l.length)]];
  },
};

/** The variables one loop item adds: the loop variable, `ansible_loop` (more of it with `extended`), and `index_var`. */
export function loopItemVars(loop: LoopFields, items: unknown[], i: number): Record<string, unknown> {
  const n = items.length;
  const ansible_loop: Record<string, unknown> = { index: i + 1, index0: i, first: i === 0, last: i === n - 1, length: n };
  if (loop.loopExtended) {
    Object.assign(ansible_loop, { revindex: n - i, revindex0: n - i - 1 });
    if (i > 0) ansible_loop.previtem = items[i - 1];
    if (i < n - 1) ansible_loop.nextitem = items[i + 1];
    if (loop.loopAllItems !== false) ansible_loop.allitems = items;
  }
  return { [loop.loopVar]: items[i], ansible_loop, ansible_loop_var: loop.loopVar, ...(loop.indexVar ? { [loop.indexVar]: i, ansible_index_var: loop.indexVar } : {}) };
}
