// Splits a `when`-style expression into tokens, each with its offset for error positions.

export type TokenType = 'num' | 'str' | 'name' | 'op' | 'eof';
export interface Token {
  type: TokenType;
  value: string | number;
  at: number;
}

/** A syntax error with the offset it was found at (checkExpression maps it to line:col). */
export class SyntaxFail extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const OPS = ['//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.', '|', '~'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      out.push({ type: 'num', value: Number(m[0]), at: start });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      out.push({ type: 'name', value: m[0], at: start });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          s += ESCAPES[text[i + 1]] ?? '\\' + text[i + 1];
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) throw new SyntaxFail('unterminated string', start);
      i++;
      out.push({ type: 'str', value: s, at: start });
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (!op) {
        const hint = c === '{' || c === '}' ? " (wrap the whole condition in '{{ }}' or none of it)" : '';
        throw new SyntaxFail(`unexpected character '${c}'${hint}`, start);
      }
      out.push({ type: 'op', value: op, at: start });
      i += op.length;
    }
  }
  out.push({ type: 'eof', value: '', at: text.length });
  return out;
}
