// A tiny terminal for renderer tests: applies text, newlines, carriage returns, cursor-up and erase-down; colours ignored.

export interface VirtualTerminal {
  write(text: string): void;
  /** The screen as a person would read it now, trailing blank lines dropped. */
  screen(): string;
}

export function createVirtualTerminal(): VirtualTerminal {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row].padEnd(col);
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  return {
    write(text) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '\x1b') {
          const m = /^\x1b\[(\d*)([A-Za-z])/.exec(text.slice(i));
          if (!m) throw new Error(`unknown escape at ${JSON.stringify(text.slice(i, i + 8))}`);
          i += m[0].length - 1;
          const n = Number(m[1] || 1);
          if (m[2] === 'A') row = Math.max(0, row - n);
          else if (m[2] === 'J') lines.splice(row + 1), (lines[row] = lines[row].slice(0, col));
          else if (m[2] !== 'm') throw new Error(`unsupported escape ${m[0]}`);
        } else if (ch === '\n') {
          row++;
          col = 0;
          if (row === lines.length) lines.push('');
        } else if (ch === '\r') col = 0;
        else put(ch);
      }
    },
    screen: () => lines.join('\n').replace(/\n+$/, ''),
  };
}
