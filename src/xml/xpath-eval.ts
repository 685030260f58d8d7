// Evaluates a parsed XPath against a parsed document; unprefixed names match unprefixed (default-namespace) nodes.
import { CarbonPlayError } from '../core/errors.js';
import { elementChildren, textOf, type XmlAttr, type XmlDocument, type XmlElement } from './nodes.js';
import type { Expr, LocationPath, NameTest, Step } from './xpath-parse.js';

export type XPathNode = XmlElement | { kind: 'attr'; attr: XmlAttr; owner: XmlElement } | { kind: 'textnode'; value: string; owner: XmlElement };
type Ctx = XPathNode | XmlDocument;
type Value = XPathNode[] | string | number | boolean;

export interface XPathScope {
  doc: XmlDocument;
  /** `namespaces:` option: prefix → URI. */
  namespaces: Readonly<Record<string, string>>;
  /** When given, collects [start, end) pairs of the text the evaluation read (values, matches), so a batch of edits knows when it must re-parse. */
  reads?: number[];
}

function noteRead(scope: XPathScope, n: XPathNode): void {
  if (!scope.reads) return;
  if (n.kind === 'attr') scope.reads.push(n.attr.start, n.attr.end);
  else if (n.kind === 'textnode') scope.reads.push(n.owner.start, n.owner.end);
  else scope.reads.push(n.start, n.end);
}

function isDoc(c: Ctx): c is XmlDocument {
  return !('kind' in c);
}

function resolve(prefix: string, scope: XPathScope): string {
  const uri = scope.namespaces[prefix];
  if (uri === undefined) throw new CarbonPlayError('module', `XPath prefix "${prefix}" is not in namespaces (expected one of: ${Object.keys(scope.namespaces).join(', ') || 'none given'})`);
  return uri;
}

function matchesName(name: string, prefix: string, local: string, ns: string, test: NameTest, scope: XPathScope): boolean {
  if (test.prefix === '') return prefix === '' && (test.local === '*' || test.local === local);
  return ns === resolve(test.prefix, scope) && (test.local === '*' || test.local === local);
}

function descendantsOrSelf(el: XmlElement, out: XmlElement[]): void {
  out.push(el);
  for (const c of el.children) if (c.kind === 'element') descendantsOrSelf(c, out);
}

function candidates(ctx: Ctx, step: Step, scope: XPathScope): XPathNode[] {
  if (isDoc(ctx)) {
    if (step.axis === 'child') return matchesName(ctx.root.name, ctx.root.prefix, ctx.root.local, ctx.root.ns, step.test, scope) ? [ctx.root] : [];
    if (step.axis === 'descendant-or-self') {
      const all: XmlElement[] = [];
      descendantsOrSelf(ctx.root, all);
      return [ctx, ...all] as XPathNode[];
    }
    return step.axis === 'self' ? [ctx as unknown as XPathNode] : [];
  }
  if (ctx.kind !== 'element') return step.axis === 'self' ? [ctx] : step.axis === 'parent' ? [ctx.owner] : [];
  switch (step.axis) {
    case 'child':
      return elementChildren(ctx).filter((c) => matchesName(c.name, c.prefix, c.local, c.ns, step.test, scope));
    case 'descendant-or-self': {
      const all: XmlElement[] = [];
      descendantsOrSelf(ctx, all);
      return all;
    }
    case 'attribute':
      if (scope.reads) {
        // Which attributes exist: their names and the place a new one would go, not their values.
        for (const a of ctx.attrs) scope.reads.push(a.wsStart, a.valueStart);
        scope.reads.push(ctx.attrs.length > 0 ? ctx.attrs[ctx.attrs.length - 1].end : ctx.start, ctx.openEnd);
      }
      return ctx.attrs
        .filter((a) => !a.name.startsWith('xmlns') && matchesAttr(a, ctx, step.test, scope))
        .map((attr) => ({ kind: 'attr', attr, owner: ctx }));
    case 'text':
      scope.reads?.push(ctx.start, ctx.end);
      return ctx.children.some((c) => c.kind === 'text' || c.kind === 'cdata') ? [{ kind: 'textnode', value: textOf(ctx), owner: ctx }] : [];
    case 'self':
      return [ctx];
    case 'parent':
      return ctx.parent ? [ctx.parent] : [];
  }
}

