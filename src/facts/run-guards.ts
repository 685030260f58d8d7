// `creates`/`removes` guards of command-like modules: whether the task should be skipped, and why.
import type { Connection, BecomeOptions } from '../connection/types.js';

export async function checkRunGuards(conn: Connection, args: { creates?: string; removes?: string; chdir?: string }, become?: BecomeOptions): Promise<string | undefined> {
  const at = (p: string) => (p.startsWith('/') || !args.chdir ? p : `${args.chdir}/${p}`);
  if (args.creates && (await conn.stat(at(args.creates), { become }))) return `skipped, since ${args.creates} exists`;
  if (args.removes && !(await conn.stat(at(args.removes), { become }))) return `skipped, since ${args.removes} does not exist`;
  return undefined;
}
