// Splits a line into words as Python's shlex.split does (POSIX mode), the splitter Ansible uses for command lines,
// ssh args and INI host lines: one definition for all of them.

export interface SplitOptions {
  /** `#` starts a comment up to the end of the line, even inside a word (`a=b#c` gives `a=b`): INI host lines. */
  comments?: boolean;
}

const BLANK = ' \t\r\n';

/** The words of `line`; throws an Error naming what is missing when a quote is not closed or a `\` ends the line. */
export function splitShellWords(line: string, opts: SplitOptions = {}): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const add = (s: string) => (word = (word ?? '') + s);
  while (i < line.length) {
    const c = line[i]!;
    if (BLANK.includes(c)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (c === '#' && opts.comments) {
      if (word !== null) words.push(word);
      word = null;
      const eol = line.indexOf('\n', i);
      i = eol < 0 ? line.length : eol;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unclosed(c);
      add(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      add('');
      i++;
      for (;;) {
        if (i >= line.length) throw unclosed(c);
        const d = line[i]!;
        i++;
        if (d === '"') break;
        // Inside double quotes a backslash escapes only `"` and `\`; before anything else it stays (Python's rule).
        if (d === '\\' && i >= line.length) throw noEscaped();
        if (d === '\\' && (line[i] === '"' || line[i] === '\\')) add(line[i++]!);
        else add(d);
      }
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw noEscaped();
      add(line[i + 1]!);
      i += 2;
    } else {
      add(c);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function unclosed(quote: string): Error {
  return new Error(`No closing quotation: expected a closing ${quote}, got the end of the line`);
}

function noEscaped(): Error {
  return new Error('No escaped character: expected a character after \\, got the end of the line');
}
