// get_url: downloads a URL on the control node, verifies its checksum, and puts the bytes at `dest` on the host; idempotent by checksum.
import { posix } from 'node:path';
import { hashBytes, readFileState } from '../facts/file-state.js';
import { applyFileWrite, fileAttrArgs, planFileWrite, readFileWrite, type FileWriteData, type FileWriteState } from './copy.js';
import { defineModule, type ModuleContext, type Plan } from './types.js';

const CHECKSUM = /^sha256:([0-9a-fA-F]{64})$/;

/** One download per URL per run: every host of a play shares it (many nodes, one driver jar). */
const downloads = new Map<string, Promise<Buffer>>();

/** Fetches the URL's bytes (http/https only) within the timeout; the error names the URL and the status. */
export async function fetchBytes(url: string, timeoutSeconds: number, signal?: AbortSignal): Promise<Buffer> {
  const key = url;
  let p = downloads.get(key);
  if (!p) {
    p = (async () => {
      const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
      const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
      if (!res.ok) throw new Error(`GET ${url}: expected HTTP 200, got ${res.status} ${res.statusText}`);
      return Buffer.from(await res.arrayBuffer());
    })();
    downloads.set(key, p);
    // A failed download is not remembered: a retry fetches again.
    p.catch(() => downloads.delete(key));
  }
  return p;
}

/** dest, or dest/<last URL segment> when dest is a directory (or ends in /). */
async function destPath(dest: string, url: string, ctx: ModuleContext): Promise<string> {
  const st = await ctx.conn.stat(dest, { become: ctx.become });
  if (st?.type !== 'directory' && !dest.endsWith('/')) return dest;
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'index.html');
  return posix.join(dest, name);
}

export const getUrl = defineModule<Record<string, any>, FileWriteState, FileWriteData>({
  name: 'get_url',
  description: 'Download a file over HTTP(S) on the control node, check its sha256, and put it on the host.',
  schema: {
    args: {
      url: { type: 'str', required: true, description: 'http:// or https:// URL, fetched from the control node' },
      dest: { type: 'path', required: true, description: "path on the host; a directory takes the URL's file name" },
      checksum: { type: 'str', description: "'sha256:<64 hex digits>': the download must match it, and a dest that already matches is left alone without downloading" },
      timeout: { type: 'int', default: 30, description: 'seconds the download may take' },
      ...fileAttrArgs,
      force: { type: 'bool', default: false, description: 'without a checksum: download and replace a dest that exists (false: an existing dest is kept)' },
    },
    check(args) {
      const out: string[] = [];
      const url = args.url;
      if (typeof url === 'string' && !url.includes('{{') && !/^https?:\/\//.test(url)) out.push(`url: expected an http:// or https:// URL, got ${JSON.stringify(url)}`);
      const sum = args.checksum;
      if (typeof sum === 'string' && !sum.includes('{{') && !CHECKSUM.test(sum)) out.push(`checksum: expected 'sha256:' and 64 hex digits, got ${JSON.stringify(sum.length > 80 ? sum.slice(0, 80) + '…' : sum)}`);
      return out;
    },
  },
  async read(args, ctx) {
    const want = args.checksum === undefined ? undefined : CHECKSUM.exec(args.checksum)?.[1]?.toLowerCase();
    if (args.checksum !== undefined && !want) throw new Error(`checksum: expected 'sha256:' and 64 hex digits`);
    const dest = await destPath(args.dest, args.url, ctx);
    const file = await readFileState(ctx.conn, dest, ctx.become);
    // The right bytes are already there (or any bytes, without a checksum and force): no download; mode/owner are still compared.
    if (file.content && (want ? file.sha256 === want : !args.force)) return readFileWrite(dest, file.content, undefined, args, ctx);
    const bytes = await fetchBytes(args.url, args.timeout, ctx.signal);
    const got = hashBytes(bytes);
    if (want && got !== want) throw new Error(`${args.url}: expected checksum sha256:${want}, got sha256:${got}; nothing written`);
    return readFileWrite(dest, bytes, undefined, args, ctx);
  },
  plan(args, state): Plan<FileWriteData> {
    const plan = planFileWrite(state, true);
    if (plan.kind === 'noop') return { kind: 'noop', reason: `${state.dest} already has checksum sha256:${state.file.sha256}`, data: { dest: state.dest, checksum_dest: state.file.sha256, url: args.url } };
    return plan;
  },
  async apply(data, args, ctx) {
    const r = await applyFileWrite(data, args.backup, ctx);
    return { ...r, data: { ...r.data, url: args.url, checksum_dest: hashBytes(data.wanted) } };
  },
});
