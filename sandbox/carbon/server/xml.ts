// A small XML reader for Carbon's config files: elements, attributes and text; comments and declarations skipped.
import { readFileSync } from 'node:fs';

export interface XmlElement {
  /** Local name: namespace prefixes dropped, as Carbon's namespaced lookups see them. */
  name: string;
  attrs: Record<string, string>;
  /** The name and attributes as written, prefixes kept: namespace-aware readers (Secure Vault's svns:) need them. */
  qname?: string;
  qattrs?: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Decodes the five XML entities and numeric references. */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()];
  });
}

function localName(n: string): string {
  const i = n.indexOf(':');
  return i < 0 ? n : n.slice(i + 1);
}

/** Parses a document; throws with the offending tag when the nesting is broken. */
export function parseXml(src: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  for (const m of src.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) { top.text += m[1]; continue; }
    if (m[6] !== undefined) { top.text += unescapeXml(m[6]); continue; }
    if (m[3] === undefined) continue;
    const name = localName(m[3]);
    if (m[2] === '/') {
      if (top.name !== name) throw new Error(`malformed XML: expected </${top.name}>, got </${name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    const qattrs: Record<string, string> = {};
    for (const a of (m[4] ?? '').matchAll(ATTR)) {
      const value = unescapeXml(a[2] ?? a[3] ?? '');
      attrs[localName(a[1])] = value;
      qattrs[a[1]] = value;
    }
    const el: XmlElement = { name, attrs, qname: m[3], qattrs, children: [], text: '' };
    top.children.push(el);
    if (m[5] !== '/') stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`malformed XML: <${stack[stack.length - 1].name}> is not closed`);
  const doc = root.children[0];
  if (!doc) throw new Error('malformed XML: no root element');
  return doc;
}

/** Reads a file in the encoding its declaration names (carbon.xml is ISO-8859-1). */
export function readXmlFile(path: string): XmlElement {
  const raw = readFileSync(path);
  const head = raw.subarray(0, 100).toString('latin1');
  const latin = /encoding\s*=\s*["']ISO-8859-1["']/i.test(head);
  return parseXml(raw.toString(latin ? 'latin1' : 'utf8'));
}

export function childrenOf(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a path of child names, first match at each step. */
export function childAt(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const p of path) cur = cur?.children.find((c) => c.name === p);
  return cur;
}

/** Trimmed text at a path, or undefined when the element is absent. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  const found = childAt(el, ...path);
  return found ? found.text.trim() : undefined;
}
