// XML escaping of new values and decoding of entity references in existing text.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes `&amp;`, `&#NN;`, `&#xNN;` and friends. Returns the offset (relative to `raw`) of the
 * first bad reference instead when one is found; unknown names are kept as written when `lenient`.
 */
export function decodeEntities(raw: string, lenient: boolean): string | { badAt: number; ref: string } {
  if (raw.indexOf('&') === -1) return raw;
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', i);
    const ref = semi === -1 ? '' : raw.slice(i + 1, semi);
    let ch: string | undefined;
    if (/^#[0-9]+$/.test(ref)) ch = fromCode(parseInt(ref.slice(1), 10));
    else if (/^#x[0-9a-fA-F]+$/.test(ref)) ch = fromCode(parseInt(ref.slice(2), 16));
    else if (/^[A-Za-z_][\w.-]*$/.test(ref)) ch = NAMED[ref] ?? (lenient ? `&${ref};` : undefined);
    if (ch === undefined) return { badAt: i, ref: raw.slice(i, semi === -1 ? Math.min(raw.length, i + 10) : semi + 1) };
    out += raw.slice(last, i) + ch;
    last = semi + 1;
  }
  return out + raw.slice(last);
}

function fromCode(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** Escapes text content; characters above `maxChar` (0xFF for ISO-8859-1) become character references. */
export function escapeText(s: string, maxChar: number): string {
  return limitChars(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), maxChar);
}

/** Escapes an attribute value for the given quote; newlines and tabs stay values, not whitespace. */
export function escapeAttr(s: string, quote: '"' | "'", maxChar: number): string {
  let e = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  e = quote === '"' ? e.replace(/"/g, '&quot;') : e.replace(/'/g, '&apos;');
  e = e.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  return limitChars(e, maxChar);
}

export function limitChars(s: string, maxChar: number): string {
  if (maxChar >= 0x10ffff) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp > maxChar ? `&#${cp};` : ch;
  }
  return out;
}
