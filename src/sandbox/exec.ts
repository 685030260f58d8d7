// Run a system command for the sandbox (ip, ssh-keygen, mariadb...) and collect its output, through zx.
import { $ } from 'zx';

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` (zx quotes each argument); never throws on a non-zero exit (callers decide), only when the program is missing. */
export async function runCmd(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CmdResult> {
  const out = await $({ nothrow: true, quiet: true, verbose: false, input: opts.input ?? '', timeout: opts.timeoutMs ?? 30_000 })`${file} ${args}`;
  const code = out.exitCode ?? 1;
  // The shell's "not found": the program itself is missing, which no caller can treat as a plain failure.
  if (code === 127 && /not found/.test(out.stderr)) {
    throw Object.assign(new Error(`${file}: command not found`), { code: 'ENOENT' });
  }
  return { code, stdout: out.stdout, stderr: out.stderr };
}

/** Like runCmd, but a non-zero exit is an Error naming the command and its stderr. */
export async function mustRun(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await runCmd(file, args, opts);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}
