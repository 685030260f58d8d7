// file: a path's kind (file, directory, link, absent, touch) and its mode/owner/group.
import type { FileStat } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { readPathInfo, statPathInfo } from '../facts/path-facts.js';
import { attrCommands, diffAttrs, fileAttrArgs, readWantedAttrs, resolveIds, runSteps, type Ids, type WantedAttrs } from '../facts/file-attrs.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext } from './types.js';

interface FileModState {
  stat: FileStat | null;
  attrs: WantedAttrs;
  ids: Ids;
  /** The path info Ansible reports of the path as it is (owner, group, mode ...); empty when missing or nobody reads the result. */
  info: Record<string, unknown>;
  /** access_time / modification_time: current and wanted epoch seconds ('now' wants a touch; undefined: leave). */
  times?: { atime: number; mtime: number; wantA?: number | 'now'; wantM?: number | 'now' };
}

interface FileModData {
  /** Commands run in order, then the attributes applied. */
  steps: string[][];
  attrs: WantedAttrs;
  summary: string;
  times?: FileModState['times'];
}

const args = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'the path to manage' },
  state: { type: 'str', choices: ['file', 'directory', 'absent', 'touch', 'link'], description: 'what the path should be (default: file if it exists)' },
  src: { type: 'path', description: 'link target (state=link)' },
  ...fileAttrArgs,
  recurse: { type: 'bool', default: false, description: 'apply mode/owner/group to everything under a directory' },
  force: { type: 'bool', default: false, description: 'state=link: replace a file that is in the way' },
  access_time: { type: 'str', description: "'now', 'preserve', or a time in access_time_format" },
  access_time_format: { type: 'str', default: '%Y%m%d%H%M.%S', description: 'strftime format of access_time' },
  modification_time: { type: 'str', description: "'now', 'preserve', or a time in modification_time_format" },
  modification_time_format: { type: 'str', default: '%Y%m%d%H%M.%S', description: 'strftime format of modification_time' },
} as const satisfies ArgSchema;

/** A strftime-style stamp (default `%Y%m%d%H%M.%S`) as `YYYY-MM-DD HH:MM:SS`, for the host's `date -d` (its local time, as Ansible). */
export function stampToDate(value: string, format: string): string {
  const order: string[] = [];
  const re = new RegExp(`^${format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([YmdHMS])/g, (_m, k: string) => (order.push(k), k === 'Y' ? '(\\d{4})' : '(\\d{2})'))}$`);
  const m = re.exec(value);
  if (!m) throw new CarbonPlayError('module', `expected a time like ${format}, got ${JSON.stringify(value)}`);
  const part = (k: string, d: string) => (order.includes(k) ? m[order.indexOf(k) + 1]! : d);
  return `${part('Y', '1970')}-${part('m', '01')}-${part('d', '01')} ${part('H', '00')}:${part('M', '00')}:${part('S', '00')}`;
}

interface FileModData {
  /** Commands run in order, then the attributes applied. */
  steps: string[][];
  attrs: WantedAttrs;
  summary: string;
  times?: FileModState['times'];
}


