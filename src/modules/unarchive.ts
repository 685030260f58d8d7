// unarchive: extracts a zip or tar(.gz) from the control node (or the host with remote_src) into `dest`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, posix } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

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
} as const satisfies ArgSchema;

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
    const entries = listArchive(local);
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
    const argv = isZip(archive) ? ['unzip', '-q', '-o', archive, '-d', args.dest] : ['tar', '-xf', archive, '-C', args.dest];
    // Extract and remove the uploaded copy in the same round trip.
    const r = await ctx.conn.run({ argv: ['sh', '-c', 't="$1"; shift; "$@"; rc=$?; [ -z "$t" ] || rm -f -- "$t"; exit $rc', 'sh', tmp ?? '', ...argv] }, { become: ctx.become });
    if (r.rc !== 0) return { status: 'failed', msg: `${argv[0]} ${args.src}: ${r.stderr.trim()}`, data: { rc: r.rc } };
    return { status: 'changed', data: { dest: args.dest, src: args.src } };
  },
});
