// Filters on text: case, trim, replace, split, quoting, comments, indentation, regexes, base64, hashes, paths.

import { createHash } from 'node:crypto';
import { basename, dirname, extname } from 'node:path';
import { compilePyRegex, pyFindall, pySub, regexFlags } from './py-regex.js';
import { pyStr, tuple } from './py-text.js';
import { pyFormat } from './py-ops.js';
import type { Filter } from './registry.js';
import { templateError } from './values.js';

const text = (v: unknown): string => pyStr(v);

function capitalize(s: string): string {
  return s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase();
}

/** Python's str.split: no separator splits on runs of whitespace and drops empty ends. */
export function pySplit(s: string, sep?: unknown, max = -1): string[] {
  if (sep === undefined || sep === null) {
    const parts = s.trim() === '' ? [] : s.trim().split(/\s+/);
    if (max < 0 || parts.length <= max + 1) return parts;
    const head = parts.slice(0, max);
    let rest = s.trimStart();
    for (const h of head) rest = rest.slice(rest.indexOf(h) + h.length).trimStart();
    return [...head, rest];
  }
  const sp = text(sep);
  if (sp === '') throw templateError('empty separator');
  const parts = s.split(sp);
  return max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(sp)];
}

/** Jinja's indent: later lines get the prefix (empty ones only with `blank`), the first one only with `first`. */
function indent(s: string, width: unknown = 4, first = false, blank = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const lines = (s + '\n').split(/\r\n|\r|\n/).slice(0, -1);
  let out: string;
  if (blank) out = lines.join('\n' + pad);
  else {
    out = lines[0] ?? '';
    if (lines.length > 1) out += '\n' + lines.slice(1).map((l) => (l ? pad + l : l)).join('\n');
  }
  return first ? pad + out : out;
}

function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

interface CommentStyle {
  beginning?: string;
  decoration: string;
  end?: string;
}
const COMMENT_STYLES: Record<string, CommentStyle> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

/** Ansible's comment filter, with its parameters (prefix, postfix, counts, newline). */
function comment(s: string, style = 'plain', kw: Record<string, unknown> = {}): string {
  const st = COMMENT_STYLES[style];
  if (!st) throw templateError(`comment: unknown style '${style}'`);
  const deco = kw.decoration !== undefined ? text(kw.decoration) : st.decoration;
  const p: Record<string, unknown> = { newline: '\n', beginning: '', prefix: deco.trimEnd(), prefix_count: 1, postfix: deco.trimEnd(), postfix_count: 1, end: '', ...st, ...kw };
  const nl = text(p.newline);
  const d = text(p.decoration);
  const beginning = p.beginning ? `${text(p.beginning)}${nl}` : '';
  let prefix = '';
  if (p.prefix) prefix = (text(p.prefix) !== nl ? `${text(p.prefix)}${nl}` : nl).repeat(Number(p.prefix_count));
  const body = `${d}${s.split(nl).join(`${nl}${d}`)}`.split(`${d}${nl}`).join(`${d.trimEnd()}${nl}`);
  const postfix = ['', ...Array.from({ length: Number(p.postfix_count) }, () => text(p.postfix))].join(nl);
  const end = p.end ? `${nl}${text(p.end)}` : '';
  return beginning + prefix + body + postfix + end;
}

function hashOf(v: unknown, algo: string): string {
  try {
    return createHash(algo).update(text(v), 'utf8').digest('hex');
  } catch {
    throw templateError(`hash: unsupported hash type '${algo}'`);
  }
}

function regexSearch(v: unknown, pattern: unknown, args: unknown[], kw: Record<string, unknown>): unknown {
  const m = compilePyRegex(text(pattern), regexFlags(kw)).exec(text(v));
  if (!m) return null;
  if (args.length === 0) return m[0];
  return args.map((a) => {
    const g = /^\\g<(\S+)>$/.exec(text(a));
    if (g) return /^\d+$/.test(g[1]) ? m[Number(g[1])] : m.groups?.[g[1]];
    const n = /^\\(\d+)$/.exec(text(a));
    if (!n) throw templateError('regex_search: unknown argument');
    return m[Number(n[1])] ?? null;
  });
}

export const TEXT_FILTERS: Record<string, Filter> = {
  lower: (v) => text(v).toLowerCase(),
  upper: (v) => text(v).toUpperCase(),
  capitalize: (v) => capitalize(text(v)),
  title: (v) => text(v).replace(/[A-Za-z0-9]+('[A-Za-z]+)?/g, (w) => capitalize(w)),
  trim: (v, [chars]) => (chars === undefined ? text(v).trim() : text(v).replace(new RegExp(`^[${escapeClass(text(chars))}]+|[${escapeClass(text(chars))}]+$`, 'g'), '')),
  replace: (v, [from, to, count]) => replaceN(text(v), text(from), text(to), count === undefined ? -1 : Number(count)),
  split: (v, [sep, max]) => pySplit(text(v), sep, max === undefined ? -1 : Number(max)),
  quote: (v) => shellQuote(v === null ? '' : text(v)),
  comment: (v, [style], kw) => comment(text(v), style === undefined ? 'plain' : text(style), kw),
  indent: (v, [width, first, blank], kw) => indent(text(v), kw.width ?? width ?? 4, Boolean(kw.first ?? first), Boolean(kw.blank ?? blank)),
  center: (v, [width = 80]) => {
    const s = text(v);
    const total = Math.max(0, Number(width) - s.length);
    const left = Math.floor(total / 2) + (total & Number(width) & 1);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  format: (v, args) => pyFormat(text(v), args),
  wordcount: (v) => (text(v).match(/\w+/gu) ?? []).length,
  regex_replace: (v, [pattern = '', repl = '', ignorecase, multiline], kw) => pySub(text(v), text(pattern), text(repl), regexFlags(kw, multiline, ignorecase), Number(kw.count ?? 0)),
  regex_search: (v, [pattern, ...args], kw) => regexSearch(v, pattern, args, kw),
  regex_findall: (v, [pattern, multiline, ignorecase], kw) => pyFindall(text(v), text(pattern), regexFlags(kw, multiline, ignorecase)),
  regex_escape: (v) => text(v).replace(/[^A-Za-z0-9_]/g, (c) => (c.charCodeAt(0) > 127 ? c : `\\${c}`)),
  b64encode: (v) => Buffer.from(text(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(text(v), 'base64').toString('utf8'),
  hash: (v, [algo = 'sha1']) => hashOf(v, text(algo)),
  checksum: (v) => hashOf(v, 'sha1'),
  sha1: (v) => hashOf(v, 'sha1'),
  md5: (v) => hashOf(v, 'md5'),
  basename: (v) => (text(v).endsWith('/') ? '' : basename(text(v))),
  dirname: (v) => (text(v).includes('/') ? text(v).replace(/\/[^/]*$/, '') || '/' : ''),
  splitext: (v) => {
    const s = text(v);
    const ext = extname(s);
    return tuple([s.slice(0, s.length - ext.length), ext]);
  },
  expanduser: (v) => text(v).replace(/^~(?=\/|$)/, process.env.HOME ?? '~'),
  string: (v) => text(v),
};

function escapeClass(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&');
}

function replaceN(s: string, from: string, to: string, count: number): string {
  if (count < 0) return s.split(from).join(to);
  let out = '';
  let rest = s;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + from.length);
  }
  return out + rest;
}

