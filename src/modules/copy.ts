// copy: puts bytes (a control-node file or `content`) at `dest`, idempotent by sha256.
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, posix } from 'node:path';
import type { FileStat } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { applyAttrs, diffAttrs, fileAttrArgs, readWantedAttrs, resolveIds, type Ids, type WantedAttrs } from '../facts/file-attrs.js';
import { ansibleChecksum, hashBytes, readFileState, textForDiff, type FileState } from '../facts/file-state.js';
import { readPathInfo, statPathInfo } from '../facts/path-facts.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext, type ModuleResult, type Plan } from './types.js';

export interface FileWriteState {
  dest: string;
  wanted: Buffer;
  file: FileState;
  ids: Ids;
  attrs: WantedAttrs;
  /** The path info Ansible reports of dest as it is (owner, group, mode ...); empty when missing or nobody reads the result. */
  info: Record<string, unknown>;
  /** copy remote_src of a folder: where it goes and whether it already matches. */
  tree?: { src: string; into: string; same: boolean };
}

export interface FileWriteData {
  dest: string;
  wanted: Buffer;
  /** false when only mode/owner change. */
  writeContent: boolean;
  attrs: WantedAttrs;
  /** dest as read (null: missing): the write does not stat it again. */
  current: FileStat | null;
  tree?: FileWriteState['tree'];
}

/** What a module writing a whole file takes (copy, template, get_url): the file attributes, backup and force. */
export const fileWriteArgs = {
  ...fileAttrArgs,
  backup: { type: 'bool', default: false, description: 'keep a timestamped copy of the old file' },
  force: { type: 'bool', default: true, description: 'replace a file whose content differs (false: only create)' },
} as const satisfies ArgSchema;

/** Reads dest (a directory dest takes the source's basename) for wanted bytes. */
export async function readFileWrite(dest: string, wanted: Buffer, srcName: string | undefined, args: Record<string, unknown>, ctx: ModuleContext): Promise<FileWriteState> {
  const st = await ctx.conn.stat(dest, { become: ctx.become });
  const intoDir = (st?.type === 'directory' || dest.endsWith('/')) && srcName;
  const file = intoDir ? await readFileState(ctx.conn, posix.join(dest, basename(srcName)), ctx.become) : await readFileState(ctx.conn, dest, ctx.become, st);
  return fileWriteState(file, wanted, args, ctx);
}

/** The write state for a destination already read (`file`): adds the wanted attributes and the ids they name. */
export async function fileWriteState(file: FileState, wanted: Buffer, args: Record<string, unknown>, ctx: ModuleContext): Promise<FileWriteState> {
  const attrs = readWantedAttrs(args);
  const ids = await resolveIds(ctx.conn, attrs, ctx.become);
  const info = ctx.resultSeen ? await statPathInfo(ctx.conn, file.stat) : {};
  return { dest: file.path, wanted, file, ids, attrs, info };
}

export function planFileWrite(state: FileWriteState, force: boolean): Plan<FileWriteData> {
  const { file, wanted, dest, attrs } = state;
  if (file.stat && file.stat.type !== 'file') return { kind: 'change', summary: `${dest} is a ${file.stat.type}, not a file`, data: { dest, wanted, writeContent: true, attrs, current: file.stat } };
  const sameContent = file.sha256 === hashBytes(wanted);
  const attrChanges = diffAttrs(file.stat, attrs, state.ids);
  if (file.stat && !force && attrChanges.length === 0) return { kind: 'noop', reason: `${dest} exists and force is off` };
  // An unchanged copy reports its file as Ansible's does: dest and path, and the sha1 checksum.
  if (sameContent && attrChanges.length === 0) return { kind: 'noop', reason: `${dest} already has that content`, data: { dest, path: dest, checksum: file.content && ansibleChecksum(file.content), ...state.info } };
  const writeContent = !sameContent && (force || !file.stat);
  const before = textForDiff(file.content);
  const after = textForDiff(wanted);
  const diff = writeContent && before !== null && after !== null ? [{ path: dest, before, after }] : undefined;
  const summary = writeContent ? (file.stat ? `update ${dest}` : `create ${dest}`) : `${dest}: ${attrChanges.join(', ')}`;
  return { kind: 'change', summary, data: { dest, wanted, writeContent, attrs, current: file.stat }, diff };
}

