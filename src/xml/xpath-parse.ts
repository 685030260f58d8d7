// Parses the XPath subset carbon-play supports: location paths, `//`, `*`, `@a`, `text()`, predicates with =, !=, and, or, not(), [n], last().
import { CarbonPlayError } from '../core/errors.js';

export interface NameTest {
  /** '' when unprefixed: matches unprefixed names (the document's default namespace). */
  prefix: string;
  /** '*' for any. */
  local: string;
}

export type Step =
  | { axis: 'child' | 'descendant-or-self' | 'attribute'; test: NameTest; preds: Expr[] }
  | { axis: 'self' | 'parent' | 'text'; preds: Expr[] };

export interface LocationPath {
  absolute: boolean;
  steps: Step[];
}

export type Expr =
  | { op: 'or' | 'and' | '=' | '!='; left: Expr; right: Expr }
  | { op: 'path'; path: LocationPath }
  | { op: 'literal'; value: string }
  | { op: 'number'; value: number }
  | { op: 'call'; name: 'not' | 'last' | 'position' | 'contains' | 'normalize-space'; args: Expr[] };

const TOKEN = /\s*(\/\/|\/|\[|\]|\(|\)|@|!=|=|,|\*|\.\.|\.|"[^"]*"|'[^']*'|\d+(?:\.\d+)?|[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?)/y;
const FUNCTIONS = new Set(['not', 'last', 'position', 'contains', 'normalize-space']);

class XPathParser {
  tokens: { t: string; at: number }[] = [];
  i = 0;
  constructor(readonly src: string) {
    TOKEN.lastIndex = 0;
    let at = 0;
    while (at < src.length) {
      TOKEN.lastIndex = at;
      const m = TOKEN.exec(src);
      if (!m) {
        if (/^\s*$/.test(src.slice(at))) break;
        this.fail(`unexpected ${JSON.stringify(src.slice(at).trim()[0])}`, at + (src.slice(at).length - src.slice(at).trimStart().length));
      }
      this.tokens.push({ t: m[1], at: m.index + m[0].length - m[1].length });
      at = TOKEN.lastIndex;
    }
  }

  fail(msg: string, at = this.tokens[this.i]?.at ?? this.src.length): never {
    throw new CarbonPlayError('module', `invalid XPath ${JSON.stringify(this.src)} at column ${at + 1}: ${msg}`);
  }
  peek(): string | undefined {
    return this.tokens[this.i]?.t;
  }
  next(): string {
    const t = this.tokens[this.i++]?.t;
    if (t === undefined) this.fail('expected more, got the end');
    return t;
  }
  expect(t: string): void {
    const got = this.peek();
    if (got !== t) this.fail(`expected "${t}", got ${got === undefined ? 'the end' : `"${got}"`}`);
    this.i++;
  }

  path(): LocationPath {
    const steps: Step[] = [];
    let absolute = false;
    if (this.peek() === '/' || this.peek() === '//') {
      absolute = true;
      if (this.next() === '//') steps.push({ axis: 'descendant-or-self', test: { prefix: '', local: '*' }, preds: [] });
    }
    steps.push(this.step());
    while (this.peek() === '/' || this.peek() === '//') {
      if (this.next() === '//') steps.push({ axis: 'descendant-or-self', test: { prefix: '', local: '*' }, preds: [] });
      steps.push(this.step());
    }
    return { absolute, steps };
  }

  step(): Step {
    const t = this.peek();
    if (t === '.') return this.i++, { axis: 'self', preds: [] };
    if (t === '..') return this.i++, { axis: 'parent', preds: [] };
    if (t === '@') {
      this.i++;
      return { axis: 'attribute', test: this.nameTest(), preds: this.preds() };
    }
    if (t === 'text' && this.tokens[this.i + 1]?.t === '(') {
      this.i += 2;
      this.expect(')');
      return { axis: 'text', preds: this.preds() };
    }
    return { axis: 'child', test: this.nameTest(), preds: this.preds() };
  }

  nameTest(): NameTest {
    const t = this.peek();
    if (t === '*') return this.i++, { prefix: '', local: '*' };
    if (t === undefined || !/^[A-Za-z_]/.test(t)) this.fail(`expected an element name, got ${t === undefined ? 'the end' : `"${t}"`}`);
    this.i++;
    const colon = t.indexOf(':');
    return colon === -1 ? { prefix: '', local: t } : { prefix: t.slice(0, colon), local: t.slice(colon + 1) };
  }

  preds(): Expr[] {
    const preds: Expr[] = [];
    while (this.peek() === '[') {
      this.i++;
      preds.push(this.or());
      this.expect(']');
    }
    return preds;
  }

  or(): Expr {
    let left = this.and();
    while (this.peek() === 'or') (this.i++, (left = { op: 'or', left, right: this.and() }));
    return left;
  }
  and(): Expr {
    let left = this.eq();
    while (this.peek() === 'and') (this.i++, (left = { op: 'and', left, right: this.eq() }));
    return left;
  }
  eq(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t === '=' || t === '!=') return this.i++, { op: t, left, right: this.primary() };
    return left;
  }

  primary(): Expr {
    const t = this.peek();
    if (t === undefined) this.fail('expected an expression, got the end');
    if (t[0] === '"' || t[0] === "'") return this.i++, { op: 'literal', value: t.slice(1, -1) };
    if (/^\d/.test(t)) return this.i++, { op: 'number', value: Number(t) };
    if (t === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (FUNCTIONS.has(t) && this.tokens[this.i + 1]?.t === '(') {
      this.i += 2;
      const args: Expr[] = [];
      while (this.peek() !== ')') {
        if (args.length > 0) this.expect(',');
        args.push(this.or());
      }
      this.i++;
      return { op: 'call', name: t as 'not', args };
    }
    if (/^[A-Za-z_@.*\/]/.test(t)) return { op: 'path', path: this.path() };
    return this.fail(`expected a path, a quoted string or a number, got "${t}"`);
  }
}

/** Parses an XPath; throws a CarbonPlayError naming the column on anything outside the subset. */
export function parseXPath(src: string): LocationPath {
  const p = new XPathParser(src);
  if (p.tokens.length === 0) p.fail('expected a path, got nothing');
  const path = p.path();
  if (p.i < p.tokens.length) p.fail(`unexpected "${p.peek()}"`);
  return path;
}