function matchesAttr(a: XmlAttr, owner: XmlElement, test: NameTest, scope: XPathScope): boolean {
  const colon = a.name.indexOf(':');
  const prefix = colon === -1 ? '' : a.name.slice(0, colon);
  return matchesName(a.name, prefix, a.name.slice(colon + 1), prefix ? owner.nsMap.get(prefix) ?? '' : '', test, scope);
}

function evalPath(path: LocationPath, ctx: Ctx, scope: XPathScope): XPathNode[] {
  let current: Ctx[] = [path.absolute ? scope.doc : ctx];
  for (const step of path.steps) {
    const next: Ctx[] = [];
    const seen = new Set<Ctx>();
    for (const c of current) {
      let found = candidates(c, step, scope);
      for (const pred of step.preds) found = found.filter((n, i) => truthy(evalExpr(pred, n, i + 1, found.length, scope), i + 1));
      for (const n of found) if (!seen.has(n)) (seen.add(n), next.push(n));
    }
    current = next;
  }
  return current.filter((c): c is XPathNode => !isDoc(c));
}

function truthy(v: Value, position: number): boolean {
  if (typeof v === 'number') return v === position;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v === 'string' ? v.length > 0 : v;
}

function stringOf(n: XPathNode): string {
  if (n.kind === 'attr') return n.attr.value;
  if (n.kind === 'textnode') return n.value;
  let s = '';
  for (const c of n.children) s += c.kind === 'element' ? stringOf(c) : c.kind === 'text' || c.kind === 'cdata' ? c.value : '';
  return s;
}

function asString(v: Value): string {
  if (Array.isArray(v)) return v.length > 0 ? stringOf(v[0]) : '';
  return String(v);
}

function compare(l: Value, r: Value, eq: boolean, scope: XPathScope): boolean {
  for (const v of [l, r]) if (Array.isArray(v)) for (const n of v) noteRead(scope, n);
  const ls = Array.isArray(l) ? l.map(stringOf) : [typeof l === 'number' ? String(l) : asString(l)];
  const rs = Array.isArray(r) ? r.map(stringOf) : [typeof r === 'number' ? String(r) : asString(r)];
  return ls.some((a) => rs.some((b) => (a === b) === eq));
}

function evalExpr(e: Expr, node: XPathNode, position: number, size: number, scope: XPathScope): Value {
  switch (e.op) {
    case 'literal':
    case 'number':
      return e.value;
    case 'path':
      return evalPath(e.path, node, scope);
    case 'and':
      return truthy(evalExpr(e.left, node, position, size, scope), -1) && truthy(evalExpr(e.right, node, position, size, scope), -1);
    case 'or':
      return truthy(evalExpr(e.left, node, position, size, scope), -1) || truthy(evalExpr(e.right, node, position, size, scope), -1);
    case '=':
    case '!=':
      return compare(evalExpr(e.left, node, position, size, scope), evalExpr(e.right, node, position, size, scope), e.op === '=', scope);
    case 'call': {
      const args = e.args.map((a) => evalExpr(a, node, position, size, scope));
      for (const a of args) if (Array.isArray(a)) for (const n of a) noteRead(scope, n);
      if (e.name === 'normalize-space' && args.length === 0) noteRead(scope, node);
      switch (e.name) {
        case 'not':
          return !truthy(args[0] ?? false, -1);
        case 'last':
          return size;
        case 'position':
          return position;
        case 'contains':
          return asString(args[0] ?? '').includes(asString(args[1] ?? ''));
        case 'normalize-space':
          return (args.length > 0 ? asString(args[0]) : stringOf(node)).trim().replace(/\s+/g, ' ');
      }
    }
  }
}

/** Evaluates `path`; a relative path starts at the root element, as lxml's tree.xpath does. */
export function evaluateXPath(path: LocationPath, scope: XPathScope): XPathNode[] {
  const found = evalPath(path, path.absolute ? scope.doc : scope.doc.root, scope);
  for (const n of found) noteRead(scope, n);
  return found;
}

/** Evaluates `path` with `from` as the context node (absolute paths still start at the document). */
export function evaluateFrom(path: LocationPath, from: XmlElement, scope: XPathScope): XPathNode[] {
  const found = evalPath(path, from, scope);
  for (const n of found) noteRead(scope, n);
  return found;
}

export { stringOf as stringValueOf };
