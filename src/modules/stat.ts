// stat: facts about a path (exists, kind, mode, size, sha256, mtime), registered under `stat`.
import { formatMode } from '../facts/file-attrs.js';
import { readFileState, type FileState } from '../facts/file-state.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'the path to look at' },
  get_checksum: { type: 'bool', default: true, description: 'compute the sha256 of a regular file' },
} as const satisfies ArgSchema;

export const stat = defineModule<ArgsOf<typeof args>, FileState, never>({
  name: 'stat',
  description: 'Read facts about a path; never changes anything.',
  schema: { args },
  async read(args, ctx) {
    if (args.get_checksum) return readFileState(ctx.conn, args.path, ctx.become);
    return { path: args.path, stat: await ctx.conn.stat(args.path, { become: ctx.become }), content: null };
  },
  plan(args, { stat: s, sha256 }) {
    if (!s) return { kind: 'noop', reason: `${args.path} does not exist`, data: { stat: { exists: false } } };
    const facts: Record<string, unknown> = {
      exists: true, path: args.path, isdir: s.type === 'directory', isreg: s.type === 'file', islnk: s.type === 'link',
      mode: formatMode(s.mode), uid: s.uid, gid: s.gid, size: s.size, mtime: s.mtimeMs / 1000,
    };
    if (sha256) facts.checksum = sha256;
    if (s.linkTarget !== undefined) facts.lnk_target = s.linkTarget;
    return { kind: 'noop', reason: `${args.path} is a ${s.type}`, data: { stat: facts } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