export const fileModule = defineModule<ArgsOf<typeof args>, FileModState, FileModData>({
  name: 'file',
  description: 'Make a path a file, directory, symlink or absent, with the wanted mode and owner.',
  schema: {
    args,
    check: (a) => (a.state === 'link' && !a.src ? ['state=link needs src'] : []),
  },
  async read(args, ctx) {
    const attrs = readWantedAttrs(args);
    const stat = await ctx.conn.stat(args.path, { become: ctx.become });
    const info = ctx.resultSeen ? await statPathInfo(ctx.conn, stat) : {};
    return { stat, attrs, ids: await resolveIds(ctx.conn, attrs, ctx.become), info, times: await readTimes(args, stat, ctx) };
  },
  plan(args, { stat, attrs, ids, info, times }) {
    const path = args.path;
    const state = args.state ?? (stat?.type === 'directory' ? 'directory' : 'file');
    const noop = (reason: string) => ({ kind: 'noop' as const, reason, data: { ...resultNames(path, state, args.src), ...(state === 'absent' ? {} : info) } });
    const change = (summary: string, steps: string[][], a: WantedAttrs = attrs) => ({ kind: 'change' as const, summary, data: { steps, attrs: a, summary, times } });
    // Links: mode/owner apply to the target in Ansible; we leave them to the target.
    const attrDiff = state === 'link' || state === 'absent' ? [] : [...diffAttrs(stat, attrs, ids), ...timeChanges(times)];
    const fixAttrs = () => (attrDiff.length ? change(`${path}: ${attrDiff.join(', ')}`, []) : noop(`${path} is already a ${state === 'touch' ? 'file' : state}`));
    switch (state) {
      case 'absent':
        return stat ? change(`remove ${path}`, [['rm', '-rf', '--', path]], {}) : noop(`${path} is already absent`);
      case 'directory':
        if (!stat) return change(`create directory ${path}`, [['mkdir', '-p', '--', path]]);
        if (stat.type !== 'directory') throw new CarbonPlayError('module', `${path}: expected a directory, got a ${stat.type}`);
        if (args.recurse && (attrs.mode !== undefined || attrs.owner || attrs.group)) {
          // Whether anything below differs needs a walk; recurse reapplies (chmod -R is idempotent, but reports changed).
          return attrDiff.length ? change(`${path}: ${attrDiff.join(', ')} (recursive)`, []) : noop(`${path} is already a directory`);
        }
        return fixAttrs();
      case 'touch':
        // Ansible's touch updates timestamps and always reports changed; ours only creates, so a second run is ok.
        if (!stat) return change(`create ${path}`, [['touch', '--', path]]);
        return fixAttrs();
      case 'link':
        // Checked at load time; a src templated to nothing fails here.
        if (!args.src) throw new CarbonPlayError('module', 'src: expected a link target for state=link, got nothing');
        if (stat?.type === 'link' && stat.linkTarget === args.src) return noop(`${path} already links to ${args.src}`);
        if (stat && stat.type !== 'link' && !args.force) throw new CarbonPlayError('module', `${path}: expected a symlink or nothing, got a ${stat.type} (force: true replaces it)`);
        return change(`link ${path} → ${args.src}`, [['ln', '-sfn', '--', args.src, path]], {});
      default:
        if (!stat) throw new CarbonPlayError('module', `${path}: expected an existing file, got nothing (state: touch creates it)`);
        return fixAttrs();
    }
  },
  async apply(data, args, ctx) {
    // mkdir and its chmod go as one command: a converging run pays one exec per task, not one per step.
    const attrs = attrCommands(args.path, data.attrs, args.recurse);
    // access_time / modification_time: touch -c after the rest ('now', or the epoch asked for).
    const times = ([['-a', data.times?.wantA], ['-m', data.times?.wantM]] as const).filter(([, w]) => w !== undefined).map(([flag, w]) => ['touch', '-c', flag, ...(w === 'now' ? [] : ['-d', `@${w}`]), '--', args.path]);
    const failed = await runSteps(ctx.conn, [...data.steps, ...attrs, ...times], ctx.become);
    if (failed && attrs.includes(failed.argv)) throw new CarbonPlayError('module', `${failed.argv[0]} ${args.path} failed: ${failed.stderr}`);
    if (failed) return { status: 'failed', msg: `${failed.argv[0]} ${args.path}: ${failed.stderr}` };
    const state = args.state ?? 'file';
    const info = state === 'absent' || !ctx.resultSeen ? {} : await readPathInfo(ctx.conn, args.path, ctx.become);
    return { status: 'changed', data: { ...resultNames(args.path, state, args.src), ...info } };
  },
});

/** How Ansible's file result names the path: `dest` (and `src`) for a link or touch, `path` otherwise; `state` is the path info's unless absent. */
function resultNames(path: string, state: string, src: string | undefined): Record<string, unknown> {
  if (state === 'link') return { dest: path, src };
  if (state === 'touch') return { dest: path };
  return { path, state };
}

/** The times asked for, with the path's current ones and each stamp as epoch seconds, in one command on the host. */
async function readTimes(args: Record<string, any>, stat: FileStat | null, ctx: ModuleContext): Promise<FileModState["times"]> {
  const given = (v: unknown) => v !== undefined && v !== null && v !== 'preserve';
  if (!given(args.access_time) && !given(args.modification_time)) return undefined;
  const stamp = (v: string, f: string) => (v === 'now' ? 'now' : stampToDate(v, f));
  const a = given(args.access_time) ? stamp(args.access_time, args.access_time_format) : '';
  const m = given(args.modification_time) ? stamp(args.modification_time, args.modification_time_format) : '';
  const script = '[ -e "$1" ] && stat -c "%X %Y" -- "$1" || echo "0 0"; for d in "$2" "$3"; do case $d in ""|now) echo "$d";; *) date -d "$d" +%s;; esac; done';
  const r = await ctx.conn.run({ argv: ['sh', '-c', script, 'sh', args.path, a, m] }, { become: ctx.become });
  const [cur = '0 0', wa = '', wm = ''] = r.stdout.split('\n');
  const [atime, mtime] = cur.split(' ').map(Number);
  const want = (w: string) => (w === '' ? undefined : w === 'now' ? ('now' as const) : Number(w));
  return { atime: atime!, mtime: stat ? mtime! : 0, wantA: want(wa), wantM: want(wm) };
}

/** 'now' always changes the time (as Ansible's); a given time only when it differs. */
function timeChanges(t: FileModState['times']): string[] {
  if (!t) return [];
  const out: string[] = [];
  if (t.wantA !== undefined && t.wantA !== t.atime) out.push('access time');
  if (t.wantM !== undefined && t.wantM !== t.mtime) out.push('modification time');
  return out;
}
