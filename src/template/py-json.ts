// Python's json.dumps, byte for byte: ', ' and ': ' separators, \uXXXX for non-ASCII, indent and sort_keys options.

import { pyNumber } from './py-text.js';
import { isMissing, templateError } from './values.js';

export interface JsonOptions {
  indent?: number | string | null;
  sortKeys?: boolean;
  separators?: [string, string];
  ensureAscii?: boolean;
}

function quote(s: string, ascii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function pyJsonDumps(value: unknown, opts: JsonOptions = {}): string {
  const ascii = opts.ensureAscii ?? true;
  const indent = opts.indent === undefined || opts.indent === null ? null : typeof opts.indent === 'number' ? ' '.repeat(opts.indent) : opts.indent;
  const [itemSep, keySep] = opts.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const dump = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return Number.isFinite(v) ? pyNumber(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    if (typeof v === 'string') return quote(v, ascii);
    if (isMissing(v)) throw templateError(`'${v.name}' is undefined`);
    const entries: [string | null, unknown][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v as object);
    if (!Array.isArray(v) && opts.sortKeys) entries.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return open + close;
    const parts = entries.map(([k, x]) => (k === null ? '' : quote(k, ascii) + keySep) + dump(x, level + 1));
    if (indent === null) return open + parts.join(itemSep) + close;
    const pad = '\n' + indent.repeat(level + 1);
    return open + pad + parts.join(itemSep + pad) + '\n' + indent.repeat(level) + close;
  };
  return dump(value, 0);
}
