// The CLI run in-process with stdout and stderr captured together, as the e2e deploy tests read it.
import { runCli } from '../../src/cli/run-cli.js';

export async function runCliCaptured(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTTY: false };
  return { code: await runCli(args, io), out };
}
