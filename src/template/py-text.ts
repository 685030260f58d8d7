// How Python prints values: str() for template output (True, None, ['a', 1], {'k': 'v'}) and repr() inside containers.

import { isMissing } from './values.js';

/** Python's type name, for messages that read like Jinja's. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (isMissing(v)) return 'AnsibleUndefined';
  return 'dict';
}

/** Python's repr of a float or int (JS numbers do not keep 1.0 apart from 1: integral values print as ints). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (Math.abs(n) >= 1e16 || (n !== 0 && Math.abs(n) < 1e-4)) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m.includes('.') ? m : m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Python's repr of a string: single quotes unless the text has ' and no ". */
export function pyStringRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

const tuples = new WeakSet<object>();

/** Marks a list as a Python tuple (dict.items(), zip): it prints as `(a, b)`. Returns it. */
export function tuple<T>(items: T[]): T[] {
  tuples.add(items);
  return items;
}

/** Python's repr() of any value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStringRepr(v);
  if (Array.isArray(v) && tuples.has(v)) return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v !== null && typeof v === 'object' && !isMissing(v)) {
    return `{${Object.entries(v).map(([k, x]) => `${pyStringRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return pyStr(v);
}

/** Python's str(): what `{{ x }}` writes into a template. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return v;
  return pyRepr(v);
}
