// find: files under paths matching globs or regexps, by type, age, size and content; one `find` run per path on the host.
import { CarbonPlayError } from '../core/errors.js';
import { formatMode } from '../facts/file-attrs.js';
import { pyRegExp } from '../facts/text-edit.js';
import { defineModule } from './types.js';

interface Entry {
  path: string;
  type: string;
  mode: number;
  size: number;
  mtime: number;
  uid: number;
  gid: number;
}

/** Python fnmatch: `*`, `?`, `[seq]`, `[!seq]`, whole name. */
export function fnmatch(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 2);
      if (j < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        re += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

const SIZE = /^(-?\d+)([bkmgt]?)$/i;
const AGE = /^(-?\d+)([smhdw]?)$/i;
const unit = (u: string, table: Record<string, number>) => table[u.toLowerCase()] ?? 1;

export const find = defineModule<Record<string, any>, { entries: Entry[]; examined: number }, never>({
  name: 'find',
  description: 'Find files on the host (changes nothing).',
  schema: {
    args: {
      paths: { type: 'list', elements: 'str', required: true, aliases: ['name', 'path'], description: 'folders to search' },
      patterns: { type: 'list', elements: 'str', default: ['*'], aliases: ['pattern'], description: 'globs (or regexps with use_regex) matched on the base name' },
      excludes: { type: 'list', elements: 'str', aliases: ['exclude'], description: 'globs (or regexps) of names to leave out' },
      use_regex: { type: 'bool', default: false, description: 'patterns are Python regexps' },
      contains: { type: 'str', description: 'a regexp a line of the file must match' },
      file_type: { type: 'str', default: 'file', choices: ['file', 'directory', 'link', 'any'], description: 'the kind of entry' },
      recurse: { type: 'bool', default: false, description: 'descend into folders' },
      depth: { type: 'int', description: 'with recurse: how deep' },
      hidden: { type: 'bool', default: false, description: 'include names starting with a dot' },
      follow: { type: 'bool', default: false, description: 'follow symbolic links' },
      age: { type: 'str', description: 'older than (or, negative, younger than): 10d, 2h, 30m ...' },
      age_stamp: { type: 'str', default: 'mtime', choices: ['mtime', 'atime', 'ctime'], description: 'the time age compares' },
      size: { type: 'str', description: 'at least (or, negative, at most): 10k, 1m ...' },
      get_checksum: { type: 'bool', default: false, description: 'accepted' },
    },
  },
  async read(args, ctx) {
    const stamp = { mtime: '%T@', atime: '%A@', ctime: '%C@' }[args.age_stamp as string];
    const entries: Entry[] = [];
    let examined = 0;
    for (const root of args.paths as string[]) {
      const depth = args.recurse ? (args.depth !== undefined ? ['-maxdepth', String(args.depth)] : []) : ['-maxdepth', '1'];
      const r = await ctx.conn.run({ argv: ['find', ...(args.follow ? ['-L'] : []), root, '-mindepth', '1', ...depth, '-printf', `%y\\t%m\\t%s\\t${stamp}\\t%U\\t%G\\t%p\\0`] }, { become: ctx.become });
      if (r.rc !== 0 && !r.stdout) continue; // Ansible skips a path it cannot read, with a warning.
      for (const rec of r.stdout.split('\0').filter(Boolean)) {
        const [t, m, s, when, u, g, ...p] = rec.split('\t');
        const path = p.join('\t');
        examined++;
        if (!args.hidden && path.slice(root.length).split('/').some((part) => part.startsWith('.'))) continue;
        entries.push({ path, type: t === 'd' ? 'directory' : t === 'l' ? 'link' : t === 'f' ? 'file' : 'other', mode: parseInt(m!, 8), size: Number(s), mtime: Number(when), uid: Number(u), gid: Number(g) });
      }
    }
    const match = (pats: string[]) => pats.flatMap((p) => (args.use_regex ? [p] : p.split(','))).map((p) => (args.use_regex ? pyRegExp(p, '', 'patterns') : fnmatch(p.trim())));
    const want = match(args.patterns);
    const skip = match(args.excludes ?? []);
    const now = Date.now() / 1000;
    const age = args.age !== undefined ? AGE.exec(String(args.age)) : undefined;
    if (args.age !== undefined && !age) throw new CarbonPlayError('module', `age: expected a number with s/m/h/d/w, got ${JSON.stringify(args.age)}`);
    const size = args.size !== undefined ? SIZE.exec(String(args.size)) : undefined;
    if (args.size !== undefined && !size) throw new CarbonPlayError('module', `size: expected a number with b/k/m/g/t, got ${JSON.stringify(args.size)}`);
    let kept = entries.filter((e) => {
      const base = e.path.slice(e.path.lastIndexOf('/') + 1);
      // Python's re.match anchors at the start only.
      const test = (re: RegExp) => (args.use_regex ? re.exec(base)?.index === 0 : re.test(base));
      if (args.file_type !== 'any' && e.type !== args.file_type) return false;
      if (!want.some(test) || skip.some(test)) return false;
      if (age) {
        const secs = Number(age[1]) * unit(age[2]!, { m: 60, h: 3600, d: 86400, w: 604800 });
        if (secs >= 0 ? now - e.mtime < secs : now - e.mtime > -secs) return false;
      }
      if (size) {
        const bytes = Number(size[1]) * unit(size[2]!, { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 });
        if (bytes >= 0 ? e.size < bytes : e.size > -bytes) return false;
      }
      return true;
    });
    if (args.contains !== undefined) {
      const re = pyRegExp(args.contains, 'm', 'contains');
      const out: Entry[] = [];
      for (const e of kept) {
        if (e.type !== 'file') continue;
        const data = await ctx.conn.readFile(e.path, { become: ctx.become });
        if (data && data.toString('utf8').split('\n').some((l) => re.exec(l)?.index === 0)) out.push(e);
      }
      kept = out;
    }
    return { entries: kept, examined };
  },
  plan(_args, { entries, examined }) {
    const files = entries.map((e) => ({
      path: e.path, mode: formatMode(e.mode), isdir: e.type === 'directory', isreg: e.type === 'file', islnk: e.type === 'link',
      size: e.size, mtime: e.mtime, uid: e.uid, gid: e.gid,
    }));
    return { kind: 'noop', reason: `${files.length} matched`, data: { files, matched: files.length, examined, msg: 'All paths examined' } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
