// `creates`/`removes` guards of command-like modules: whether the task should be skipped, and why.
import type { Connection, BecomeOptions } from '../connection/types.js';

/** A guard that holds: the path it names and whether it was skipped because that path exists (`creates`) or not (`removes`). */
export interface RunGuardSkip {
  path: string;
  exists: boolean;
}

export async function checkRunGuards(conn: Connection, args: { creates?: string; removes?: string; chdir?: string }, become?: BecomeOptions): Promise<RunGuardSkip | undefined> {
  const at = (p: string) => (p.startsWith('/') || !args.chdir ? p : `${args.chdir}/${p}`);
  if (args.creates && (await conn.stat(at(args.creates), { become }))) return { path: args.creates, exists: true };
  if (args.removes && !(await conn.stat(at(args.removes), { become }))) return { path: args.removes, exists: false };
  return undefined;
}
