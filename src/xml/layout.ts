// The file's own layout: line ending, indentation of an element's line, and the indentation step.
import type { XmlDocument, XmlElement } from './nodes.js';

export interface Layout {
  eol: '\n' | '\r\n';
  /** One level of indentation, learnt from the file (4 spaces when it shows none). */
  step: string;
  maxChar: number;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** The whitespace before `offset` on its line, or null when something else precedes it there. */
export function indentAt(text: string, offset: number): string | null {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? text.slice(i, offset) : null;
}

function findStep(text: string, el: XmlElement, depth: number): string | null {
  const own = indentAt(text, el.start);
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    const ci = indentAt(text, c.start);
    if (own !== null && ci !== null && ci.length > own.length && ci.startsWith(own)) return ci.slice(own.length);
    if (depth < 3) {
      const s = findStep(text, c, depth + 1);
      if (s) return s;
    }
  }
  return null;
}

export function detectLayout(doc: XmlDocument, maxChar: number): Layout {
  return { eol: detectEol(doc.text), step: findStep(doc.text, doc.root, 0) ?? '    ', maxChar };
}

/** Indentation for a new child of `parent`: like its element children, else the parent's plus one step. */
export function childIndent(text: string, parent: XmlElement, layout: Layout): string {
  for (const c of parent.children) {
    if (c.kind !== 'text' && c.kind !== 'cdata') {
      const ci = indentAt(text, c.start);
      if (ci !== null) return ci;
    }
  }
  return (indentAt(text, parent.start) ?? '') + layout.step;
}
