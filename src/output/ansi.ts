// Terminal text: colours (off with NO_COLOR or when asked), visible width, truncation that keeps escape codes whole.

export type Paint = (text: string) => string;

export interface Palette {
  green: Paint;
  yellow: Paint;
  red: Paint;
  cyan: Paint;
  dim: Paint;
  bold: Paint;
}

const ESC = '\x1b[';
const SGR = /\x1b\[[0-9;]*m/g;

/** Moves the cursor up `lines` and erases from there down: how a live region is redrawn in place. */
export function eraseLinesAbove(lines: number): string {
  return lines > 0 ? `${ESC}${lines}A\r${ESC}J` : `\r${ESC}J`;
}

export function createPalette(color: boolean): Palette {
  const wrap = (open: number, close: number): Paint => (color ? (t) => `${ESC}${open}m${t}${ESC}${close}m` : (t) => t);
  return { green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}

export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Cuts a line to `width` visible characters (an ellipsis marks the cut); colour codes are kept and closed. */
export function truncateLine(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  let seen = 0;
  const parts = text.split(/(\x1b\[[0-9;]*m)/);
  for (const part of parts) {
    if (part.startsWith('\x1b[')) {
      out += part;
      continue;
    }
    for (const ch of part) {
      if (seen >= width - 1) return `${out}…${out.includes('\x1b[') ? `${ESC}0m` : ''}`;
      out += ch;
      seen++;
    }
  }
  return out;
}
