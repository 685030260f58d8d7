// Splits a Jinja expression into tokens, each with its offset (in the whole file or value) for error positions.

export type TokenType = 'num' | 'str' | 'name' | 'op' | 'eof';
export interface Token {
  type: TokenType;
  value: string | number;
  at: number;
  /** A number written with a dot or an exponent: Python prints it as a float (`1.0`). */
  float?: boolean;
}

/** A syntax error with the offset it was found at (callers map it to line:col). */
export class SyntaxFail extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const OPS = ['**', '//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', '.', '|', '~', ':', '='];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export interface Lexed {
  tokens: Token[];
  /** Offset just past the expression (where the closing delimiter starts, or the text's end). */
  end: number;
}

/**
 * Tokens from `start` until one of `stops` appears outside brackets (`}}`, `%}`), or the end of `text` when
 * there are none. The eof token sits at the stop.
 */
export function tokenize(text: string, start = 0, stops: string[] = []): Lexed {
  const out: Token[] = [];
  const depth: string[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (depth.length === 0 && stops.some((s) => text.startsWith(s, i))) return finish(out, i);
    const at = i;
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64))!;
      out.push({ type: 'num', value: Number(m[0].replaceAll('_', '')), at, float: m[1] !== undefined || m[2] !== undefined });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))!;
      out.push({ type: 'name', value: m[0], at });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      const [value, next] = readString(text, i);
      out.push({ type: 'str', value, at });
      i = next;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (!op) throw new SyntaxFail(`unexpected character '${c}'`, at);
      if (OPENERS[op]) depth.push(OPENERS[op]);
      else if (op === ')' || op === ']' || op === '}') {
        if (depth.length === 0 && stops.length > 0) throw new SyntaxFail(`unexpected '${op}'`, at);
        if (depth.length > 0 && depth.pop() !== op) throw new SyntaxFail(`unexpected '${op}'`, at);
      }
      out.push({ type: 'op', value: op, at });
      i += op.length;
    }
  }
  if (stops.length > 0) throw new SyntaxFail(`unexpected end of template, expected '${stops[stops.length - 1]}'`, text.length);
  return finish(out, text.length);
}

function finish(out: Token[], end: number): Lexed {
  out.push({ type: 'eof', value: '', at: end });
  return { tokens: out, end };
}

/** A quoted string with Python's escapes; returns the value and the offset after the closing quote. */
function readString(text: string, start: number): [string, number] {
  const q = text[start];
  let s = '';
  let i = start + 1;
  while (i < text.length && text[i] !== q) {
    if (text[i] === '\\' && i + 1 < text.length) {
      const e = text[i + 1];
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex && /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hex)) && text.slice(i + 2, i + 2 + hex).length === hex) {
        s += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hex), 16));
        i += 2 + hex;
      } else if (e === '\n') {
        i += 2;
      } else {
        s += ESCAPES[e] ?? '\\' + e;
        i += 2;
      }
    } else s += text[i++];
  }
  if (i >= text.length) throw new SyntaxFail('unterminated string', start);
  return [s, i + 1];
}
