// One edit (value, attribute, absent, add/set children, fragment upsert) turned into splices of the text.
import { CarbonPlayError } from '../core/errors.js';
import { escapeAttr, escapeText, limitChars } from './escape.js';
import { reindentFragment, scalarText, shapeFromYaml, shapeKey, shapeOf, type Shape } from './build.js';
import { appendChildren, childFromFragment, childFromShape, createPathSplice, replaceChildren, setTextSplice, type NewChild } from './children.js';
import { indentAt, type Layout } from './layout.js';
import { elementChildren, textOf, type XmlDocument, type XmlElement, type XmlText } from './nodes.js';
import { removeAttrSplice, removeElementSplice, type Splice } from './splice.js';
import { evaluateXPath, type XPathNode, type XPathScope } from './xpath-eval.js';
import type { LocationPath } from './xpath-parse.js';

export interface XmlEdit {
  xpath: string;
  path: LocationPath;
  /** Set on the matched elements (or on `attribute`); undefined when not given. */
  value?: unknown;
  attribute?: string;
  state: 'present' | 'absent';
  add_children?: unknown[];
  set_children?: unknown[];
  input_type: 'yaml' | 'xml';
  fragment?: string;
}

export interface EditStep {
  splices: Splice[];
  matches: number;
  /** The text must be re-parsed and the same edit run again (a missing path was created first). */
  again?: boolean;
}

function children(edit: XmlEdit, list: unknown[]): NewChild[] {
  return list.map((c) => {
    if (edit.input_type === 'xml') {
      if (typeof c !== 'string') throw new CarbonPlayError('module', `input_type xml: expected XML strings, got ${JSON.stringify(c)}`);
      return childFromFragment(c);
    }
    return childFromShape(shapeFromYaml(c));
  });
}

function elementOf(n: XPathNode): XmlElement {
  return n.kind === 'element' ? n : n.owner;
}

function setAttr(text: string, el: XmlElement, name: string, value: string, layout: Layout): Splice | null {
  const attr = el.attrs.find((a) => a.name === name);
  if (attr) return attr.value === value ? null : { start: attr.valueStart, end: attr.valueEnd, text: escapeAttr(value, attr.quote, layout.maxChar) };
  const last = el.attrs[el.attrs.length - 1];
  // One attribute per line stays one attribute per line: reuse the whitespace before the last one.
  const sep = last ? text.slice(last.wsStart, last.start) : ' ';
  const quote = last?.quote ?? '"';
  const at = last ? last.end : el.start + 1 + el.name.length;
  return { start: at, end: at, text: `${sep}${name}=${quote}${escapeAttr(value, quote, layout.maxChar)}${quote}` };
}

function setText(text: string, el: XmlElement, value: string, layout: Layout, xpath: string): Splice[] {
  const texts = el.children.filter((c): c is XmlText => c.kind === 'text' || c.kind === 'cdata');
  if (textOf(el) === value && !(value === '' && texts.length > 0)) return [];
  if (elementChildren(el).length > 0) {
    throw new CarbonPlayError('module', `cannot set the text of <${el.name}> matched by ${xpath}: it has child elements (use set_children)`);
  }
  if (value === '' && el.selfClosing) return [];
  const escaped = escapeText(value, layout.maxChar);
  if (texts.length === el.children.length) return [setTextSplice(text, el, escaped)];
  // Comments and processing instructions stay: the value takes the place of the first non-blank text
  // (or goes after the last of them), and every other piece of text goes, so the text reads back as the value.
  const home = texts.find((t) => t.value.trim() !== '');
  const splices: Splice[] = texts.map((t) => ({ start: t.start, end: t.end, text: t === home ? escaped : '' }));
  if (!home && value !== '') splices.push({ start: el.closeStart, end: el.closeStart, text: escaped });
  return splices.filter((sp) => sp.start !== sp.end || sp.text !== '');
}

