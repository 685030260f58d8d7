// Runs a list of edits over one file's bytes: decode, parse, splice edit by edit, encode — never re-serialised.
import { CarbonPlayError } from '../core/errors.js';
import { decodeXml, encodeXml, type XmlEncoding } from './encoding.js';
import { detectLayout } from './layout.js';
import type { XmlDocument } from './nodes.js';
import { planEdit, type XmlEdit } from './operations.js';
import { parseXml } from './parse.js';
import { applySplices, type Splice } from './splice.js';
import { evaluateXPath } from './xpath-eval.js';

export interface EditedXml {
  before: string;
  after: string;
  encoding: XmlEncoding;
  /** Matches per edit, in order. */
  matches: number[];
  /** The bytes to write; null when nothing changed. */
  bytes: Buffer | null;
}

function reparse(text: string, file: string, edit: XmlEdit): XmlDocument {
  try {
    return parseXml(text, file);
  } catch (err) {
    const why = err instanceof CarbonPlayError ? err.message : String(err);
    throw new CarbonPlayError('internal', `edit ${edit.xpath} would leave ${file} malformed: ${why}`, {}, { cause: err });
  }
}

function isStructural(e: XmlEdit): boolean {
  return e.state === 'absent' || e.fragment !== undefined || e.add_children !== undefined || e.set_children !== undefined;
}

function overlaps(a: Splice[], b: Splice[]): boolean {
  return a.some((x) => b.some((y) => x.start <= y.end && y.start <= x.end));
}

function readsPending(reads: number[], pending: Splice[]): boolean {
  // Strict: a change right after a start tag has not changed what reading the start tag saw.
  for (let i = 0; i < reads.length; i += 2) if (pending.some((p) => p.start < reads[i + 1] && reads[i] < Math.max(p.end, p.start + 1))) return true;
  return false;
}

/** Applies `edits` in order to the document in `bytes`; throws CarbonPlayError naming the file on bad XML. */
export function editXmlBytes(bytes: Buffer, file: string, edits: readonly XmlEdit[], namespaces: Readonly<Record<string, string>>): EditedXml {
  const { text: before, encoding } = decodeXml(bytes, file);
  let doc = parseXml(before, file);
  const layout = detectLayout(doc, encoding.maxChar);
  const matches: number[] = [];
  // Value and attribute changes are batched against one parse; anything that adds or removes nodes,
  // or an edit that reads text a pending change touches, applies the batch and re-parses first.
  let pending: Splice[] = [];
  let pendingEdit: XmlEdit | undefined;
  const flush = (): void => {
    if (pending.length > 0) doc = reparse(applySplices(doc.text, pending), file, pendingEdit!);
    pending = [];
  };
  let mustParse = false;
  for (const edit of edits) {
    if (mustParse) (flush(), (mustParse = false));
    let count = 0;
    // A missing path is created first, then the same edit runs again on the new text.
    for (let round = 0; round < 4; round++) {
      const reads: number[] = [];
      const step = planEdit(doc, edit, { doc, namespaces, reads }, layout);
      if (pending.length > 0 && (overlaps(step.splices, pending) || readsPending(reads, pending))) {
        flush();
        continue;
      }
      count = step.matches;
      pending.push(...step.splices);
      pendingEdit = edit;
      if (step.again) flush();
      if (!step.again) break;
    }
    // Later edits must see added or removed nodes: parse again before the next one (not after the last).
    mustParse = isStructural(edit) && pending.length > 0;
    if (edit.fragment !== undefined && edit.state === 'present') {
      flush();
      if (evaluateXPath(edit.path, { doc, namespaces }).length === 0) {
        throw new CarbonPlayError('module', `fragment does not match its own xpath ${edit.xpath}: a second run would add it again`);
      }
    }
    matches.push(count);
  }
  // The last batch is not re-parsed: values are escaped and fragments were parsed before insertion.
  const after = pending.length > 0 ? applySplices(doc.text, pending) : doc.text;
  return { before, after, encoding, matches, bytes: after === before ? null : encodeXml(after, encoding) };
}

/** Reads without changing: what `count` and `print_match` report. */
export function matchXmlBytes(bytes: Buffer, file: string, edit: XmlEdit, namespaces: Readonly<Record<string, string>>): string[] {
  const { text } = decodeXml(bytes, file);
  const doc = parseXml(text, file);
  return evaluateXPath(edit.path, { doc, namespaces }).map((n) =>
    n.kind === 'element' ? text.slice(n.start, n.end) : n.kind === 'attr' ? `${n.attr.name}=${JSON.stringify(n.attr.value)}` : n.value,
  );
}
