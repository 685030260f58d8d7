// --step: before each task, ansible-playbook's question "(N)o/(y)es/(c)ontinue", answered on stdin.
import { createInterface } from 'node:readline';

export type AskLine = (prompt: string) => Promise<string>;

/** y runs the task, c runs it and every later one without asking, anything else (N is the default) skips it. */
export function createStepConfirm(ask: AskLine): (title: string) => Promise<boolean> {
  let continueAll = false;
  return async (title) => {
    if (continueAll) return true;
    const answer = (await ask(`Perform task: TASK: ${title} (N)o/(y)es/(c)ontinue: `)).trim().toLowerCase();
    if (answer === 'c' || answer === 'continue') continueAll = true;
    return continueAll || answer === 'y' || answer === 'yes';
  };
}

/**
 * One reader for the whole run (a pipe's buffered lines are not lost between questions); end of input answers ''.
 * `close` lets the process exit once the run is over.
 */
export function createLineAsker(write: (s: string) => void, input: NodeJS.ReadableStream = process.stdin): { ask: AskLine; close: () => void } {
  const rl = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => (waiting.length > 0 ? waiting.shift()!(line) : lines.push(line)));
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w('');
  });
  // A terminal ends the line when Enter is typed; an answer from a pipe is not echoed, so the line is ended here.
  const echoEnd = (line: string) => {
    if (!(input as { isTTY?: boolean }).isTTY) write('\n');
    return line;
  };
  return {
    ask: (prompt) => {
      write(prompt);
      if (lines.length > 0) return Promise.resolve(echoEnd(lines.shift()!));
      if (ended) return Promise.resolve(echoEnd(''));
      return new Promise((resolve) => waiting.push((line) => resolve(echoEnd(line))));
    },
    close: () => rl.close(),
  };
}
