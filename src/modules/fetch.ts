// fetch: a file from the host copied to the control node (dest/HOST/PATH, or dest itself with flat), rewritten only when it differs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { ansibleChecksum } from '../facts/file-state.js';
import { defineModule } from './types.js';

const sha1 = (b: Buffer) => ansibleChecksum(b);

interface Fetched {
  data: Buffer | null;
  dest: string;
  local: string | null;
}

export const fetch = defineModule<Record<string, any>, Fetched, Fetched>({
  name: 'fetch',
  description: 'Copy a file from the host to the control node.',
  schema: {
    args: {
      src: { type: 'str', required: true, description: 'the file on the host' },
      dest: { type: 'path', required: true, description: 'a folder on the control node (or, with flat, the file)' },
      flat: { type: 'bool', default: false, description: 'dest is the file itself (a dest ending in / gets the base name)' },
      fail_on_missing: { type: 'bool', default: true, description: 'fail when src is missing' },
      validate_checksum: { type: 'bool', default: true, description: 'accepted; the bytes are compared after the copy' },
    },
  },
  async read(args, ctx) {
    const dest = args.flat ? (args.dest.endsWith('/') ? join(args.dest, basename(args.src)) : args.dest) : join(args.dest, ctx.host, args.src);
    const st = await ctx.conn.stat(args.src, { become: ctx.become });
    if (st?.type === 'directory') throw new CarbonPlayError('module', `remote file is a directory, fetch cannot work on directories: ${args.src}`);
    const data = st ? await ctx.conn.readFile(args.src, { become: ctx.become }) : null;
    return { data, dest, local: existsSync(dest) ? sha1(readFileSync(dest)) : null };
  },
  plan(args, s) {
    if (!s.data) {
      if (args.fail_on_missing) throw new CarbonPlayError('module', `the remote file does not exist, not transferring, ignored: ${args.src}`);
      return { kind: 'noop', reason: `${args.src} does not exist`, data: { file: args.src, msg: 'the remote file does not exist, not transferring, ignored' } };
    }
    const checksum = sha1(s.data);
    if (checksum === s.local) return { kind: 'noop', reason: `${s.dest} already has that content`, data: { checksum, dest: s.dest, file: args.src, md5sum: createHash('md5').update(s.data).digest('hex') } };
    return { kind: 'change', summary: `fetch ${args.src} to ${s.dest}`, data: s };
  },
  async apply(s, args) {
    mkdirSync(dirname(s.dest), { recursive: true });
    const tmp = `${s.dest}.${process.pid}.tmp`;
    writeFileSync(tmp, s.data!);
    renameSync(tmp, s.dest);
    const checksum = sha1(s.data!);
    return { status: 'changed', data: { checksum, dest: s.dest, remote_checksum: checksum, md5sum: createHash('md5').update(s.data!).digest('hex'), remote_md5sum: null, file: args.src } };
  },
});