function fragmentStep(doc: XmlDocument, edit: XmlEdit, matches: XPathNode[], scope: XPathScope, layout: Layout): EditStep {
  const fragment = edit.fragment!;
  const child = childFromFragment(fragment);
  if (matches.length > 0) {
    const key = shapeKey(child.shape);
    const splices: Splice[] = [];
    for (const m of matches) {
      const el = elementOf(m);
      if (shapeKey(shapeOf(el)) === key) continue;
      const indent = indentAt(doc.text, el.start) ?? '';
      splices.push({ start: el.start, end: el.end, text: limitChars(reindentFragment(fragment, indent, layout), layout.maxChar) });
    }
    return { splices, matches: matches.length };
  }
  const last = edit.path.steps[edit.path.steps.length - 1];
  if (edit.path.steps.length < 2 || last.axis !== 'child') {
    throw new CarbonPlayError('module', `fragment: expected an XPath to an element below the root, got ${edit.xpath}`);
  }
  const parentPath: LocationPath = { absolute: edit.path.absolute, steps: edit.path.steps.slice(0, -1) };
  const parents = evaluateXPath(parentPath, scope);
  if (parents.length === 0) {
    const created = createPathSplice(doc, parentPath, edit.xpath, scope, layout);
    if (created) return { splices: [created], matches: 0, again: true };
  }
  const splices = parents.map((p) => appendChildren(doc.text, elementOf(p), [child], layout));
  return { splices, matches: 0 };
}

/** Computes the splices of one edit against the current document. */
export function planEdit(doc: XmlDocument, edit: XmlEdit, scope: XPathScope, layout: Layout): EditStep {
  const matches = evaluateXPath(edit.path, scope);
  const text = doc.text;
  if (edit.fragment !== undefined) return fragmentStep(doc, edit, matches, scope, layout);

  if (edit.state === 'absent') {
    const splices: Splice[] = [];
    for (const m of matches) {
      if (m.kind === 'attr') splices.push(removeAttrSplice(m.attr));
      else if (edit.attribute !== undefined) {
        const a = elementOf(m).attrs.find((x) => x.name === edit.attribute);
        if (a) splices.push(removeAttrSplice(a));
      } else if (m.kind === 'element') {
        if (m === doc.root) throw new CarbonPlayError('module', `cannot remove the root element (matched by ${edit.xpath})`);
        splices.push(removeElementSplice(text, m));
      }
    }
    // A removed element's removed descendants are already gone with it.
    const outer = splices.filter((s) => !splices.some((o) => o !== s && o.start <= s.start && s.end <= o.end && (o.start !== s.start || o.end !== s.end)));
    return { splices: outer, matches: matches.length };
  }

  const wantsNode = edit.value !== undefined || edit.add_children !== undefined || edit.set_children !== undefined || edit.attribute === undefined;
  if (matches.length === 0 && wantsNode) {
    // The new element carries its value at once, so the second round finds nothing left to do.
    const fill = edit.value === undefined ? undefined : (leaf: Shape): void => {
      const v = scalarText(edit.value);
      if (edit.attribute === undefined) leaf.text = v;
      else leaf.attrs = [...leaf.attrs.filter(([k]) => k !== edit.attribute), [edit.attribute, v]];
    };
    const created = createPathSplice(doc, edit.path, edit.xpath, scope, layout, fill);
    if (created) return { splices: [created], matches: 0, again: true };
  }

  const splices: Splice[] = [];
  const wanted = edit.set_children ? children(edit, edit.set_children) : undefined;
  const added = edit.add_children ? children(edit, edit.add_children) : undefined;
  for (const m of matches) {
    const el = elementOf(m);
    let s: Splice | null = null;
    if (wanted) {
      const same = JSON.stringify(elementChildren(el).map((c) => shapeKey(shapeOf(c)))) === JSON.stringify(wanted.map((c) => shapeKey(c.shape)));
      s = same && textOf(el).trim() === '' ? null : replaceChildren(text, el, wanted, layout);
    } else if (added) s = appendChildren(text, el, added, layout);
    else if (edit.value !== undefined) {
      const v = scalarText(edit.value);
      if (m.kind === 'attr') s = setAttr(text, el, m.attr.name, v, layout);
      else if (edit.attribute !== undefined) s = setAttr(text, el, edit.attribute, v, layout);
      else splices.push(...setText(text, el, v, layout, edit.xpath));
    }
    if (s) splices.push(s);
  }
  return { splices, matches: matches.length };
}
