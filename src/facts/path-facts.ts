// What Ansible reports about a path: the stat module's facts (read by one command on the host) and the owner names.
import type { BecomeOptions, Connection, FileStat } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { formatMode } from './file-attrs.js';

export interface StatOptions {
  follow: boolean;
  /** Checksum algorithm (md5, sha1 ...), or undefined for none. */
  checksum?: string;
  mime: boolean;
  attributes: boolean;
}

/** lsattr's flags as Ansible names them (module_utils' FILE_ATTRIBUTES). */
const ATTRIBUTE_NAMES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted',
  h: 'blocksize', i: 'immutable', I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail',
  T: 'blockroot', u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
};

/** Permission bits as Ansible's stat names them, and the file types of st_mode. */
const MODE_BITS: readonly [string, number][] = [
  ['wusr', 0o200], ['rusr', 0o400], ['xusr', 0o100], ['wgrp', 0o20], ['rgrp', 0o40], ['xgrp', 0o10],
  ['woth', 0o2], ['roth', 0o4], ['xoth', 0o1], ['isuid', 0o4000], ['isgid', 0o2000],
];
const TYPES: readonly [string, number][] = [['isdir', 0o040000], ['ischr', 0o020000], ['isblk', 0o060000], ['isreg', 0o100000], ['isfifo', 0o010000], ['islnk', 0o120000], ['issock', 0o140000]];

// $1 path, $2 checksum program (or ''), $3 mime (1/0), $4 attributes (1/0), $5 follow (1/0). Exit 3: missing.
// Each extra is one tagged line; the names come from getent, so LDAP users are named as the host names them.
const SCRIPT = `p=$1; L=; [ "$5" = 1 ] && L=-L
if [ "$5" = 1 ]; then [ -e "$p" ] || exit 3; else [ -e "$p" ] || [ -L "$p" ] || exit 3; fi
s=$(stat $L -c '%f %u %g %s %i %d %h %b %o %t %T %.9X %.9Y %.9Z' -- "$p") || exit 4
echo "$s"; set -- "$@" $s
r=0; w=0; x=0; [ -r "$p" ] && r=1; [ -w "$p" ] && w=1; [ -x "$p" ] && x=1; echo "P:$r $w $x"
echo "U:$(getent passwd "$7" | cut -d: -f1)"; echo "G:$(getent group "$8" | cut -d: -f1)"
if [ -z "$L" ] && [ -L "$p" ]; then echo "T:$(readlink -- "$p")"; echo "S:$(realpath -m -- "$p")"; fi
if [ -n "$2" ] && [ -z "$L" -a ! -L "$p" -o -n "$L" ] && [ -f "$p" ] && [ $r = 1 ]; then echo "C:$("$2" < "$p" | cut -d' ' -f1)"; fi
if [ "$3" = 1 ] && command -v file >/dev/null 2>&1; then echo "M:$(file --mime-type --mime-encoding -- "$p")"; fi
if [ "$4" = 1 ] && command -v lsattr >/dev/null 2>&1; then echo "A:$(lsattr -vd -- "$p" 2>/dev/null)"; fi`;

/** Linux's st_rdev from major and minor (glibc's makedev). */
function makedev(major: number, minor: number): number {
  return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12) | ((major & ~0xfff) * 2 ** 32);
}

