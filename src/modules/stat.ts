// stat: facts about a path (exists, kind, mode and its bits, size, checksum, mtime), registered under `stat`.
import { formatMode } from '../facts/file-attrs.js';
import { ansibleChecksum, readFileState, type FileState } from '../facts/file-state.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'the path to look at' },
  get_checksum: { type: 'bool', default: true, description: 'compute the checksum of a regular file' },
  checksum_algorithm: { type: 'str', default: 'sha1', aliases: ['checksum', 'checksum_algo'], choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], description: "the checksum's algorithm (Ansible's default, sha1)" },
} as const satisfies ArgSchema;

/** The permission bits as Ansible's stat names them (rusr ... xoth, isuid, isgid). */
const MODE_BITS: readonly [string, number][] = [
  ['rusr', 0o400], ['wusr', 0o200], ['xusr', 0o100], ['rgrp', 0o40], ['wgrp', 0o20], ['xgrp', 0o10],
  ['roth', 0o4], ['woth', 0o2], ['xoth', 0o1], ['isuid', 0o4000], ['isgid', 0o2000],
];

export const stat = defineModule<ArgsOf<typeof args>, FileState, never>({
  name: 'stat',
  description: 'Read facts about a path; never changes anything.',
  schema: { args },
  async read(args, ctx) {
    if (args.get_checksum) return readFileState(ctx.conn, args.path, ctx.become);
    return { path: args.path, stat: await ctx.conn.stat(args.path, { become: ctx.become }), content: null };
  },
  plan(args, { stat: s, content }) {
    if (!s) return { kind: 'noop', reason: `${args.path} does not exist`, data: { stat: { exists: false } } };
    const facts: Record<string, unknown> = {
      exists: true, path: args.path, isdir: s.type === 'directory', isreg: s.type === 'file', islnk: s.type === 'link',
      mode: formatMode(s.mode), uid: s.uid, gid: s.gid, size: s.size, mtime: s.mtimeMs / 1000,
      ...Object.fromEntries(MODE_BITS.map(([name, bit]) => [name, (s.mode & bit) !== 0])),
    };
    if (content) facts.checksum = ansibleChecksum(content, args.checksum_algorithm);
    if (s.linkTarget !== undefined) facts.lnk_target = s.linkTarget;
    return { kind: 'noop', reason: `${args.path} is a ${s.type}`, data: { stat: facts } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
