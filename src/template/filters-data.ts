// Filters on values: default/mandatory, type conversions, numbers, JSON/YAML, ternary, random, password_hash.

import { parse as parseYaml } from 'yaml';
import { PYYAML_OPTIONS } from '../core/pyyaml-scalars.js';
import { pyJsonDumps, type JsonOptions } from './py-json.js';
import { PyRandom } from './py-random.js';
import { pyStr, pyTypeName } from './py-text.js';
import { pyYamlDump } from './py-yaml.js';
import { cryptPassword } from './crypt.js';
import { iterate } from './filters-list.js';
import type { Filter } from './registry.js';
import { isMissing, isTruthy, templateError } from './values.js';

/** The `bool` filter, as Ansible 2.14 defines it: only yes/on/1/true (any case) and 1 are true, None stays None. It is stricter than module arguments read with src/core/bool.ts (which also take y and t). */
export function toBool(v: unknown): boolean | null {
  if (v === null || typeof v === 'boolean') return v as boolean | null;
  const x = typeof v === 'string' ? v.toLowerCase() : v;
  return x === 'yes' || x === 'on' || x === '1' || x === 'true' || x === 1;
}

/** Jinja's int filter: Python's int() of the value, then of its float(), else the default. */
function toInt(v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string') {
    const s = v.trim().replaceAll('_', '');
    const b = Number(base);
    const prefixed = b === 16 ? /^[-+]?(0x)?[0-9a-f]+$/i : b === 8 ? /^[-+]?(0o)?[0-7]+$/i : b === 2 ? /^[-+]?(0b)?[01]+$/i : /^[-+]?\d+$/;
    if (prefixed.test(s)) return parseInt(s.replace(/^([-+]?)0[xob]/i, '$1'), b);
    const f = toFloat(s, null);
    if (typeof f === 'number' && Number.isFinite(f)) return Math.trunc(f);
  }
  return dflt;
}

function toFloat(v: unknown, dflt: unknown = 0): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|inf(inity)?|nan)\s*$/i.test(v)) {
    const s = v.trim().toLowerCase();
    if (s.endsWith('inf') || s.endsWith('infinity')) return s.startsWith('-') ? -Infinity : Infinity;
    return s.endsWith('nan') ? NaN : Number(s);
  }
  return dflt;
}

function jsonOptions(kw: Record<string, unknown>, base: JsonOptions = {}): JsonOptions {
  return {
    ...base,
    ...(kw.indent !== undefined ? { indent: kw.indent as number } : {}),
    ...(kw.sort_keys !== undefined ? { sortKeys: Boolean(kw.sort_keys) } : {}),
    ...(kw.ensure_ascii !== undefined ? { ensureAscii: Boolean(kw.ensure_ascii) } : {}),
    ...(Array.isArray(kw.separators) ? { separators: kw.separators as [string, string] } : {}),
  };
}

function fromJson(v: unknown): unknown {
  try {
    return JSON.parse(pyStr(v));
  } catch (e) {
    throw templateError(`from_json: ${(e as Error).message}`);
  }
}

function fromYaml(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return parseYaml(v, PYYAML_OPTIONS) ?? null;
  } catch (e) {
    throw templateError(`from_yaml: ${(e as Error).message}`);
  }
}

export const DATA_FILTERS: Record<string, Filter> = {
  default: (v, [fallback = '', boolean = false]) => (isMissing(v) || (boolean && !isTruthy(v)) ? fallback : v),
  mandatory: (v, [msg]) => {
    if (!isMissing(v)) return v;
    throw templateError(msg !== undefined ? pyStr(msg) : `Mandatory variable '${v.name}' not defined.`);
  },
  bool: (v) => toBool(v),
  int: (v, [dflt, base], kw) => toInt(v, kw.default ?? dflt ?? 0, kw.base ?? base ?? 10),
  float: (v, [dflt], kw) => toFloat(v, kw.default ?? dflt ?? 0),
  abs: (v) => Math.abs(Number(v)),
  round: (v, [precision = 0, method = 'common']) => {
    const f = 10 ** Number(precision);
    const x = Number(v) * f;
    // Python's round(): halves go to the even neighbour.
    const half = Math.abs(x % 1) === 0.5;
    const r = method === 'ceil' ? Math.ceil(x) : method === 'floor' ? Math.floor(x) : half ? 2 * Math.round(x / 2) : Math.round(x);
    return r / f;
  },
  pow: (v, [y]) => Number(v) ** Number(y),
  log: (v, [base]) => (base === undefined ? Math.log(Number(v)) : Number(base) === 10 ? Math.log10(Number(v)) : Math.log(Number(v)) / Math.log(Number(base))),
  root: (v, [base = 2]) => (Number(base) === 2 ? Math.sqrt(Number(v)) : Number(v) ** (1 / Number(base))),
  to_json: (v, _a, kw) => pyJsonDumps(v, jsonOptions(kw)),
  to_nice_json: (v, [indent = 4], kw) => pyJsonDumps(v, jsonOptions(kw, { indent: indent as number, sortKeys: true, separators: [',', ': '] })),
  from_json: (v) => fromJson(v),
  to_yaml: (v, _a, kw) => pyYamlDump(v, { indent: Number(kw.indent ?? 2), flow: kw.default_flow_style === undefined ? null : Boolean(kw.default_flow_style), sortKeys: kw.sort_keys === undefined ? true : Boolean(kw.sort_keys) }),
  to_nice_yaml: (v, [indent = 4], kw) => pyYamlDump(v, { indent: Number(kw.indent ?? indent), flow: false, sortKeys: kw.sort_keys === undefined ? true : Boolean(kw.sort_keys) }),
  from_yaml: (v) => fromYaml(v),
  ternary: (v, [yes, no, none]) => (v === null && none !== undefined && none !== null ? none : isTruthy(v) ? yes : no),
  type_debug: (v) => pyTypeName(v),
  random: (v, [start, step], kw) => {
    const r = new PyRandom(kw.seed);
    const [st, sp] = [kw.start ?? start, kw.step ?? step];
    if (typeof v === 'number') return r.randrange(Number(st ?? 0) || 0, v, Number(sp ?? 1) || 1);
    if (st || sp) throw templateError('start and step can only be used with integer values');
    const items = iterate(v, 'random');
    return items[r.below(items.length)];
  },
  shuffle: (v, [seed], kw) => new PyRandom(kw.seed ?? seed).shuffle(iterate(v, 'shuffle')),
  password_hash: (v, [hashtype = 'sha512', salt, saltSize, rounds], kw) =>
    cryptPassword(pyStr(v), String(kw.hashtype ?? hashtype), (kw.salt ?? salt) as string | undefined, (kw.rounds ?? rounds) as number | undefined, (kw.salt_size ?? saltSize) as number | undefined),
};
