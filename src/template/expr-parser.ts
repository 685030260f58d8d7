// Parses a Jinja expression (Jinja's own precedence) into a tree; nothing is ever evaluated by the host language.

import { SyntaxFail, tokenize, type Token } from './expr-lexer.js';
import { nameOf, type Node } from './expr-nodes.js';

export type { Node } from './expr-nodes.js';

const LITERALS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null };
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Collections whose filters and tests we implement under their short names (`ansible.builtin.to_json`). */
const PREFIXES = /^(ansible\.(builtin|utils|netcommon)|community\.general)\./;

/** A recursive-descent parser over one token list; the template parser drives it statement by statement. */
export class ExprParser {
  p = 0;
  constructor(readonly toks: Token[]) {}

  peek(ahead = 0): Token {
    return this.toks[Math.min(this.p + ahead, this.toks.length - 1)];
  }
  isOp(v: string, t = this.peek()): boolean {
    return t.type === 'op' && t.value === v;
  }
  isWord(v: string, t = this.peek()): boolean {
    return t.type === 'name' && t.value === v;
  }
  atEnd(): boolean {
    return this.peek().type === 'eof';
  }
  fail(expected: string): never {
    const t = this.peek();
    throw new SyntaxFail(`expected ${expected}, got ${t.type === 'eof' ? 'end of expression' : `'${t.value}'`}`, t.at);
  }
  expectOp(v: string): Token {
    return this.isOp(v) ? this.toks[this.p++] : this.fail(`'${v}'`);
  }
  expectWord(v: string): Token {
    return this.isWord(v) ? this.toks[this.p++] : this.fail(`'${v}'`);
  }
  parseName(what: string): string {
    return this.peek().type === 'name' ? String(this.toks[this.p++].value) : this.fail(what);
  }
  expectEnd(): void {
    if (!this.atEnd()) this.fail('an operator or end of expression');
  }

