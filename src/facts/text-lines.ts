// A text file as lines that remember their own line ending, so edits keep every untouched byte (CRLF included).
export interface Line {
  text: string;
  /** '\n', '\r\n' or '' (last line without a final newline). */
  eol: string;
}

export function splitLines(content: string): Line[] {
  const out: Line[] = [];
  const re = /\r?\n/g;
  let last = 0;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    out.push({ text: content.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  if (last < content.length) out.push({ text: content.slice(last), eol: '' });
  return out;
}

export function joinLines(lines: Line[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** The file's usual line ending: CRLF when most of its lines use it. */
export function detectEol(lines: Line[]): string {
  const crlf = lines.filter((l) => l.eol === '\r\n').length;
  const lf = lines.filter((l) => l.eol === '\n').length;
  return crlf > lf ? '\r\n' : '\n';
}

/** Inserts new lines at index, giving a final line without newline its ending first. */
export function insertLines(lines: Line[], index: number, texts: string[], eol: string): Line[] {
  const out = lines.slice();
  if (index > 0 && out[index - 1]!.eol === '') out[index - 1] = { ...out[index - 1]!, eol };
  out.splice(index, 0, ...texts.map((text) => ({ text, eol })));
  return out;
}
