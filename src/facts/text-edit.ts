// Shared read/plan/apply of modules that edit a text file in place (lineinfile, blockinfile, etc_hosts).
import { CarbonPlayError } from '../core/errors.js';
import type { ArgSchema, ArgsOf, ModuleContext, ModuleResult, Plan } from '../modules/types.js';
import type { FileStat } from '../connection/types.js';
import { readFileState, type FileState } from './file-state.js';
import { fileAttrArgs, readWantedAttrs } from './file-attrs.js';

/** The arguments every line-editing module shares (lineinfile, blockinfile): the file's creation, backup and attributes. */
export const textEditArgs = {
  create: { type: 'bool', default: false, description: 'create the file when it is missing' },
  backup: { type: 'bool', default: false, description: 'keep a timestamped copy of the old file' },
  ...fileAttrArgs,
} as const satisfies ArgSchema;

/** A user's regexp argument; a bad one is the module's error naming the argument. */
export function compilePattern(pattern: string, name: string): RegExp {
  return pyRegExp(pattern, '', name);
}

/** A Python regexp (a module argument) as a JS one: named groups `(?P<n>` → `(?<n>`, `(?P=n)` → `\k<n>`, `\A`, `\Z`; a bad one is the module's error naming the argument. */
export function pyRegExp(pattern: string, flags: string, arg: string): RegExp {
  const js = pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\Z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])');
  try {
    return new RegExp(js, flags);
  } catch (e) {
    throw new CarbonPlayError('module', `${arg}: expected a regular expression, got ${JSON.stringify(pattern)} (${(e as Error).message})`);
  }
}

export interface TextEditData {
  path: string;
  after: string;
  created: boolean;
  /** The file as read (null: missing): the write does not stat it again. */
  current: FileStat | null;
}

export async function readTextFile(path: string, ctx: ModuleContext): Promise<FileState> {
  return checkTextFile(await readFileState(ctx.conn, path, ctx.become));
}

/** A path read for editing must be a regular file (or missing). */
export function checkTextFile(state: FileState): FileState {
  if (state.stat && state.stat.type !== 'file') throw new CarbonPlayError('module', `${state.path}: expected a regular file, got a ${state.stat.type}`);
  return state;
}

/** Compares the edited text with the file: noop when equal, else a change with the real before/after. */
export function planTextEdit(path: string, state: FileState, after: string, summary: string): Plan<TextEditData> {
  const before = state.content ? state.content.toString('utf8') : '';
  if (state.content && before === after) return { kind: 'noop', reason: `${path} already as wanted` };
  return { kind: 'change', summary, data: { path, after, created: !state.content, current: state.stat }, diff: [{ path, before, after }] };
}

export async function applyTextEdit(data: TextEditData, args: Partial<ArgsOf<typeof textEditArgs>>, ctx: ModuleContext): Promise<ModuleResult> {
  const w = await ctx.conn.writeFile(data.path, Buffer.from(data.after, 'utf8'), {
    backup: Boolean(args.backup),
    ...readWantedAttrs(args),
    become: ctx.become,
    current: data.current,
  });
  return { status: 'changed', data: w.backupPath ? { backup_file: w.backupPath } : {} };
}
