// get_url: downloads a URL on the control node, verifies its checksum, and puts the bytes at `dest` on the host; idempotent by checksum.
import { posix } from 'node:path';
import { hashBytes, readFileState, type FileState } from '../facts/file-state.js';
import { applyFileWrite, fileWriteArgs, fileWriteState, planFileWrite, type FileWriteData, type FileWriteState } from './copy.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext, type Plan } from './types.js';

const CHECKSUM = /^sha256:([0-9a-fA-F]{64})$/;

/**
 * Downloads pinned by a checksum, by checksum and URL, shared by every host of a play (many nodes, one driver jar). Only
 * verified bytes are kept: they cannot go stale, so a later run in the same process may reuse them. A download without
 * a checksum is fetched afresh each time.
 */
const verified = new Map<string, Promise<Buffer>>();

/** Fetches the URL's bytes (http/https only) within the timeout; the error names the URL and the status. */
async function fetchBytes(url: string, timeoutSeconds: number, signal?: AbortSignal): Promise<Buffer> {
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
  if (!res.ok) throw new Error(`GET ${url}: expected HTTP 200, got ${res.status} ${res.statusText}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The URL's bytes, checked against `want` (sha256 hex) when given; a checked download is fetched once and shared. */
function download(url: string, want: string | undefined, timeoutSeconds: number, signal?: AbortSignal): Promise<Buffer> {
  if (!want) return fetchBytes(url, timeoutSeconds, signal);
  const key = `${want} ${url}`;
  let p = verified.get(key);
  if (!p) {
    p = fetchBytes(url, timeoutSeconds, signal).then((bytes) => {
      const got = hashBytes(bytes);
      if (got !== want) throw new Error(`${url}: expected checksum sha256:${want}, got sha256:${got}; nothing written`);
      return bytes;
    });
    verified.set(key, p);
    // A failed or mismatched download is not remembered: a retry fetches again.
    p.catch(() => verified.delete(key));
  }
  return p;
}

/** What is at dest, read once: dest itself, or dest/<last URL segment> when dest is a directory (or ends in /). */
async function readDest(dest: string, url: string, ctx: ModuleContext): Promise<FileState> {
  const stat = await ctx.conn.stat(dest, { become: ctx.become });
  if (stat?.type === 'directory' || dest.endsWith('/')) {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'index.html');
    return readFileState(ctx.conn, posix.join(dest, name), ctx.become);
  }
  return readFileState(ctx.conn, dest, ctx.become, stat);
}

const args = {
  url: { type: 'str', required: true, description: 'http:// or https:// URL, fetched from the control node' },
  dest: { type: 'path', required: true, description: "path on the host; a directory takes the URL's file name" },
  checksum: { type: 'str', description: "'sha256:<64 hex digits>': the download must match it, and a dest that already matches is left alone without downloading" },
  timeout: { type: 'int', default: 30, description: 'seconds the download may take' },
  ...fileWriteArgs,
  force: { type: 'bool', default: false, description: 'without a checksum: download and replace a dest that exists (false: an existing dest is kept)' },
} as const satisfies ArgSchema;

export const getUrl = defineModule<ArgsOf<typeof args>, FileWriteState, FileWriteData>({
  name: 'get_url',
  description: 'Download a file over HTTP(S) on the control node, check its sha256, and put it on the host.',
  schema: {
    args,
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
    const file = await readDest(args.dest, args.url, ctx);
    // The right bytes are already there (or any bytes, without a checksum and force): no download; mode/owner are still compared.
    if (file.content && (want ? file.sha256 === want : !args.force)) return fileWriteState(file, file.content, args, ctx);
    return fileWriteState(file, await download(args.url, want, args.timeout, ctx.signal), args, ctx);
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
