// Wanted file attributes (mode, owner, group) against current ones: parsing, ids and the commands that fix them.
import type { BecomeOptions, Connection, FileChange, FileStat } from '../connection/types.js';
import { quoteArgv } from '../connection/quote.js';
import { CarbonPlayError } from '../core/errors.js';
import type { ArgSchema } from '../modules/types.js';

/** The file-attribute arguments every module that sets them takes (the part of Ansible's add_file_common_args carbon-play supports). */
export const fileAttrArgs = {
  mode: { type: ['str', 'int'], description: "permission bits, octal string like '0644'" },
  owner: { type: 'str', description: 'owner user name' },
  group: { type: 'str', description: 'owner group name' },
} as const satisfies ArgSchema;

export interface WantedAttrs {
  mode?: number;
  owner?: string;
  group?: string;
}

/** The attributes a module's normalized arguments ask for (mode parsed; owner/group as given). */
export function readWantedAttrs(args: { mode?: unknown; owner?: unknown; group?: unknown }): WantedAttrs {
  return { mode: parseMode(args.mode), owner: args.owner as string | undefined, group: args.group as string | undefined };
}

/**
 * '0644' or '644' (octal text), or a number taken as the bits themselves, as Ansible takes it: YAML's `mode: 0755`
 * is 493, 0o755. A literal `mode: 644` (the decimal 644, 0o1204) is refused where the playbook is loaded (see
 * load-module-task.ts); a number from a template is taken as Ansible takes it.
 */
export function parseMode(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0o7777) throw new CarbonPlayError('module', `mode: expected permission bits (0 to 0o7777, e.g. '0644'), got the number ${v}`);
    return v;
  }
  const s = String(v).trim();
  if (!/^[0-7]{3,4}$/.test(s)) throw new CarbonPlayError('module', `mode: expected an octal string like '0644', got ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

export interface Ids {
  uid?: number;
  gid?: number;
}

/** Resolves owner/group names to ids on the host, in one command. */
export async function resolveIds(conn: Connection, attrs: WantedAttrs, become?: BecomeOptions): Promise<Ids> {
  if (attrs.owner === undefined && attrs.group === undefined) return {};
  const script = 'u=""; g=""; [ -z "$1" ] || u=$(id -u -- "$1") || exit 3; [ -z "$2" ] || g=$(getent group "$2" | cut -d: -f3); [ -z "$2" ] || [ -n "$g" ] || exit 4; echo "$u:$g"';
  const r = await conn.run({ argv: ['sh', '-c', script, 'sh', attrs.owner ?? '', attrs.group ?? ''] }, { become });
  if (r.rc === 3) throw new CarbonPlayError('module', `owner: expected an existing user, got ${JSON.stringify(attrs.owner)}`);
  if (r.rc === 4) throw new CarbonPlayError('module', `group: expected an existing group, got ${JSON.stringify(attrs.group)}`);
  const [u, g] = r.stdout.trim().split(':');
  return { uid: u ? Number(u) : undefined, gid: g ? Number(g) : undefined };
}

/** Which attributes differ from the file's current ones; empty when none. */
export function diffAttrs(stat: FileStat | null, attrs: WantedAttrs, ids: Ids): string[] {
  if (!stat) return [];
  const out: string[] = [];
  if (attrs.mode !== undefined && (stat.mode & 0o7777) !== attrs.mode) out.push(`mode ${formatMode(stat.mode)} → ${formatMode(attrs.mode)}`);
  if (ids.uid !== undefined && stat.uid !== ids.uid) out.push(`owner ${stat.uid} → ${attrs.owner}`);
  if (ids.gid !== undefined && stat.gid !== ids.gid) out.push(`group ${stat.gid} → ${attrs.group}`);
  return out;
}

export function formatMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}

/** The chmod/chown commands that give an existing path the wanted attributes (none when none are asked). */
export function attrCommands(path: string, attrs: WantedAttrs, recurse = false): string[][] {
  const r = recurse ? ['-R'] : [];
  const steps: string[][] = [];
  if (attrs.mode !== undefined) steps.push(['chmod', ...r, attrs.mode.toString(8), '--', path]);
  if (attrs.owner !== undefined || attrs.group !== undefined) steps.push(['chown', ...r, `${attrs.owner ?? ''}${attrs.group ? `:${attrs.group}` : ''}`, '--', path]);
  return steps;
}

/**
 * Runs commands in order as one command on the host (one exec: over SSH each costs a channel and a shell), stopping at
 * the first that fails; returns that one and its stderr, or undefined when all succeeded.
 */
export async function runSteps(conn: Connection, steps: string[][], become?: BecomeOptions): Promise<{ argv: string[]; stderr: string } | undefined> {
  if (steps.length === 0) return undefined;
  if (await changeWithoutShell(conn, steps, become)) return undefined;
  // Exit 100+i names the failing step; each command's own stderr says why.
  const script = steps.map((argv, i) => `${quoteArgv(argv)} || exit ${100 + i}`).join('\n');
  const r = await conn.run(steps.length === 1 ? { argv: steps[0] } : { shell: script }, { become });
  if (r.rc === 0) return undefined;
  const failed = steps.length === 1 ? steps[0] : steps[r.rc - 100] ?? steps.at(-1)!;
  return { argv: failed, stderr: r.stderr.trim() };
}

/** The steps as changes a connection can make without a shell, or undefined when any step is something else. */
export function asFileChanges(steps: string[][]): FileChange[] | undefined {
  const out: FileChange[] = [];
  for (const argv of steps) {
    const [cmd, a, b, c, d] = argv;
    if (cmd === 'mkdir' && a === '-p' && b === '--' && argv.length === 4) out.push({ mkdir: c! });
    else if (cmd === 'chmod' && /^[0-7]{1,4}$/.test(a ?? '') && b === '--' && argv.length === 4) out.push({ chmod: c!, mode: parseInt(a!, 8) });
    else if (cmd === 'ln' && a === '-sfn' && b === '--' && argv.length === 5) out.push({ symlink: d!, target: c! });
    else return undefined;
  }
  return out;
}

/**
 * All the steps made over the connection's own file protocol (SFTP: sent together, one round trip, no channel and
 * no shell), when it has one and every step is one it makes. False when not all were made: the commands then run,
 * all of them (each is idempotent: mkdir -p, chmod, ln -sfn), and say what failed.
 */
async function changeWithoutShell(conn: Connection, steps: string[][], become?: BecomeOptions): Promise<boolean> {
  const changes = conn.changeFile ? asFileChanges(steps) : undefined;
  if (!changes) return false;
  const done = await Promise.all(changes.map((change) => conn.changeFile!(change, { become })));
  return done.every(Boolean);
}

/** chmod/chown an existing path, in one command. */
export async function applyAttrs(conn: Connection, path: string, attrs: WantedAttrs, become?: BecomeOptions, recurse = false): Promise<void> {
  const failed = await runSteps(conn, attrCommands(path, attrs, recurse), become);
  if (failed) throw new CarbonPlayError('module', `${failed.argv[0]} ${path} failed: ${failed.stderr}`);
}
