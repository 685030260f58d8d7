// Splits template text into literal text, `{{ }}` outputs and `{% %}` statements, with Jinja's whitespace rules.

import { SyntaxFail, tokenize, type Token } from './expr-lexer.js';

export type Segment =
  | { type: 'text'; value: string; at: number }
  | { type: 'out' | 'stmt'; tokens: Token[]; at: number };

export interface LexOptions {
  /** Drop the first newline after a block or comment tag (Ansible turns it on). */
  trimBlocks: boolean;
  /** Drop spaces and tabs before a block or comment tag that starts a line. */
  lstripBlocks: boolean;
}

const OPEN = /\{\{|\{%|\{#/g;

/** Python's str.splitlines joined with '\n': what Jinja does to a template's source before lexing (one final newline dropped). */
export function normalizeNewlines(text: string): string {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** A tag's tokens; a tag never closed is reported at its opening brace. */
function tokenizeTag(src: string, start: number, stops: string[], at: number): ReturnType<typeof tokenize> {
  try {
    return tokenize(src, start, stops);
  } catch (e) {
    if (e instanceof SyntaxFail && e.offset >= src.length) throw new SyntaxFail(`'${src.slice(at, at + 2)}' is never closed (expected '${stops[stops.length - 1]}')`, at);
    throw e;
  }
}

export function lexTemplate(src: string, opts: LexOptions): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let stripNext = false;
  let trimNext = false;
  const pushText = (value: string, at: number) => {
    let v = value;
    if (stripNext) v = v.replace(/^\s+/, '');
    else if (trimNext && v.startsWith('\n')) v = v.slice(1);
    stripNext = trimNext = false;
    if (v) out.push({ type: 'text', value: v, at });
  };
  const stripBefore = () => {
    const last = out[out.length - 1];
    if (last?.type !== 'text') return;
    last.value = last.value.replace(/\s+$/, '');
    if (!last.value) out.pop();
  };
  const lstrip = () => {
    const last = out[out.length - 1];
    if (last?.type !== 'text') return;
    const m = /(^|\n)[ \t]+$/.exec(last.value);
    if (m && (m[1] || out.length === 1 || last.at === 0)) last.value = last.value.slice(0, last.value.length - m[0].length + m[1].length);
  };
  const afterTag = (close: string, end: number): number => {
    if (close.startsWith('-')) stripNext = true;
    else if (opts.trimBlocks && !close.startsWith('+')) trimNext = true;
    return end + close.length;
  };

  for (;;) {
    OPEN.lastIndex = i;
    const m = OPEN.exec(src);
    if (!m) {
      pushText(src.slice(i), i);
      return out;
    }
    pushText(src.slice(i, m.index), i);
    const at = m.index;
    let p = at + 2;
    const sign = src[p];
    if (sign === '-') {
      stripBefore();
      p++;
    } else if (sign === '+') p++;
    else if (m[0] !== '{{' && opts.lstripBlocks) lstrip();

    if (m[0] === '{#') {
      const close = /-?#\}/g;
      close.lastIndex = p;
      const c = close.exec(src);
      if (!c) throw new SyntaxFail('missing end of comment tag', at);
      i = afterTag(c[0], c.index);
      continue;
    }
    if (m[0] === '{%') {
      const raw = /^\s*raw\s*([-+]?)%\}/.exec(src.slice(p, p + 64));
      if (raw) {
        i = rawBlock(src, at, p + raw[0].length, raw[1], out, opts);
        continue;
      }
    }
    const stops = m[0] === '{{' ? ['-}}', '}}'] : ['-%}', '+%}', '%}'];
    const lexed = tokenizeTag(src, p, stops, at);
    if (lexed.tokens.length === 1) throw new SyntaxFail(m[0] === '{{' ? "expected an expression in '{{ }}'" : "expected a statement in '{% %}'", at);
    out.push({ type: m[0] === '{{' ? 'out' : 'stmt', tokens: lexed.tokens, at });
    const close = stops.find((s) => src.startsWith(s, lexed.end))!;
    if (m[0] === '{{') {
      if (close.startsWith('-')) stripNext = true;
      i = lexed.end + close.length;
    } else i = afterTag(close, lexed.end);
  }

  /** `{% raw %}…{% endraw %}`: the content is text, whatever it holds. */
  function rawBlock(text: string, at: number, start: number, sign: string, segs: Segment[], o: LexOptions): number {
    const end = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;
    end.lastIndex = start;
    const e = end.exec(text);
    if (!e) throw new SyntaxFail("missing '{% endraw %}'", at);
    let body = text.slice(start, e.index);
    if (sign === '-') body = body.replace(/^\s+/, '');
    else if (o.trimBlocks && sign !== '+' && body.startsWith('\n')) body = body.slice(1);
    if (e[1] === '-') body = body.replace(/\s+$/, '');
    stripNext = trimNext = false;
    if (body) segs.push({ type: 'text', value: body, at: start });
    if (e[2] === '-') stripNext = true;
    else if (o.trimBlocks && e[2] !== '+') trimNext = true;
    return e.index + e[0].length;
  }
}