  /** `a, b` is a tuple; `a` alone is itself. */
  parseTuple(simple = false, condexpr = true): Node {
    const at = this.peek().at;
    const item = () => (simple ? this.parsePrimaryName() : condexpr ? this.parseExpression() : this.parseOr());
    const first = item();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.p++;
      if (this.atEnd() || this.isOp(')') || this.isWord('in') || this.isOp('=')) break;
      items.push(item());
    }
    return { kind: 'tuple', items, at };
  }

  private parsePrimaryName(): Node {
    const t = this.peek();
    return { kind: 'var', name: this.parseName('a variable name'), at: t.at };
  }

  parseOr(): Node {
    let left = this.parseAnd();
    while (this.isWord('or')) left = { kind: 'or', at: this.toks[this.p++].at, left, right: this.parseAnd() };
    return left;
  }

  parseExpression(): Node {
    const expr = this.parseOr();
    if (!this.isWord('if')) return expr;
    const at = this.toks[this.p++].at;
    const test = this.parseOr();
    if (!this.isWord('else')) return { kind: 'cond', test, then: expr, at };
    this.p++;
    return { kind: 'cond', test, then: expr, else: this.parseExpression(), at };
  }

  private parseAnd(): Node {
    let left = this.parseNot();
    while (this.isWord('and')) left = { kind: 'and', at: this.toks[this.p++].at, left, right: this.parseNot() };
    return left;
  }
  private parseNot(): Node {
    return this.isWord('not') ? { kind: 'not', at: this.toks[this.p++].at, arg: this.parseNot() } : this.parseCompare();
  }
  private parseCompare(): Node {
    const first = this.parseMath1();
    const rest: [string, Node][] = [];
    for (;;) {
      const t = this.peek();
      let op: string | undefined;
      if (t.type === 'op' && COMPARE.has(String(t.value))) op = String(t.value);
      else if (this.isWord('in')) op = 'in';
      else if (this.isWord('not') && this.isWord('in', this.peek(1))) {
        op = 'not in';
        this.p++;
      }
      if (!op) break;
      this.p++;
      rest.push([op, this.parseMath1()]);
    }
    return rest.length ? { kind: 'cmp', first, rest, at: first.at } : first;
  }
  private binary(ops: string[], next: () => Node): Node {
    let left = next();
    while (ops.some((o) => this.isOp(o))) {
      const t = this.toks[this.p++];
      left = { kind: 'bin', op: String(t.value), at: t.at, left, right: next() };
    }
    return left;
  }
  private parseMath1 = (): Node => this.binary(['+', '-'], this.parseConcat);
  private parseConcat = (): Node => this.binary(['~'], this.parseMath2);
  private parseMath2 = (): Node => this.binary(['*', '/', '//', '%'], this.parsePow);
  private parsePow = (): Node => this.binary(['**'], () => this.parseUnary(true));

  private parseUnary(withFilter: boolean): Node {
    const t = this.peek();
    let node: Node;
    if (this.isOp('-') || this.isOp('+')) {
      this.p++;
      node = { kind: t.value === '-' ? 'neg' : 'pos', at: t.at, arg: this.parseUnary(false) };
    } else node = this.parsePostfix(this.parsePrimary());
    return withFilter ? this.parseFilterChain(node) : node;
  }

  parseFilterChain(node: Node): Node {
    for (;;) {
      const t = this.peek();
      if (this.isOp('|')) {
        this.p++;
        const name = this.parseDottedName('a filter name');
        const [args, kwargs] = this.isOp('(') ? this.parseArgs() : [[], {}];
        node = { kind: 'filter', at: t.at, arg: node, name, args, kwargs };
      } else if (this.isWord('is')) {
        this.p++;
        const negate = this.isWord('not') ? (this.p++, true) : false;
        const name = this.parseDottedName('a test name after is');
        let args: Node[] = [];
        let kwargs: Record<string, Node> = {};
        const n = this.peek();
        if (this.isOp('(')) [args, kwargs] = this.parseArgs();
        else if ((n.type === 'name' && !['else', 'or', 'and', 'if'].includes(String(n.value))) || n.type === 'str' || n.type === 'num' || this.isOp('[') || this.isOp('{')) {
          args = [this.parsePostfix(this.parsePrimary())];
        }
        node = { kind: 'test', at: t.at, arg: node, name, args, kwargs, negate };
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseDottedName(what: string): string {
    let name = this.parseName(what);
    while (this.isOp('.') && this.peek(1).type === 'name') {
      this.p++;
      name += `.${this.parseName(what)}`;
    }
    return name.replace(PREFIXES, '');
  }

  /** `(a, b, key=value)`: positional and keyword arguments. */
  parseArgs(): [Node[], Record<string, Node>] {
    const args: Node[] = [];
    const kwargs: Record<string, Node> = {};
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (this.peek().type === 'name' && this.isOp('=', this.peek(1))) {
        const key = this.parseName('an argument name');
        this.p++;
        kwargs[key] = this.parseExpression();
      } else {
        if (Object.keys(kwargs).length) this.fail('a keyword argument (positional ones come first)');
        args.push(this.parseExpression());
      }
      if (!this.isOp(')')) this.expectOp(',');
    }
    this.p++;
    return [args, kwargs];
  }

  private parseCall(callee: Node): Node {
    const at = this.peek().at;
    const [args, kwargs] = this.parseArgs();
    return { kind: 'call', callee, args, kwargs, at };
  }

  private parsePostfix(start: Node): Node {
    let node = start;
    for (;;) {
      const t = this.peek();
      if (this.isOp('.')) {
        this.p++;
        const k = this.peek();
        if (k.type !== 'name' && k.type !== 'num') this.fail('an attribute name');
        this.p++;
        node = { kind: 'get', at: t.at, obj: node, key: { kind: 'lit', value: k.value, at: k.at }, dot: true, name: `${nameOf(node)}.${k.value}` };
      } else if (this.isOp('[')) {
        this.p++;
        node = this.parseSubscript(node, t.at);
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseSubscript(obj: Node, at: number): Node {
    const part = (): Node | undefined => (this.isOp(':') || this.isOp(']') ? undefined : this.parseExpression());
    const start = part();
    if (!this.isOp(':')) {
      if (!start) this.fail('a subscript');
      this.expectOp(']');
      const shown = start.kind === 'lit' && typeof start.value === 'string' ? `'${start.value}'` : nameOf(start);
      return { kind: 'get', at, obj, key: start, dot: false, name: `${nameOf(obj)}[${shown}]` };
    }
    this.p++;
    const stop = part();
    let step: Node | undefined;
    if (this.isOp(':')) {
      this.p++;
      step = part();
    }
    this.expectOp(']');
    return { kind: 'slice', at, obj, start, stop, step };
  }

  private parsePrimary(): Node {
    const t = this.peek();
    if (t.type === 'num') return this.p++, { kind: 'lit', value: t.value, at: t.at };
    if (t.type === 'str') {
      let s = '';
      while (this.peek().type === 'str') s += String(this.toks[this.p++].value);
      return { kind: 'lit', value: s, at: t.at };
    }
    if (t.type === 'name') {
      this.p++;
      const name = String(t.value);
      if (Object.hasOwn(LITERALS, name)) return { kind: 'lit', value: LITERALS[name], at: t.at };
      return { kind: 'var', name, at: t.at };
    }
    if (this.isOp('(')) {
      this.p++;
      if (this.isOp(')')) return this.p++, { kind: 'tuple', items: [], at: t.at };
      const inner = this.parseTuple();
      this.expectOp(')');
      return inner;
    }
    if (this.isOp('[')) {
      this.p++;
      const items: Node[] = [];
      while (!this.isOp(']')) {
        items.push(this.parseExpression());
        if (!this.isOp(']')) this.expectOp(',');
      }
      this.p++;
      return { kind: 'list', items, at: t.at };
    }
    if (this.isOp('{')) {
      this.p++;
      const pairs: [Node, Node][] = [];
      while (!this.isOp('}')) {
        const key = this.parseExpression();
        this.expectOp(':');
        pairs.push([key, this.parseExpression()]);
        if (!this.isOp('}')) this.expectOp(',');
      }
      this.p++;
      return { kind: 'dict', pairs, at: t.at };
    }
    return this.fail('a value');
  }
}

/** One standalone expression (`when:`), offsets relative to `text`. */
export function parseExpression(text: string): Node {
  const parser = new ExprParser(tokenize(text).tokens);
  const node = parser.parseTuple();
  parser.expectEnd();
  return node;
}
