// Splits an SQL script into statements as the mysql client does: comments, quotes and DELIMITER blocks, keeping each statement's line.
export interface ScriptStatement {
  sql: string;
  /** 1-based line where the statement starts in the script. */
  line: number;
}

/** Statements of a script, without delimiters and comment-only chunks. `/*! ... *\/` version comments are kept (the server runs them). */
export function splitScript(text: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let delimiter = ';';
  let buf = '';
  let startLine = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  const atLineStart = () => buf.trim() === '';
  const push = () => {
    const sql = buf.trim();
    if (sql) out.push({ sql, line: startLine });
    buf = '';
    startLine = 0;
  };
  const add = (s: string) => {
    if (startLine === 0 && s.trim()) startLine = line;
    buf += s;
    for (const c of s) if (c === '\n') line++;
  };
  while (i < n) {
    const c = text[i]!;
    // DELIMITER is a client command: only at the start of a statement, ends at end of line.
    if (atLineStart() && (c === 'D' || c === 'd') && /^delimiter[ \t]/i.test(text.slice(i, i + 10))) {
      const eol = text.indexOf('\n', i);
      const end = eol === -1 ? n : eol;
      delimiter = text.slice(i + 10, end).trim() || ';';
      buf = '';
      startLine = 0;
      i = end;
      continue;
    }
    if (c === '\n') { add(c); i++; continue; }
    if (c === '#' || (c === '-' && text[i + 1] === '-' && /[ \t\r\n]/.test(text[i + 2] ?? '\n'))) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      const body = text.slice(i, stop);
      if (text[i + 2] === '!') add(body);
      else for (const ch of body) if (ch === '\n') { line++; buf += '\n'; }
      i = stop;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '\\' && c !== '`') { j += 2; continue; }
        if (text[j] === c) {
          if (text[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      add(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      push();
      i += delimiter.length;
      continue;
    }
    add(c);
    i++;
  }
  push();
  return out;
}

const CREATE_TABLE = /^CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(`[^`]+`|[A-Za-z0-9_$]+)(?:\s*\.\s*(`[^`]+`|[A-Za-z0-9_$]+))?/i;

const unquote = (s: string) => s.replace(/^`|`$/g, '');

/** Names of the tables a script creates, in order. */
export function findCreatedTables(statements: readonly ScriptStatement[]): string[] {
  const names: string[] = [];
  for (const s of statements) {
    const m = CREATE_TABLE.exec(s.sql);
    if (m) names.push(unquote(m[2] ?? m[1]!));
  }
  return [...new Set(names)];
}
