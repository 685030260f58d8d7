// stat: Ansible's facts about a path (kind, mode and its bits, owner names, times, checksum, mime type, attributes), registered under `stat`.
import { readStatFacts } from '../facts/path-facts.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'the path to look at' },
  follow: { type: 'bool', default: false, description: 'follow a symlink (report its target)' },
  get_checksum: { type: 'bool', default: true, description: 'compute the checksum of a readable regular file' },
  checksum_algorithm: { type: 'str', default: 'sha1', aliases: ['checksum', 'checksum_algo'], choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], description: "the checksum's algorithm (Ansible's default, sha1)" },
  get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'], description: "`mimetype` and `charset`, from the host's `file` (`unknown` without it)" },
  get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'], description: "`attributes`, `attr_flags` and `version`, from the host's `lsattr`" },
} as const satisfies ArgSchema;

export const stat = defineModule<ArgsOf<typeof args>, Record<string, unknown>, never>({
  name: 'stat',
  description: 'Read facts about a path; never changes anything.',
  schema: { args },
  read(args, ctx) {
    const opts = { follow: args.follow, checksum: args.get_checksum ? args.checksum_algorithm : undefined, mime: args.get_mime, attributes: args.get_attributes };
    return readStatFacts(ctx.conn, args.path, opts, ctx.become);
  },
  plan(args, facts) {
    const what = facts.exists ? (facts.isdir ? 'a directory' : facts.islnk ? 'a link' : facts.isreg ? 'a file' : 'a special file') : 'missing';
    return { kind: 'noop', reason: `${args.path} is ${what}`, data: { stat: facts } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
