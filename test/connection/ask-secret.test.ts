import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askSecret, type SecretTerminal } from '../../src/connection/ask-secret.js';

/** A fake terminal: what the program writes, and every raw-mode switch. */
function terminal(isTTY: boolean): SecretTerminal & { written: () => string; raw: boolean[]; type: (s: string | Buffer) => void; close: () => void } {
  const input = Object.assign(new PassThrough(), { isTTY, raw: [] as boolean[] });
  const raw: boolean[] = [];
  let out = '';
  const output = new PassThrough();
  output.on('data', (d: Buffer) => { out += d.toString(); });
  return {
    input: Object.assign(input, { setRawMode: (r: boolean) => raw.push(r) }),
    output,
    written: () => out,
    raw,
    type: (s: string | Buffer) => input.write(s),
    close: () => input.end(),
  };
}

describe('askSecret', () => {
  it.each([
    ['a line ended by Enter', 's3cret\r', 's3cret'],
    ['a line ended by a newline', 'pw\n', 'pw'],
    ['backspace removing the last character', 'pax\u007fss\r', 'pass'],
    ['Ctrl-U clearing the line', 'wrong\u0015right\r', 'right'],
    ['non-ASCII characters', 'päss→\r', 'päss→'],
  ])('reads %s, in raw mode, echoing nothing', async (_name, typed, want) => {
    const t = terminal(true);
    const p = askSecret('SSH password: ', '--ask-pass', t);
    t.type(typed);
    expect(await p).toBe(want);
    expect(t.written()).toBe('SSH password: \n');
    expect(t.raw).toEqual([true, false]);
  });

  it('refuses stdin that is not a terminal, naming the option', async () => {
    const t = terminal(false);
    await expect(askSecret('SSH password: ', '--ask-pass', t)).rejects.toThrow(/^--ask-pass: expected a terminal on stdin to ask for the secret, got a pipe or file/);
    expect(t.written()).toBe('');
  });

  it.each([
    ['Ctrl-C', 'abc\u0003', /interrupted at the prompt/],
    ['Ctrl-D on an empty line', '\u0004', /expected a line, got end of input/],
  ])('gives up on %s and leaves raw mode', async (_name, typed, msg) => {
    const t = terminal(true);
    const p = askSecret('SSH key passphrase: ', '--ask-key-passphrase', t);
    t.type(typed);
    await expect(p).rejects.toThrow(msg);
    expect(t.raw).toEqual([true, false]);
  });

  it('keeps a character whose UTF-8 bytes arrive in two chunks', async () => {
    const t = terminal(true);
    const p = askSecret('SSH password: ', '--ask-pass', t);
    const bytes = Buffer.from('pä\r');
    t.type(bytes.subarray(0, 2));
    await new Promise((r) => setImmediate(r));
    t.type(bytes.subarray(2));
    expect(await p).toBe('pä');
  });

  it('gives up when stdin ends before Enter, and leaves raw mode', async () => {
    const t = terminal(true);
    const p = askSecret('SSH password: ', '--ask-pass', t);
    t.type('half');
    t.close();
    await expect(p).rejects.toThrow(/^--ask-pass: expected a line ended by Enter, got end of input \(stdin closed\)$/);
    expect(t.raw).toEqual([true, false]);
  });

  it('gives up when stdin fails', async () => {
    const t = terminal(true);
    const p = askSecret('SSH password: ', '--ask-pass', t);
    (t.input as PassThrough).destroy(new Error('EIO'));
    await expect(p).rejects.toThrow(/^--ask-pass: cannot read stdin: EIO$/);
    expect(t.raw).toEqual([true, false]);
  });
});
