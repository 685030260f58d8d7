// Runs the real CLI in-process with extra environment variables set for the run only; captures its output.
import { runCli } from '../../src/cli/run-cli.js';

export interface EnvRun {
  code: number;
  out: string;
  err: string;
  all: string;
}

export async function runCliWithEnv(argv: string[], env: Record<string, string> = {}): Promise<EnvRun> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, { signals: { on: () => process, off: () => process } as never });
    return { code, out, err, all: out + err };
  } finally {
    process.env = saved;
  }
}
