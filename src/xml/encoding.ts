// Bytes ↔ text by the file's own declaration: ISO-8859-1 stays ISO-8859-1, a UTF-8 BOM stays.
import { CarbonPlayError } from '../core/errors.js';

export interface XmlEncoding {
  /** Node's name for the byte encoding. */
  node: 'utf8' | 'latin1';
  bom: boolean;
  /** The highest code point the file can hold; above it new values become `&#N;`. */
  maxChar: number;
}

const DECL = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

function encodingFor(name: string, file: string): XmlEncoding {
  const n = name.toLowerCase();
  if (n === 'utf-8' || n === 'utf8') return { node: 'utf8', bom: false, maxChar: 0x10ffff };
  // windows-1252 differs from latin1 only in 0x80–0x9F: keeping bytes as they are is still exact.
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252'].includes(n)) return { node: 'latin1', bom: false, maxChar: 0xff };
  if (n === 'us-ascii' || n === 'ascii') return { node: 'latin1', bom: false, maxChar: 0x7f };
  throw new CarbonPlayError('module', `expected a UTF-8, ISO-8859-1 or ASCII file, got encoding "${name}"`, { path: file });
}

/** Decodes a file's bytes, reading the encoding from its XML declaration (UTF-8 when there is none). */
export function decodeXml(bytes: Buffer, file: string): { text: string; encoding: XmlEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.toString('utf8', 3), encoding: { node: 'utf8', bom: true, maxChar: 0x10ffff } };
  }
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new CarbonPlayError('module', `expected a UTF-8, ISO-8859-1 or ASCII file, got UTF-16 (${file})`);
  }
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 256));
  const m = DECL.exec(head);
  const encoding = m ? encodingFor(m[1], file) : encodingFor('utf-8', file);
  const text = bytes.toString(encoding.node);
  if (encoding.node === 'utf8' && text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) {
    throw new CarbonPlayError('module', `expected UTF-8 (no encoding declared), got bytes that are not UTF-8 in ${file}`);
  }
  return { text, encoding };
}

export function encodeXml(text: string, encoding: XmlEncoding): Buffer {
  const body = Buffer.from(text, encoding.node);
  return encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
