// Reads a .properties file as java.util.Properties.load does: comments, continuations, separators, escapes.

/** Logical lines: comment and blank lines dropped, a line ending in an odd number of backslashes joined to the next. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    // Leading blanks go on every physical line, continuation lines included.
    const line = raw.replace(/^[ \t\f]+/, '');
    if (pending === undefined && (line === '' || line[0] === '#' || line[0] === '!')) continue;
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    if (trailing % 2 === 1) { pending = (pending ?? '') + line.slice(0, -1); continue; }
    out.push((pending ?? '') + line);
    pending = undefined;
  }
  if (pending !== undefined) out.push(pending);
  return out;
}

/** \t \n \r \f, \uXXXX, and any other escaped character as itself. */
function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/** Key ends at the first unescaped '=', ':' or whitespace; the value starts after the separator and its blanks. */
export function parseJavaProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of logicalLines(text)) {
    let i = 0;
    while (i < line.length && !/[=: \t\f]/.test(line[i])) i += line[i] === '\\' ? 2 : 1;
    const key = line.slice(0, i);
    let j = i;
    while (j < line.length && /[ \t\f]/.test(line[j])) j++;
    if (j < line.length && /[=:]/.test(line[j])) j++;
    while (j < line.length && /[ \t\f]/.test(line[j])) j++;
    props.set(unescape(key), unescape(line.slice(j)));
  }
  return props;
}
