// Evaluates a parsed expression against a scope, Python/Jinja style, strictly: undefined variables are errors unless guarded.

import { CALLABLE, type Node } from './expr-parser.js';
import { callLookup, FILTERS, GUARD_FILTERS, GUARD_TESTS, TESTS } from './expr-functions.js';
import { resolveLazy } from './lazy.js';
import { getMember, isEqual, isMissing, isTruthy, need, templateError, typeName, type Scope } from './values.js';

/** Names a filter or test that does not exist: found at load time by checkExpression. */
export function findUnknownName(n: Node): { message: string; offset: number } | null {
  const here =
    n.kind === 'filter' && !Object.hasOwn(FILTERS, n.name)
      ? `unknown filter '${n.name}'`
      : n.kind === 'test' && !Object.hasOwn(TESTS, n.name)
        ? `unknown test '${n.name}'`
        : n.kind === 'call' && !CALLABLE.has(n.name)
          ? `'${n.name}' is not callable`
          : null;
  if (here) return { message: here, offset: n.at };
  for (const child of childrenOf(n)) {
    const found = findUnknownName(child);
    if (found) return found;
  }
  return null;
}

function childrenOf(n: Node): Node[] {
  switch (n.kind) {
    case 'list':
      return n.items;
    case 'get':
      return [n.obj, n.key];
    case 'not':
    case 'neg':
      return [n.arg];
    case 'and':
    case 'or':
    case 'bin':
      return [n.left, n.right];
    case 'test':
      return [n.arg];
    case 'filter':
      return [n.arg, ...n.args];
    case 'call':
      return n.args;
    default:
      return [];
  }
}

/** May return a Missing (an undefined variable) for the caller's guard to judge. */
export function evaluateNode(n: Node, scope: Scope): unknown {
  const ev = (x: Node) => need(evaluateNode(x, scope));
  switch (n.kind) {
    case 'lit':
      return n.value;
    case 'list':
      return n.items.map(ev);
    case 'var':
      return resolveLazy(getMember(scope, n.name, n.name), scope, n.name);
    case 'get': {
      const obj = evaluateNode(n.obj, scope);
      return isMissing(obj) ? obj : resolveLazy(getMember(obj, ev(n.key), n.name), scope, n.name, obj);
    }
    case 'not':
      return !isTruthy(ev(n.arg));
    case 'neg':
      return -asNumber(ev(n.arg), '-');
    case 'and': {
      const left = ev(n.left);
      return isTruthy(left) ? ev(n.right) : left;
    }
    case 'or': {
      const left = ev(n.left);
      return isTruthy(left) ? left : ev(n.right);
    }
    case 'bin':
      return applyBinary(n.op, ev(n.left), ev(n.right));
    case 'test': {
      const arg = GUARD_TESTS.has(n.name) ? evaluateNode(n.arg, scope) : ev(n.arg);
      return TESTS[n.name](arg) !== n.negate;
    }
    case 'filter': {
      const arg = GUARD_FILTERS.has(n.name) ? evaluateNode(n.arg, scope) : ev(n.arg);
      const filter = Object.hasOwn(FILTERS, n.name) ? FILTERS[n.name] : undefined;
      if (!filter) throw templateError(`unknown filter '${n.name}'`);
      return filter(arg, n.args.map(ev));
    }
    case 'call':
      return callLookup(n.args.map(ev));
  }
}

function asNumber(v: unknown, op: string): number {
  if (typeof v !== 'number') throw templateError(`'${op}' expects numbers, got ${typeName(v)}`);
  return v;
}

function applyBinary(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==':
      return isEqual(a, b);
    case '!=':
      return !isEqual(a, b);
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, a, b);
    case '~':
      return `${toPlain(a)}${toPlain(b)}`;
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      throw templateError(`cannot add ${typeName(a)} and ${typeName(b)}`);
  }
  const x = asNumber(a, op);
  const y = asNumber(b, op);
  if ((op === '/' || op === '//' || op === '%') && y === 0) throw templateError('division by zero');
  if (op === '-') return x - y;
  if (op === '*') return x * y;
  if (op === '/') return x / y;
  if (op === '//') return Math.floor(x / y);
  return ((x % y) + y) % y;
}

function toPlain(v: unknown): string {
  return v === null ? 'None' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const sameKind = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!sameKind) throw templateError(`cannot compare ${typeName(a)} with ${typeName(b)} using '${op}'`);
  const [x, y] = [a as number | string, b as number | string];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw templateError(`'in <string>' expects a string on the left, got ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => isEqual(x, item));
  if (container && typeof container === 'object') return Object.prototype.hasOwnProperty.call(container, String(item));
  throw templateError(`'in' expects a string, list or dict on the right, got ${typeName(container)}`);
}
