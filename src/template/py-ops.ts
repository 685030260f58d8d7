// Python's operators on plain values: ==, <, in, + - * / // % ** and %-formatting, with Python's errors.

import { pyRepr, pyStr, pyTypeName } from './py-text.js';
import { isMissing, templateError } from './values.js';

type Num = number | boolean;
const isNum = (v: unknown): v is Num => typeof v === 'number' || typeof v === 'boolean';
const num = (v: Num): number => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isMissing(v);

/** Python ==: no coercion between text and numbers, but True == 1 and deep equality of lists and dicts. */
export function pyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNum(a) && isNum(b)) return num(a) === num(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && pyEqual(a[k], b[k]));
  }
  return false;
}

function unorderable(op: string, a: unknown, b: unknown): never {
  throw templateError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** -1, 0 or 1 as Python orders numbers, strings and lists; anything else is a TypeError. */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (isNum(a) && isNum(b)) return Math.sign(num(a) - num(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEqual(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return Math.sign(a.length - b.length);
  }
  return unorderable(op, a, b);
}

export function pyCompareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEqual(a, b);
    case '!=':
      return !pyEqual(a, b);
    case 'in':
      return pyContains(b, a);
    case 'not in':
      return !pyContains(b, a);
  }
  const c = pyCompare(a, b, op);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw templateError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEqual(x, item));
  if (isDict(container)) return typeof item === 'string' || typeof item === 'number' ? Object.hasOwn(container, String(item)) : false;
  throw templateError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw templateError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function repeat<T>(seq: T[] | string, times: Num): T[] | string {
  const n = Math.max(0, num(times));
  return typeof seq === 'string' ? seq.repeat(n) : Array.from({ length: n }, () => seq).flat() as T[];
}

/** Python's binary arithmetic (`~` is Jinja's text concatenation). */
export function pyBinary(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return pyStr(a) + pyStr(b);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  }
  if (op === '*') {
    if ((typeof a === 'string' || Array.isArray(a)) && typeof b === 'number' && Number.isInteger(b)) return repeat(a, b);
    if ((typeof b === 'string' || Array.isArray(b)) && typeof a === 'number' && Number.isInteger(a)) return repeat(b, a);
  }
  if (op === '%' && typeof a === 'string') return pyFormat(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported(op, a, b);
  const [x, y] = [num(a), num(b)];
  if ((op === '/' || op === '//' || op === '%') && y === 0) throw templateError(op === '/' ? 'division by zero' : 'integer division or modulo by zero');
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '//':
      return Math.floor(x / y);
    case '%':
      return x - y * Math.floor(x / y);
    case '**':
      return x ** y;
  }
  return unsupported(op, a, b);
}

/** Python's `'%s:%d' % (host, port)` and `'%(name)s' % dict`. */
export function pyFormat(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let i = 0;
  const out = fmt.replace(/%(\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(\.\d+)?([sdirfFeExXoc%])/g, (_m, _k, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = key !== undefined ? (isDict(args) ? args[key] : undefined) : list[i++];
    if (v === undefined) throw templateError(key !== undefined ? `format key '${key}' not found` : 'not enough arguments for format string');
    const digits = prec === undefined ? undefined : Number(prec.slice(1));
    let s: string;
    switch (conv) {
      case 's':
        s = pyStr(v);
        if (digits !== undefined) s = s.slice(0, digits);
        break;
      case 'r':
        s = pyRepr(v);
        break;
      case 'd':
      case 'i':
        s = String(Math.trunc(toNumber(v, conv)));
        break;
      case 'f':
      case 'F':
        s = toNumber(v, conv).toFixed(digits ?? 6);
        break;
      case 'e':
      case 'E':
        s = toNumber(v, conv).toExponential(digits ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') s = s.toUpperCase();
        break;
      case 'x':
      case 'X':
      case 'o': {
        const n = Math.trunc(toNumber(v, conv));
        s = (n < 0 ? '-' : '') + Math.abs(n).toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') s = s.toUpperCase();
        break;
      }
      default:
        s = typeof v === 'number' ? String.fromCodePoint(v) : pyStr(v);
    }
    if (flags.includes('+') && /^[0-9]/.test(s) && conv !== 's') s = '+' + s;
    const w = width === undefined || width === '*' ? 0 : Number(width);
    if (s.length >= w) return s;
    if (flags.includes('-')) return s.padEnd(w);
    if (flags.includes('0') && conv !== 's') {
      const sign = /^[-+]/.test(s) ? s[0] : '';
      return sign + s.slice(sign.length).padStart(w - sign.length, '0');
    }
    return s.padStart(w);
  });
  if (Array.isArray(args) && i < list.length) throw templateError('not all arguments converted during string formatting');
  return out;
}

function toNumber(v: unknown, conv: string): number {
  if (isNum(v)) return num(v);
  throw templateError(`%${conv} format: a real number is required, not ${pyTypeName(v)}`);
}
