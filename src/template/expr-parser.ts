// Parses a `when`-style expression (Jinja precedence) into a small tree; no host-language evaluation anywhere.

import { SyntaxFail, tokenize, type Token } from './expr-lexer.js';

export type Node =
  | { kind: 'lit'; value: unknown; at: number }
  | { kind: 'list'; items: Node[]; at: number }
  | { kind: 'var'; name: string; at: number }
  | { kind: 'get'; obj: Node; key: Node; name: string; at: number }
  | { kind: 'not' | 'neg'; arg: Node; at: number }
  | { kind: 'and' | 'or'; left: Node; right: Node; at: number }
  | { kind: 'bin'; op: string; left: Node; right: Node; at: number }
  | { kind: 'test'; arg: Node; name: string; negate: boolean; at: number }
  | { kind: 'filter'; arg: Node; name: string; args: Node[]; at: number }
  | { kind: 'call'; name: string; args: Node[]; at: number };

const LITERALS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null, null: null };
const COMPARE = ['==', '!=', '<', '<=', '>', '>='];
/** The only names that may be called, e.g. lookup('env', 'HOME'); anything else is a syntax error. */
export const CALLABLE = new Set(['lookup']);

export function parseExpression(text: string): Node {
  const toks = tokenize(text);
  let p = 0;
  const peek = (): Token => toks[p];
  const isOp = (v: string, t = peek()) => t.type === 'op' && t.value === v;
  const isWord = (v: string, t = peek()) => t.type === 'name' && t.value === v;
  const describe = (t: Token) => (t.type === 'eof' ? 'end of expression' : `'${t.value}'`);
  const fail = (expected: string): never => {
    throw new SyntaxFail(`expected ${expected}, got ${describe(peek())}`, peek().at);
  };
  const expectOp = (v: string) => (isOp(v) ? toks[p++] : fail(`'${v}'`));

  const parseOr = (): Node => {
    let left = parseAnd();
    while (isWord('or')) left = { kind: 'or', at: toks[p++].at, left, right: parseAnd() };
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseNot();
    while (isWord('and')) left = { kind: 'and', at: toks[p++].at, left, right: parseNot() };
    return left;
  };
  const parseNot = (): Node => (isWord('not') ? { kind: 'not', at: toks[p++].at, arg: parseNot() } : parseCompare());
  const parseCompare = (): Node => {
    let left = parseAdd();
    for (;;) {
      const t = peek();
      let op: string | undefined;
      if (t.type === 'op' && COMPARE.includes(String(t.value))) op = String(t.value);
      else if (isWord('in')) op = 'in';
      else if (isWord('not') && isWord('in', toks[p + 1])) {
        op = 'not in';
        p++;
      }
      if (!op) return left;
      p++;
      left = { kind: 'bin', op, at: t.at, left, right: parseAdd() };
    }
  };
  const parseAdd = (): Node => {
    let left = parseMul();
    while (isOp('+') || isOp('-') || isOp('~')) {
      const t = toks[p++];
      left = { kind: 'bin', op: String(t.value), at: t.at, left, right: parseMul() };
    }
    return left;
  };
  const parseMul = (): Node => {
    let left = parseUnary();
    while (isOp('*') || isOp('/') || isOp('//') || isOp('%')) {
      const t = toks[p++];
      left = { kind: 'bin', op: String(t.value), at: t.at, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => (isOp('-') ? { kind: 'neg', at: toks[p++].at, arg: parseUnary() } : parsePostfix());
  const parseArgs = (): Node[] => {
    const args: Node[] = [];
    expectOp('(');
    while (!isOp(')')) {
      args.push(parseOr());
      if (!isOp(')')) expectOp(',');
    }
    p++;
    return args;
  };
  const parseName = (what: string): string => (peek().type === 'name' ? String(toks[p++].value) : fail(what));
  const parsePostfix = (): Node => {
    let node = parsePrimary();
    for (;;) {
      const t = peek();
      if (isOp('.')) {
        p++;
        const k = peek();
        if (k.type !== 'name' && k.type !== 'num') fail('an attribute name');
        p++;
        node = { kind: 'get', at: t.at, obj: node, key: { kind: 'lit', value: k.value, at: k.at }, name: `${nameOf(node)}.${k.value}` };
      } else if (isOp('[')) {
        p++;
        const key = parseOr();
        expectOp(']');
        node = { kind: 'get', at: t.at, obj: node, key, name: `${nameOf(node)}[${key.kind === 'lit' && typeof key.value === 'string' ? `'${key.value}'` : nameOf(key)}]` };
      } else if (isOp('|')) {
        p++;
        const name = parseName('a filter name');
        node = { kind: 'filter', at: t.at, arg: node, name, args: isOp('(') ? parseArgs() : [] };
      } else if (isWord('is')) {
        p++;
        const negate = isWord('not') ? (p++, true) : false;
        node = { kind: 'test', at: t.at, arg: node, negate, name: parseName('a test name after is') };
      } else if (isOp('(')) {
        throw new SyntaxFail(`'${nameOf(node)}' is not callable (only ${[...CALLABLE].join(', ')} can be called)`, t.at);
      } else return node;
    }
  };
  const parsePrimary = (): Node => {
    const t = peek();
    if (t.type === 'num' || t.type === 'str') return p++, { kind: 'lit', value: t.value, at: t.at };
    if (t.type === 'name') {
      p++;
      const name = String(t.value);
      if (Object.hasOwn(LITERALS, name)) return { kind: 'lit', value: LITERALS[name], at: t.at };
      if (CALLABLE.has(name) && isOp('(')) return { kind: 'call', name, at: t.at, args: parseArgs() };
      return { kind: 'var', name, at: t.at };
    }
    if (isOp('(')) {
      p++;
      const inner = parseOr();
      expectOp(')');
      return inner;
    }
    if (isOp('[')) {
      p++;
      const items: Node[] = [];
      while (!isOp(']')) {
        items.push(parseOr());
        if (!isOp(']')) expectOp(',');
      }
      p++;
      return { kind: 'list', items, at: t.at };
    }
    return fail('a value');
  };

  const node = parseOr();
  if (peek().type !== 'eof') fail('an operator or end of expression');
  return node;
}

/** The variable path a node reads, for messages (`hostvars[inventory_hostname].port`). */
function nameOf(n: Node): string {
  if (n.kind === 'var') return n.name;
  if (n.kind === 'get') return n.name;
  if (n.kind === 'lit') return JSON.stringify(n.value);
  return '(expression)';
}