/** Ansible's stat facts for `path` (the `stat` key of its result); `{exists: false}` when missing. */
export async function readStatFacts(conn: Connection, path: string, opts: StatOptions, become?: BecomeOptions): Promise<Record<string, unknown>> {
  const sum = opts.checksum ? `${opts.checksum}sum` : '';
  const r = await conn.run({ argv: ['sh', '-c', SCRIPT, 'sh', path, sum, opts.mime ? '1' : '0', opts.attributes ? '1' : '0', opts.follow ? '1' : '0'] }, { become });
  if (r.rc === 3) return { exists: false };
  if (r.rc !== 0) throw new CarbonPlayError('module', `cannot stat ${path}: ${r.stderr.trim() || `rc ${r.rc}`}`);
  const [head = '', ...rest] = r.stdout.split('\n');
  const tagged = new Map(rest.filter((l) => /^[A-Z]:/.test(l)).map((l) => [l[0]!, l.slice(2)]));
  const [rawMode, uid, gid, size, inode, dev, nlink, blocks, blksize, major, minor, atime, mtime, ctime] = head.split(' ');
  const mode = parseInt(rawMode!, 16);
  const out: Record<string, unknown> = { exists: true, path, mode: (mode & 0o7777).toString(8).padStart(4, '0') };
  for (const [name, fmt] of TYPES) out[name] = (mode & 0o170000) === fmt;
  Object.assign(out, {
    uid: Number(uid), gid: Number(gid), size: Number(size), inode: Number(inode), dev: Number(dev), nlink: Number(nlink),
    atime: Number(atime), mtime: Number(mtime), ctime: Number(ctime),
  });
  for (const [name, bit] of MODE_BITS) out[name] = (mode & bit) !== 0;
  Object.assign(out, { blocks: Number(blocks), block_size: Number(blksize), device_type: makedev(parseInt(major!, 16), parseInt(minor!, 16)) });
  const [rd, wr, ex] = (tagged.get('P') ?? '0 0 0').split(' ');
  Object.assign(out, { readable: rd === '1', writeable: wr === '1', executable: ex === '1' });
  if (tagged.has('T')) Object.assign(out, { lnk_source: tagged.get('S'), lnk_target: tagged.get('T') });
  if (tagged.get('U')) out.pw_name = tagged.get('U');
  if (tagged.get('G')) out.gr_name = tagged.get('G');
  if (tagged.has('C')) out.checksum = tagged.get('C');
  if (opts.mime) Object.assign(out, mimeOf(tagged.get('M')));
  if (opts.attributes) Object.assign(out, attributesOf(tagged.get('A')));
  return out;
}

/** `file --mime-type --mime-encoding`'s `path: text/plain; charset=us-ascii`; `unknown` without `file`. */
function mimeOf(line: string | undefined): Record<string, string> {
  const m = line === undefined ? null : /:\s*([^:;]+);\s*charset=(\S+)\s*$/.exec(line);
  return m ? { mimetype: m[1]!.trim(), charset: m[2]! } : { mimetype: 'unknown', charset: 'unknown' };
}

/** `lsattr -vd`'s `VERSION FLAGS PATH`: version, the flags without dashes and their names; Ansible's empty values otherwise. */
function attributesOf(line: string | undefined): Record<string, unknown> {
  const [version, flags] = (line ?? '').trim().split(/\s+/);
  if (!version || flags === undefined) return { version: null, attributes: [], attr_flags: '' };
  const attrFlags = flags.replace(/-/g, '');
  return { version, attributes: [...attrFlags].flatMap((f) => (ATTRIBUTE_NAMES[f] ? [ATTRIBUTE_NAMES[f]!] : [])), attr_flags: attrFlags };
}

/** User and group names of ids, per connection: each pair is asked for once (an id without a name is not kept). */
const namesCache = new WeakMap<Connection, Map<string, string>>();

/** The names of uid and gid on the host (getent), or the ids as text when they have none, as Ansible's. */
export async function readOwnerNames(conn: Connection, uid: number, gid: number): Promise<{ owner: string; group: string }> {
  const cache = namesCache.get(conn) ?? new Map<string, string>();
  namesCache.set(conn, cache);
  const [u, g] = [cache.get(`u${uid}`), cache.get(`g${gid}`)];
  if (u !== undefined && g !== undefined) return { owner: u, group: g };
  const r = await conn.run({ argv: ['sh', '-c', 'echo "U:$(getent passwd "$1" | cut -d: -f1)"; echo "G:$(getent group "$2" | cut -d: -f1)"', 'sh', String(uid), String(gid)] });
  const tag = (t: string) => /^.:(.*)$/.exec(r.stdout.split('\n').find((l) => l.startsWith(`${t}:`)) ?? '')?.[1] ?? '';
  const owner = tag('U') || String(uid);
  const group = tag('G') || String(gid);
  if (tag('U')) cache.set(`u${uid}`, owner);
  if (tag('G')) cache.set(`g${gid}`, group);
  return { owner, group };
}

/**
 * What Ansible adds to a file module's result for a path that exists (add_path_info): ids, names, mode, state, size,
 * from a stat already made (only the names are asked for); nothing for a missing path.
 */
export async function statPathInfo(conn: Connection, st: FileStat | null): Promise<Record<string, unknown>> {
  if (!st) return {};
  const names = await readOwnerNames(conn, st.uid, st.gid);
  const state = st.type === 'link' ? 'link' : st.type === 'directory' ? 'directory' : 'file';
  return { uid: st.uid, gid: st.gid, owner: names.owner, group: names.group, mode: formatMode(st.mode), state, size: st.size };
}

/** The path's info as it is now (lstat, then the names); nothing for a missing path. */
export async function readPathInfo(conn: Connection, path: string, become?: BecomeOptions): Promise<Record<string, unknown>> {
  return statPathInfo(conn, await conn.stat(path, { become }));
}
