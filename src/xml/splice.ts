// Splices of the original text: the only way an edit changes a file.
import { CarbonPlayError } from '../core/errors.js';
import { indentAt } from './layout.js';
import type { XmlAttr, XmlElement } from './nodes.js';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping splices; identical duplicates (two matches asking for the same change) collapse. */
export function applySplices(text: string, splices: Splice[]): string {
  if (splices.length === 0) return text;
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  let prev: Splice | undefined;
  for (const s of sorted) {
    if (prev && s.start === prev.start && s.end === prev.end && s.text === prev.text) continue;
    if (s.start < last) throw new CarbonPlayError('module', 'expected edits of separate elements, got two edits of the same text (a match inside another match?)');
    out += text.slice(last, s.start) + s.text;
    last = s.end;
    prev = s;
  }
  return out + text.slice(last);
}

/** Removes an element; when it is alone on its line(s) the whole lines go, so no blank line is left. */
export function removeElementSplice(text: string, el: XmlElement): Splice {
  const indent = indentAt(text, el.start);
  let end = el.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (indent !== null && (text[end] === '\n' || (text[end] === '\r' && text[end + 1] === '\n'))) {
    return { start: el.start - indent.length, end: end + (text[end] === '\r' ? 2 : 1), text: '' };
  }
  return { start: el.start, end: el.end, text: '' };
}

export function removeAttrSplice(attr: XmlAttr): Splice {
  return { start: attr.wsStart, end: attr.end, text: '' };
}
