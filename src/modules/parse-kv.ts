// `key=value` module arguments as Ansible reads them (parse_kv / split_args): quotes, `{{ }}` kept whole, `=` in values, `\` escapes.

/** Keys that stay arguments in a command/shell free form; any other `k=v` word is part of the command line. */
export const RAW_GUARD_KEYS = ['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends'];

export class KvSyntaxError extends Error {}

/** Which quote is open after `token`, given the one open before it (a backslash-escaped quote does not count). */
function quoteAfter(token: string, open: string | null): string | null {
  let q = open;
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    if ((c === '"' || c === "'") && token[i - 1] !== '\\') {
      if (q === null) q = c;
      else if (c === q) q = null;
    }
  }
  return q;
}

function depthAfter(token: string, depth: number, open: string, close: string): number {
  // `{{#if}}` (a handlebars block) is not a Jinja comment opener.
  const opens = open === '{#' ? token.split(/(?<!\{)\{#/).length - 1 : token.split(open).length - 1;
  const closes = token.split(close).length - 1;
  return opens === closes ? depth : Math.max(0, depth + opens - closes);
}

/** Splits on spaces and newlines, keeping quoted text and Jinja2 blocks in one word; quotes stay in the words. */
export function splitArgs(text: string): string[] {
  const params: string[] = [];
  const lines = text.split('\n');
  let quote: string | null = null;
  let depths = [0, 0, 0];
  const pairs: [string, string][] = [['{{', '}}'], ['{%', '%}'], ['{#', '#}']];
  const appendToLast = (s: string) => {
    if (params.length === 0) params.push(s);
    else params[params.length - 1] += s;
  };
  lines.forEach((line, lineIdx) => {
    const tokens = line.split(' ');
    let continuation = false;
    tokens.forEach((token, idx) => {
      // A run of spaces stays on the word before it (a command line keeps its spacing; k=v values are trimmed).
      if (token.length === 0 && idx !== 0) {
        if (params.length === 0) throw new KvSyntaxError(`expected no leading run of spaces, got ${JSON.stringify(text)}`);
        appendToLast(' ');
        return;
      }
      if (token === '\\' && quote === null) {
        continuation = true;
        return;
      }
      const wasQuoted = quote !== null;
      quote = quoteAfter(token, quote);
      const inQuotes = quote !== null;
      const inBlock = depths.some((d) => d > 0);
      let appended = false;
      if (inQuotes && !wasQuoted && !inBlock) {
        params.push(token);
        appended = true;
      } else if (inBlock || inQuotes || wasQuoted) {
        if (idx === 0 && wasQuoted) appendToLast(token);
        else if (tokens.length > 1) appendToLast((idx > 0 ? ' ' : '') + token);
        else appendToLast('\n' + token);
        appended = true;
      }
      depths = depths.map((d, i) => {
        const next = depthAfter(token, d, pairs[i]![0], pairs[i]![1]);
        if (next !== d && !appended) {
          params.push(token);
          appended = true;
        }
        return next;
      });
      if (!depths.some((d) => d > 0) && quote === null && !appended && token !== '') params.push(token);
    });
    if (lines.length > 1 && lineIdx !== lines.length - 1 && !continuation && params.length > 0) params[params.length - 1] += '\n';
  });
  if (quote !== null || depths.some((d) => d > 0)) {
    throw new KvSyntaxError(`expected balanced quotes and {{ }} blocks, got ${JSON.stringify(text)}`);
  }
  return params;
}

/** Joins words back, without a space after a newline. */
export function joinArgs(words: string[]): string {
  return words.reduce((acc, w) => (acc === '' || acc.endsWith('\n') ? acc + w : `${acc} ${w}`), '');
}

function isQuoted(s: string): boolean {
  return s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\';
}

export function unquote(s: string): string {
  return isQuoted(s) ? s.slice(1, -1) : s;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The escapes Ansible decodes in each word (\n, \t, \\, \", \xNN, \uNNNN); `\1` stays, for regexp back-references. */
function decodeEscapes(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (_m, seq: string) => {
    if (/^[Uux]/.test(seq)) return String.fromCodePoint(parseInt(seq.slice(1), 16));
    return SIMPLE_ESCAPES[seq]!;
  });
}

/**
 * `k=v k2="a b"` → `{k: 'v', k2: 'a b'}`. Words without an unescaped `=` go, as written, to `_raw_params`.
 * With `checkRaw` (command, shell) only the guard keys are taken out; other `k=v` words stay in the command line.
 */
export function parseKv(text: string, checkRaw = false): Record<string, string> {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const word of splitArgs(text)) {
    const x = decodeEscapes(word);
    let pos = -1;
    for (let i = 1; i < x.length; i++) {
      if (x[i] === '=' && x[i - 1] !== '\\') {
        pos = i;
        break;
      }
    }
    if (pos < 0) {
      raw.push(x.includes('=') ? x.replace(/\\=/g, '=') : word);
      continue;
    }
    const key = x.slice(0, pos);
    if (checkRaw && !RAW_GUARD_KEYS.includes(key)) raw.push(word);
    else options[key.trim()] = unquote(x.slice(pos + 1).trim());
  }
  if (raw.length > 0) options._raw_params = joinArgs(raw);
  return options;
}
