// unarchive: extracts a zip or tar(.gz) from the control node (or the host with remote_src) into `dest`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, posix } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { fileAttrArgs, parseMode } from '../facts/file-attrs.js';
import { fnmatch } from './find.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext } from './types.js';

interface UnarchiveState {
  skip?: string;
  /** Archive path on the control node (undefined with remote_src). */
  local?: string;
  /** Entries of the archive missing under dest; undefined when unknown (remote_src). */
  missing?: string[];
}

const isZip = (p: string) => /\.zip$/i.test(p);

/** File entries of a local archive (directories left out). */
function listArchive(path: string): string[] {
  const out = isZip(path) ? execFileSync('unzip', ['-Z1', path]) : execFileSync('tar', ['-tf', path]);
  return out.toString().split('\n').filter((l) => l && !l.endsWith('/'));
}

const args = {
  src: { type: 'path', required: true, description: "archive under the role's or playbook's files/, or an absolute path" },
  dest: { type: 'path', required: true, description: 'existing directory to unpack into' },
  creates: { type: 'path', description: 'skip when this path exists on the host' },
  remote_src: { type: 'bool', default: false, description: 'the archive is already on the host' },
  extra_opts: { type: 'list', elements: 'str', default: [], description: 'more options for tar or unzip, e.g. --strip-components=1' },
  exclude: { type: 'list', elements: 'str', default: [], description: 'archive entries (globs) to leave out' },
  // Applied to every unpacked entry; mode may also be symbolic (u=rw,g=r), as chmod takes it.
  ...fileAttrArgs,
} as const satisfies ArgSchema;

/** `--strip-components=N` (or `--strip-components N`) among tar's extra options. */
function stripComponents(opts: readonly string[]): number {
  for (const [i, o] of opts.entries()) {
    const m = /^--strip-components(?:=(\d+))?$/.exec(o);
    if (m) return Number(m[1] ?? opts[i + 1] ?? 0);
  }
  return 0;
}

/** mode/owner/group on what was unpacked: the archive's top-level entries under dest (all of dest when unknown). */
async function setAttrs(args: { dest: string; extra_opts: readonly string[]; mode?: string | number; owner?: string; group?: string }, state: UnarchiveState, ctx: ModuleContext): Promise<void> {
  const tops = state.local ? [...new Set(listArchive(state.local).map((e) => e.split('/').slice(stripComponents(args.extra_opts)).join('/')).filter(Boolean).map((e) => e.split('/')[0]!))] : ['.'];
  const paths = tops.map((t) => posix.join(args.dest, t));
  // A YAML int (0644 read as 420, or 644) is octal; a string may be symbolic (u=rw,g=r,o=r), which chmod takes as is.
  const mode = typeof args.mode === 'number' ? parseMode(args.mode)!.toString(8) : args.mode;
  const steps: string[][] = [];
  if (mode !== undefined) steps.push(['chmod', '-R', String(mode), '--', ...paths]);
  if (args.owner !== undefined || args.group !== undefined) steps.push(['chown', '-R', `${args.owner ?? ''}${args.group ? `:${args.group}` : ''}`, '--', ...paths]);
  for (const argv of steps) {
    const r = await ctx.conn.run({ argv }, { become: ctx.become });
    if (r.rc !== 0) throw new CarbonPlayError('module', `${argv[0]} under ${args.dest} failed: ${r.stderr.trim()}`);
  }
}

export const unarchive = defineModule<ArgsOf<typeof args>, UnarchiveState, UnarchiveState>({
  name: 'unarchive',
  description: 'Unpack a zip or tar archive into a directory on the host.',
  schema: {
    args,
  },
  async read(args, ctx) {
    if (args.creates && (await ctx.conn.stat(args.creates, { become: ctx.become }))) return { skip: `skipped, since ${args.creates} exists` };
    const d = await ctx.conn.stat(args.dest, { become: ctx.become });
    if (d?.type !== 'directory') throw new CarbonPlayError('module', `dest: expected an existing directory, got ${d ? `a ${d.type}` : 'nothing'} at ${args.dest}`);
    if (args.remote_src) return {};
    const local = isAbsolute(args.src) ? args.src : ctx.findFile('files', args.src);
    // Without `creates`, the archive counts as unpacked when every file in it exists under dest (content is not compared).
    const strip = stripComponents(args.extra_opts as string[]);
    const excluded = (args.exclude as string[]).map(fnmatch);
    const entries = listArchive(local).filter((e) => !excluded.some((re) => re.test(e))).map((e) => e.split('/').slice(strip).join('/')).filter(Boolean);
    const r = await ctx.conn.run({ argv: ['sh', '-c', 'd="$1"; shift; for f; do [ -e "$d/$f" ] || printf "%s\\n" "$f"; done', 'sh', args.dest, ...entries] }, { become: ctx.become });
    return { local, missing: r.stdout.split('\n').filter(Boolean) };
  },
  plan(args, state) {
    if (state.skip) return { kind: 'noop', reason: state.skip };
    if (state.missing && state.missing.length === 0) return { kind: 'noop', reason: `every file of ${args.src} already exists under ${args.dest}` };
    return { kind: 'change', summary: `unpack ${args.src} into ${args.dest}`, data: state };
  },
  async apply(state, args, ctx) {
    let archive: string = args.src;
    let tmp: string | undefined;
    if (!args.remote_src) {
      tmp = posix.join(args.dest, `.carbon-play-${process.pid}-${Date.now()}-${basename(args.src)}`);
      await ctx.conn.writeFile(tmp, readFileSync(state.local!), { mode: 0o600, become: ctx.become });
      archive = tmp;
    }
    const extra = args.extra_opts as string[];
    const excl = args.exclude as string[];
    const argv = isZip(archive)
      ? ['unzip', '-q', '-o', ...extra, archive, ...(excl.length ? ['-x', ...excl] : []), '-d', args.dest]
      : ['tar', '-xf', archive, ...extra, ...excl.map((e) => `--exclude=${e}`), '-C', args.dest];
    // Extract and remove the uploaded copy in the same round trip.
    const r = await ctx.conn.run({ argv: ['sh', '-c', 't="$1"; shift; "$@"; rc=$?; [ -z "$t" ] || rm -f -- "$t"; exit $rc', 'sh', tmp ?? '', ...argv] }, { become: ctx.become });
    if (r.rc !== 0) return { status: 'failed', msg: `${argv[0]} ${args.src}: ${r.stderr.trim()}`, data: { rc: r.rc } };
    if (args.mode !== undefined || args.owner !== undefined || args.group !== undefined) await setAttrs(args, state, ctx);
    return { status: 'changed', data: { dest: args.dest, src: args.src, extract_results: { cmd: argv, rc: r.rc } } };
  },
});
