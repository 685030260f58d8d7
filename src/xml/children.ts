// Splices that add elements: appending children, replacing all children, creating a missing simple path.
import { CarbonPlayError } from '../core/errors.js';
import { limitChars } from './escape.js';
import { reindentFragment, renderShape, shapeFromFragment, type Shape } from './build.js';
import { childIndent, indentAt, type Layout } from './layout.js';
import type { XmlDocument, XmlElement } from './nodes.js';
import type { Splice } from './splice.js';
import { evaluateFrom, type XPathScope } from './xpath-eval.js';
import type { Expr, LocationPath, NameTest, Step } from './xpath-parse.js';

/** A child to insert: its shape (for comparison) and how to write it at an indentation. */
export interface NewChild {
  shape: Shape;
  render(indent: string, layout: Layout): string;
}

export function childFromShape(shape: Shape): NewChild {
  return { shape, render: (indent, layout) => renderShape(shape, indent, layout) };
}

export function childFromFragment(xml: string): NewChild {
  return { shape: shapeFromFragment(xml), render: (indent, layout) => limitChars(reindentFragment(xml, indent, layout), layout.maxChar) };
}

/** Content for `parent` made of `items` on their own lines, closing tag back at the parent's indentation. */
function block(text: string, parent: XmlElement, items: NewChild[], layout: Layout): string {
  const indent = childIndent(text, parent, layout);
  const own = indentAt(text, parent.start) ?? '';
  return items.map((c) => layout.eol + indent + c.render(indent, layout)).join('') + layout.eol + own;
}

function replaceContent(text: string, el: XmlElement, content: string): Splice {
  if (!el.selfClosing) return { start: el.openEnd, end: el.closeStart, text: content };
  let cut = el.openEnd - 2;
  while (text[cut - 1] === ' ' || text[cut - 1] === '\t') cut--;
  if (text[cut - 1] === '\n' || text[cut - 1] === '\r') cut = el.openEnd - 2;
  return { start: cut, end: el.openEnd, text: `>${content}</${el.name}>` };
}

/** Appends children after the last element child (or into an empty element). */
export function appendChildren(text: string, parent: XmlElement, items: NewChild[], layout: Layout): Splice {
  const lastEl = [...parent.children].reverse().find((c) => c.kind === 'element');
  const significant = parent.children.some((c) => c.kind !== 'text' || c.value.trim() !== '');
  if (parent.selfClosing || !significant) return replaceContent(text, parent, block(text, parent, items, layout));
  const anchor = lastEl ?? [...parent.children].reverse().find((c) => c.kind !== 'text' || c.value.trim() !== '')!;
  const indent = childIndent(text, parent, layout);
  return { start: anchor.end, end: anchor.end, text: items.map((c) => layout.eol + indent + c.render(indent, layout)).join('') };
}

/** Replaces all content of `el` with `items`. */
export function replaceChildren(text: string, el: XmlElement, items: NewChild[], layout: Layout): Splice {
  return replaceContent(text, el, items.length === 0 ? '' : block(text, el, items, layout));
}

/** Sets an element's text: the content between its tags becomes the escaped value. */
export function setTextSplice(text: string, el: XmlElement, escaped: string): Splice {
  return replaceContent(text, el, escaped);
}

function qualifiedName(test: NameTest, parent: XmlElement, scope: XPathScope): { name: string; attrs: [string, string][] } {
  if (test.prefix === '') return { name: test.local, attrs: [] };
  const uri = scope.namespaces[test.prefix];
  for (const [p, u] of parent.nsMap) if (u === uri) return { name: p === '' ? test.local : `${p}:${test.local}`, attrs: [] };
  return { name: `${test.prefix}:${test.local}`, attrs: [[`xmlns:${test.prefix}`, uri ?? '']] };
}

/** What a predicate asks for, when it is one a new element can satisfy: `@a='v'`, `child='v'`, `text()='v'`, `and`, `[1]`. */
function collect(e: Expr, into: Shape, path: string): void {
  if (e.op === 'and') return collect(e.left, into, path), collect(e.right, into, path);
  if (e.op === 'number' && e.value === 1) return;
  if (e.op === '=' && e.left.op === 'path' && e.right.op === 'literal' && !e.left.path.absolute && e.left.path.steps.length === 1) {
    const s = e.left.path.steps[0];
    if (s.preds.length === 0 && s.axis === 'attribute' && s.test.local !== '*') return void into.attrs.push([s.test.prefix ? `${s.test.prefix}:${s.test.local}` : s.test.local, e.right.value]);
    if (s.preds.length === 0 && s.axis === 'text') return void (into.text = e.right.value);
    if (s.preds.length === 0 && s.axis === 'child' && s.test.local !== '*' && !s.test.prefix) {
      return void into.children.push({ name: s.test.local, attrs: [], text: e.right.value, children: [] });
    }
  }
  throw new CarbonPlayError('module', `cannot create the missing elements of ${path}: expected predicates like [@a='v'], [child='v'] or [text()='v']`);
}

function shapeForStep(step: Step, parent: XmlElement, scope: XPathScope, path: string): Shape {
  if (step.axis !== 'child' || step.test.local === '*') {
    throw new CarbonPlayError('module', `cannot create the missing elements of ${path}: expected a simple path like /a/b[@k='v']/c`);
  }
  const { name, attrs } = qualifiedName(step.test, parent, scope);
  const shape: Shape = { name, attrs, text: '', children: [] };
  for (const p of step.preds) collect(p, shape, path);
  return shape;
}

/** Creates what is missing of a simple path (as Ansible does); null when it all exists. `fill` completes the last element (its value). */
export function createPathSplice(doc: XmlDocument, path: LocationPath, src: string, scope: XPathScope, layout: Layout, fill?: (leaf: Shape) => void): Splice | null {
  let cur = doc.root;
  let steps = path.steps;
  if (path.absolute) {
    const [first, ...rest] = steps;
    if (!first || first.axis !== 'child' || evaluateFrom({ absolute: true, steps: [first] }, cur, { ...scope, reads: undefined }).length === 0) {
      throw new CarbonPlayError('module', `cannot create ${src}: its first step does not match the root element <${doc.root.name}>`);
    }
    steps = rest;
  }
  for (let i = 0; i < steps.length; i++) {
    // Not evaluateXPath: walking the ancestors reads structure, not values, so it records no reads.
    const found = evaluateFrom({ absolute: false, steps: [steps[i]] }, cur, { ...scope, reads: undefined });
    const el = found.find((n): n is XmlElement => n.kind === 'element');
    if (el) {
      cur = el;
      continue;
    }
    const chain = steps.slice(i).map((s, k) => shapeForStep(s, k === 0 ? cur : doc.root, scope, src));
    fill?.(chain[chain.length - 1]);
    for (let k = chain.length - 1; k > 0; k--) chain[k - 1].children.push(chain[k]);
    return appendChildren(doc.text, cur, [childFromShape(chain[0])], layout);
  }
  return null;
}
