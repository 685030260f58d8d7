// A position-keeping XML parser: well-formedness errors carry line:col, every node keeps its offsets.
import { CarbonPlayError } from '../core/errors.js';
import { decodeEntities } from './escape.js';
import { lineColAt, type XmlAttr, type XmlDocument, type XmlElement, type XmlNode } from './nodes.js';

// Char-code scanning, not regexes: a document is re-parsed after each changing edit, so this is the hot path.
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
const EMPTY_NS: ReadonlyMap<string, string> = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

class Parser {
  pos = 0;
  constructor(readonly text: string, readonly file: string, readonly lenient = false) {}

  fail(message: string, at = this.pos): never {
    const { line, col } = lineColAt(this.text, at);
    throw new CarbonPlayError('module', `${message} (XML is not well-formed)`, { loc: { file: this.file, line, col } });
  }

  name(): string {
    const t = this.text;
    const start = this.pos;
    if (!isNameStart(t.charCodeAt(start))) this.fail(`expected a name, got ${this.describeHere()}`);
    let i = start + 1;
    while (i < t.length && isNameChar(t.charCodeAt(i))) i++;
    this.pos = i;
    return t.slice(start, i);
  }

  ws(): number {
    const t = this.text;
    const start = this.pos;
    let i = start;
    for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++i));
    this.pos = i;
    return i - start;
  }

  describeHere(): string {
    return this.pos >= this.text.length ? 'end of file' : JSON.stringify(this.text.slice(this.pos, this.pos + 12));
  }

  /** Offset of `close` from pos; a missing one is reported where the construct opened. */
  until(close: string, what: string, openedAt: number): number {
    const end = this.text.indexOf(close, this.pos);
    if (end === -1) this.fail(`unterminated ${what}: expected "${close}", got end of file`, openedAt);
    return end;
  }

  decode(raw: string, at: number): string {
    const d = decodeEntities(raw, this.lenient);
    if (typeof d === 'string') return d;
    return this.fail(`expected an entity reference like &amp; or &#38;, got ${JSON.stringify(d.ref)}`, at + d.badAt);
  }

  /** Comment, PI, CDATA, DOCTYPE or declaration starting at pos (which is at `<`); null when none. */
  markup(inProlog: boolean): XmlNode | null {
    const t = this.text;
    const start = this.pos;
    if (t.startsWith('<!--', start)) {
      this.pos += 4;
      const end = this.until('--', 'comment', start);
      if (t[end + 2] !== '>') this.fail('"--" is not allowed inside a comment', end);
      this.pos = end + 3;
      return { kind: 'comment', start, end: this.pos };
    }
    if (t.startsWith('<?', start)) {
      this.pos += 2;
      const target = this.name();
      const end = this.until('?>', 'processing instruction', start);
      const isDecl = target === 'xml';
      if (isDecl && start !== 0) this.fail('the XML declaration must be at the very start of the file', start);
      this.pos = end + 2;
      return { kind: isDecl ? 'decl' : 'pi', start, end: this.pos };
    }
    if (t.startsWith('<![CDATA[', start)) {
      if (inProlog) this.fail('CDATA outside the root element');
      this.pos += 9;
      const end = this.until(']]>', 'CDATA section', start);
      this.pos = end + 3;
      return { kind: 'cdata', start, end: this.pos, value: t.slice(start + 9, end) };
    }
    if (t.startsWith('<!DOCTYPE', start)) {
      if (!inProlog) this.fail('DOCTYPE inside an element');
      let depth = 0;
      for (let i = start + 9; i < t.length; i++) {
        const c = t[i];
        if (c === '"' || c === "'") {
          i = t.indexOf(c, i + 1);
          if (i === -1) break;
        } else if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth === 0) {
          this.pos = i + 1;
          return { kind: 'doctype', start, end: this.pos };
        }
      }
      this.fail('unterminated DOCTYPE');
    }
    return null;
  }

  startTag(parent: XmlElement | null): XmlElement {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    const name = this.name();
    const attrs: XmlAttr[] = [];
    for (;;) {
      const wsStart = this.pos;
      const gap = this.ws();
      const c = t[this.pos];
      if (c === '>' || (c === '/' && t[this.pos + 1] === '>')) break;
      if (c === undefined) this.fail(`unterminated start tag <${name}>`, start);
      if (gap === 0) this.fail(`expected whitespace, ">" or "/>" in <${name}>, got ${this.describeHere()}`);
      const aStart = this.pos;
      const aName = this.name();
      this.ws();
      if (t[this.pos] !== '=') this.fail(`expected "=" after attribute ${aName}, got ${this.describeHere()}`);
      this.pos++;
      this.ws();
      const quote = t[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`expected a quoted value for attribute ${aName}, got ${this.describeHere()}`);
      const valueStart = ++this.pos;
      const valueEnd = this.until(quote, `attribute value of ${aName}`, aStart);
      const lt = t.indexOf('<', valueStart);
      if (lt !== -1 && lt < valueEnd) this.fail(`"<" is not allowed in attribute ${aName}`, lt);
      if (attrs.some((a) => a.name === aName)) this.fail(`attribute ${aName} appears twice in <${name}>`, aStart);
      this.pos = valueEnd + 1;
      const value = this.decode(t.slice(valueStart, valueEnd), valueStart);
      attrs.push({ name: aName, value, wsStart, start: aStart, end: this.pos, valueStart, valueEnd, quote });
    }
    const selfClosing = t[this.pos] === '/';
    this.pos += selfClosing ? 2 : 1;
    let nsMap = parent ? parent.nsMap : EMPTY_NS;
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (nsMap === (parent ? parent.nsMap : EMPTY_NS)) nsMap = new Map(nsMap);
        (nsMap as Map<string, string>).set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const ns = nsMap.get(prefix);
    if (prefix && ns === undefined) this.fail(`namespace prefix "${prefix}" is not declared`, start);
    return {
      kind: 'element', name, prefix, local: name.slice(colon + 1), ns: ns ?? '', attrs, children: [], parent,
      start, openEnd: this.pos, closeStart: this.pos, end: this.pos, selfClosing, nsMap,
    };
  }

  element(): XmlElement {
    const t = this.text;
    const root = this.startTag(null);
    if (root.selfClosing) return root;
    const stack: XmlElement[] = [root];
    while (stack.length > 0) {
      const cur = stack[stack.length - 1];
      const lt = t.indexOf('<', this.pos);
      if (lt === -1) this.fail(`expected </${cur.name}>, got end of file (element opened here)`, cur.start);
      if (lt > this.pos) {
        const raw = t.slice(this.pos, lt);
        cur.children.push({ kind: 'text', start: this.pos, end: lt, value: this.decode(raw, this.pos) });
        this.pos = lt;
      }
      if (t[lt + 1] === '/') {
        const closeStart = lt;
        this.pos += 2;
        const name = this.name();
        if (name !== cur.name) this.fail(`expected </${cur.name}>, got </${name}>`, closeStart);
        this.ws();
        if (t[this.pos] !== '>') this.fail(`expected ">" to end </${name}>, got ${this.describeHere()}`);
        this.pos++;
        cur.closeStart = closeStart;
        cur.end = this.pos;
        stack.pop();
        continue;
      }
      const m = t[lt + 1] === '!' || t[lt + 1] === '?' ? this.markup(false) : null;
      if (m) {
        if (m.kind === 'decl') this.fail('XML declaration inside an element', m.start);
        cur.children.push(m);
        continue;
      }
      if (t[lt + 1] === '!') this.fail(`expected a comment or CDATA after "<!", got ${this.describeHere()}`);
      const child = this.startTag(cur);
      cur.children.push(child);
      if (!child.selfClosing) stack.push(child);
    }
    return root;
  }
}

