// Running a host tool a module needs, with a clear error when the host lacks it (yum on Debian, systemctl without systemd).
import type { Connection, BecomeOptions, RunResult } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';

/** Runs argv; rc 127 (command not found) becomes an error naming the tool and the module. */
export async function runTool(conn: Connection, module: string, argv: string[], opts: { become?: BecomeOptions; env?: Record<string, string>; stdin?: string } = {}): Promise<RunResult> {
  const r = await conn.run({ argv }, opts);
  if (r.rc === 127) throw new CarbonPlayError('module', `${module}: '${argv[0]}' is not installed on ${conn.host}; this module needs it`);
  return r;
}

/** Runs argv and fails the module with its stderr when it exits non-zero. */
export async function runToolOk(conn: Connection, module: string, argv: string[], opts: { become?: BecomeOptions; env?: Record<string, string>; stdin?: string } = {}): Promise<RunResult> {
  const r = await runTool(conn, module, argv, opts);
  if (r.rc !== 0) throw new CarbonPlayError('module', `${module}: ${argv.join(' ')} failed (rc ${r.rc}): ${(r.stderr || r.stdout).trim()}`);
  return r;
}

/** Whether a program is on the host's PATH. */
export async function hasTool(conn: Connection, name: string, become?: BecomeOptions): Promise<boolean> {
  const r = await conn.run({ argv: ['sh', '-c', 'command -v "$1" >/dev/null 2>&1', 'sh', name] }, { become });
  return r.rc === 0;
}

/** One `getent DB KEY` entry split on ':', or undefined when there is none. */
export async function getent(conn: Connection, db: 'passwd' | 'group' | 'shadow', key: string, become?: BecomeOptions): Promise<string[] | undefined> {
  const r = await conn.run({ argv: ['getent', db, key] }, { become });
  if (r.rc === 127) throw new CarbonPlayError('module', `'getent' is not installed on ${conn.host}`);
  return r.rc === 0 && r.stdout.trim() ? r.stdout.trim().split('\n')[0]!.split(':') : undefined;
}
