// New elements from Ansible's YAML forms or XML fragments: a plain shape to render and to compare.
import { CarbonPlayError } from '../core/errors.js';
import { escapeAttr, escapeText } from './escape.js';
import type { Layout } from './layout.js';
import type { XmlElement } from './nodes.js';
import { parseFragment } from './parse.js';

export interface Shape {
  name: string;
  attrs: [string, string][];
  text: string;
  children: Shape[];
}

/** Ansible's scalar → text: booleans as XML spells them. */
export function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new CarbonPlayError('module', `expected a string, number or boolean value, got ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
}

/** `foo` → <foo/>; `{port: 4000}` → <port>4000</port>; `{member: {attr: v, _: [...]}}` → attributes and children. */
export function shapeFromYaml(spec: unknown): Shape {
  if (typeof spec === 'string') return { name: spec, attrs: [], text: '', children: [] };
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || Object.keys(spec).length !== 1) {
    throw new CarbonPlayError('module', `expected a child element as a name or a one-key mapping, got ${JSON.stringify(spec)}`);
  }
  const [name, body] = Object.entries(spec)[0];
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const attrs: [string, string][] = [];
    let children: Shape[] = [];
    let text = '';
    for (const [k, v] of Object.entries(body)) {
      if (k === '_') {
        if (Array.isArray(v)) children = v.map(shapeFromYaml);
        else text = scalarText(v);
      } else attrs.push([k, scalarText(v)]);
    }
    return { name, attrs, text, children };
  }
  if (Array.isArray(body)) return { name, attrs: [], text: '', children: body.map(shapeFromYaml) };
  return { name, attrs: [], text: scalarText(body), children: [] };
}

/** The element as a shape; whitespace-only text, comments and PIs are not significant. */
export function shapeOf(el: XmlElement): Shape {
  let text = '';
  const children: Shape[] = [];
  for (const c of el.children) {
    if (c.kind === 'element') children.push(shapeOf(c));
    else if (c.kind === 'text' || c.kind === 'cdata') text += c.value;
  }
  return { name: el.name, attrs: el.attrs.map((a) => [a.name, a.value]), text: text.trim(), children };
}

export function shapeFromFragment(xml: string): Shape {
  return shapeOf(parseFragment(xml, 'fragment'));
}

/** A key equal for shapes that differ only in whitespace and attribute order. */
export function shapeKey(s: Shape): string {
  const attrs = [...s.attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([s.name, attrs, s.text.trim(), s.children.map(shapeKey)]);
}

/** Renders a shape at `indent` (the first line carries no indent: the caller has placed it). */
export function renderShape(s: Shape, indent: string, layout: Layout): string {
  const attrs = s.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v, '"', layout.maxChar)}"`).join('');
  if (s.children.length === 0) {
    return s.text === '' ? `<${s.name}${attrs}/>` : `<${s.name}${attrs}>${escapeText(s.text, layout.maxChar)}</${s.name}>`;
  }
  const inner = indent + layout.step;
  const kids = s.children.map((c) => layout.eol + inner + renderShape(c, inner, layout)).join('');
  return `<${s.name}${attrs}>${kids}${layout.eol}${indent}</${s.name}>`;
}

/** A user's fragment text, re-indented to `indent` with the file's line ending; its inner layout is kept. */
export function reindentFragment(xml: string, indent: string, layout: Layout): string {
  const lines = xml.trim().split(/\r?\n/);
  const rest = lines.slice(1).filter((l) => l.trim() !== '');
  const base = rest.length === 0 ? 0 : Math.min(...rest.map((l) => l.length - l.trimStart().length));
  return lines.map((l, i) => (i === 0 ? l : l.trim() === '' ? '' : indent + l.slice(base))).join(layout.eol);
}