/** Parses a whole document; throws CarbonPlayError naming `file` and line:col when not well-formed. */
export function parseXml(text: string, file = '<xml>'): XmlDocument {
  const hasDoctype = text.includes('<!DOCTYPE');
  const p = new Parser(text, file, hasDoctype);
  const children: XmlNode[] = [];
  let root: XmlElement | undefined;
  while (p.pos < text.length) {
    const lt = text.indexOf('<', p.pos);
    const stop = lt === -1 ? text.length : lt;
    if (stop > p.pos) {
      const bad = text.slice(p.pos, stop).search(/[^ \t\r\n]/);
      if (bad !== -1) p.fail(root ? 'text after the root element' : 'text before the root element', p.pos + bad);
      children.push({ kind: 'text', start: p.pos, end: stop, value: text.slice(p.pos, stop) });
      p.pos = stop;
      if (lt === -1) break;
    }
    const m = text[lt + 1] === '!' || text[lt + 1] === '?' ? p.markup(true) : null;
    if (m) {
      if (m.kind === 'doctype' && root) p.fail('DOCTYPE after the root element', m.start);
      children.push(m);
      continue;
    }
    if (root) p.fail(`expected one root element, got a second one <${text.slice(lt + 1, lt + 20).split(/[\s/>]/)[0]}>`, lt);
    if (text[lt + 1] === '/') p.fail('end tag without a start tag', lt);
    root = p.element();
    children.push(root);
  }
  if (!root) return p.fail('expected a root element, got none', text.length);
  return { text, children, root, hasDoctype };
}

/** Parses an XML fragment (one element, as given in `fragment:` or `input_type: xml`). */
export function parseFragment(text: string, what: string): XmlElement {
  const doc = parseXml(text.trim(), what);
  return doc.root;
}
