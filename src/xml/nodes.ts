// The XML tree: every node keeps its offsets in the original text, so edits are splices of that text.

export interface XmlAttr {
  /** Qualified name as written (`xmlns:svns`, `enable`). */
  name: string;
  /** Decoded value (entities resolved). */
  value: string;
  /** Offset of the whitespace before the attribute (removing it removes that too). */
  wsStart: number;
  start: number;
  end: number;
  /** Offsets of the value between the quotes. */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'";
}

export interface XmlElement {
  kind: 'element';
  /** Qualified name as written. */
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI, '' when none. */
  ns: string;
  attrs: XmlAttr[];
  children: XmlNode[];
  parent: XmlElement | null;
  start: number;
  /** Offset just after the `>` of the start tag. */
  openEnd: number;
  /** Offset of the `</` of the end tag; equals openEnd for `<a/>`. */
  closeStart: number;
  end: number;
  selfClosing: boolean;
  /** Prefixes in scope ('' is the default namespace). */
  nsMap: ReadonlyMap<string, string>;
}

export interface XmlText {
  kind: 'text' | 'cdata';
  start: number;
  end: number;
  /** Decoded text. */
  value: string;
}

export interface XmlOther {
  kind: 'comment' | 'pi' | 'doctype' | 'decl';
  start: number;
  end: number;
}

export type XmlNode = XmlElement | XmlText | XmlOther;

export interface XmlDocument {
  text: string;
  /** Prolog, root and epilog nodes, in order. */
  children: XmlNode[];
  root: XmlElement;
  /** True when a DOCTYPE may define entities we do not know. */
  hasDoctype: boolean;
}

export function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** Text and CDATA content, concatenated (what `text()` compares against). */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text' || c.kind === 'cdata') s += c.value;
  return s;
}

export function attrOf(el: XmlElement, name: string): XmlAttr | undefined {
  return el.attrs.find((a) => a.name === name);
}

/** 1-based line and column of an offset. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
