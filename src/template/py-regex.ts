// Python regular expressions as JavaScript ones: (?P<n>), (?P=n), \A, \Z, inline flags, and \1 / \g<n> replacements.

import { tuple } from './py-text.js';
import { templateError } from './values.js';

/** Compiles a Python pattern; `flags` are JS flags (i, m); a leading `(?im)` adds its own. */
export function compilePyRegex(pattern: string, flags = ''): RegExp {
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  src = src
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(src, flags.includes('u') ? flags : flags + 'u');
  } catch {
    try {
      return new RegExp(src, flags);
    } catch (e) {
      throw templateError(`invalid regular expression '${pattern}': ${(e as Error).message}`);
    }
  }
}

/** JS flags from Ansible's keyword arguments. */
export function regexFlags(kw: Record<string, unknown>, multiline?: unknown, ignorecase?: unknown): string {
  return `${(ignorecase ?? kw.ignorecase) ? 'i' : ''}${(multiline ?? kw.multiline) ? 'm' : ''}`;
}

/** Python's re.sub replacement (`\1`, `\g<1>`, `\g<name>`, `\n`) applied to one match. */
export function expandReplacement(repl: string, match: RegExpExecArray | string[], groups?: Record<string, string | undefined>): string {
  return repl.replace(/\\(g<([^>]+)>|\d{1,2}|[nrt\\]|.)/g, (all, what: string, g: string | undefined) => {
    if (g !== undefined) return (/^\d+$/.test(g) ? match[Number(g)] : groups?.[g]) ?? '';
    if (/^\d+$/.test(what)) return match[Number(what)] ?? '';
    if (what === 'n') return '\n';
    if (what === 'r') return '\r';
    if (what === 't') return '\t';
    if (what === '\\') return '\\';
    return all;
  });
}

/** re.sub over the whole text. */
export function pySub(text: string, pattern: string, repl: string, flags: string, count = 0): string {
  const re = compilePyRegex(pattern, flags + 'g');
  let n = 0;
  return text.replace(re, (...args: unknown[]) => {
    if (count > 0 && n >= count) return String(args[0]);
    n++;
    const hasGroups = typeof args[args.length - 1] === 'object';
    const groups = hasGroups ? (args[args.length - 1] as Record<string, string | undefined>) : undefined;
    const tail = hasGroups ? 3 : 2;
    const m = args.slice(0, args.length - tail).map((x) => (x === undefined ? '' : String(x)));
    return expandReplacement(repl, m, groups);
  });
}

/** re.findall: whole matches, the one group, or tuples (lists) of groups. */
export function pyFindall(text: string, pattern: string, flags: string): unknown[] {
  const re = compilePyRegex(pattern, flags + 'g');
  const out: unknown[] = [];
  for (const m of text.matchAll(re)) {
    if (m.length === 1) out.push(m[0]);
    else if (m.length === 2) out.push(m[1] ?? '');
    else out.push(tuple(m.slice(1).map((x) => x ?? '')));
  }
  return out;
}