export async function applyFileWrite(data: FileWriteData, backup: boolean, ctx: ModuleContext): Promise<ModuleResult> {
  // As Ansible's: a written file reports its md5sum, a file whose attributes alone changed its path.
  const result: Record<string, unknown> = { dest: data.dest, checksum: ansibleChecksum(data.wanted) };
  if (data.writeContent) {
    const w = await ctx.conn.writeFile(data.dest, data.wanted, { ...data.attrs, backup, become: ctx.become, current: data.current });
    if (w.backupPath) result.backup_file = w.backupPath;
    result.md5sum = ansibleChecksum(data.wanted, 'md5');
  } else {
    await applyAttrs(ctx.conn, data.dest, data.attrs, ctx.become);
    result.path = data.dest;
  }
  // The file's info after the change costs a stat: only when someone reads the result.
  return { status: 'changed', data: { ...result, ...(ctx.resultSeen ? await readPathInfo(ctx.conn, data.dest, ctx.become) : {}) } };
}

const args = {
  src: { type: 'path', description: "file under the role's or playbook's files/, or an absolute path" },
  content: { type: 'str', description: 'the file content itself' },
  dest: { type: 'path', required: true, description: 'destination path; a directory keeps the source basename' },
  remote_src: { type: 'bool', default: false, description: 'src is on the host (a file, or a folder copied recursively)' },
  ...fileWriteArgs,
} as const satisfies ArgSchema;

export const copy = defineModule<ArgsOf<typeof args>, FileWriteState, FileWriteData>({
  name: 'copy',
  description: 'Copy a file from the control node, or given content, to the host.',
  schema: {
    args,
    mutuallyExclusive: [['src', 'content']],
    requiredOneOf: [['src', 'content']],
  },
  async read(args, ctx) {
    const src = args.src as string | undefined;
    if (src !== undefined && args.remote_src) return readRemoteSrc(src, args, ctx);
    const wanted = src !== undefined ? readFileSync(isAbsolute(src) ? src : ctx.findFile('files', src)) : Buffer.from(String(args.content));
    return readFileWrite(args.dest, wanted, src, args, ctx);
  },
  plan(args, state) {
    if (!state.tree) return planFileWrite(state, args.force);
    const { src, into, same } = state.tree;
    if (same) return { kind: 'noop', reason: `${into} already holds ${src}`, data: { dest: args.dest, src } };
    return { kind: 'change', summary: `copy ${src} into ${into}`, data: { dest: into, wanted: Buffer.alloc(0), writeContent: false, attrs: state.attrs, current: null, tree: state.tree } };
  },
  async apply(data, args, ctx) {
    if (!data.tree) return applyFileWrite(data, args.backup, ctx);
    // A folder: its contents (src ending in /) or the folder itself go into dest, with modes and times kept.
    const { src } = data.tree;
    const r = await ctx.conn.run({ argv: ['sh', '-c', 'mkdir -p -- "$2" && cp -a -- "$1" "$2"', 'sh', src.endsWith('/') ? `${src}.` : src, args.dest] }, { become: ctx.become });
    if (r.rc !== 0) return { status: 'failed', msg: `copy ${src} to ${args.dest}: ${r.stderr.trim()}` };
    if (data.attrs.mode !== undefined || data.attrs.owner !== undefined || data.attrs.group !== undefined) await applyAttrs(ctx.conn, data.tree.into, data.attrs, ctx.become, true);
    return { status: 'changed', data: { dest: args.dest, src } };
  },
});

/** remote_src: a file is read from the host and written like any other; a folder is compared with `diff -r` and copied with `cp -a`. */
async function readRemoteSrc(src: string, args: Record<string, unknown> & { dest: string }, ctx: ModuleContext): Promise<FileWriteState> {
  const st = await ctx.conn.stat(src.replace(/\/+$/, '') || '/', { become: ctx.become });
  if (!st) throw new CarbonPlayError('module', `Source ${src} not found`);
  if (st.type !== 'directory') {
    const wanted = await ctx.conn.readFile(src, { become: ctx.become });
    return readFileWrite(args.dest, wanted ?? Buffer.alloc(0), src, args, ctx);
  }
  const into = src.endsWith('/') ? args.dest : posix.join(args.dest, basename(src));
  const r = await ctx.conn.run({ argv: ['diff', '-rq', '--no-dereference', '--', src, into] }, { become: ctx.become });
  const state = await fileWriteState({ path: into, stat: null, content: null }, Buffer.alloc(0), args, ctx);
  return { ...state, tree: { src, into, same: r.rc === 0 } };
}
