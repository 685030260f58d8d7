// git: a repository checked out at `dest` on the host (clone, fetch, checkout of `version`), with the git on the host.
import { CarbonPlayError } from '../core/errors.js';
import { runTool } from '../facts/host-tools.js';
import { defineModule } from './types.js';

interface GitState {
  /** HEAD's commit, or undefined when dest is no repository. */
  before?: string;
  /** The commit `version` names, once fetched; undefined when it must be fetched first. */
  wanted?: string;
  dirty: boolean;
}

export const git = defineModule<Record<string, any>, GitState, GitState>({
  name: 'git',
  description: 'Clone a repository and check out a version on the host.',
  schema: {
    args: {
      repo: { type: 'str', required: true, aliases: ['name'], description: 'the repository URL or path' },
      dest: { type: 'path', required: true, description: 'where it is checked out' },
      version: { type: 'str', default: 'HEAD', description: 'a branch, tag or commit' },
      force: { type: 'bool', default: false, description: 'discard local changes' },
      depth: { type: 'int', description: 'shallow clone of this many commits' },
      update: { type: 'bool', default: true, description: 'fetch and check out when the repository exists' },
      clone: { type: 'bool', default: true, description: 'clone when dest is no repository' },
      remote: { type: 'str', default: 'origin', description: 'the remote name' },
      accept_hostkey: { type: 'bool', default: false, description: 'accepted' },
      single_branch: { type: 'bool', default: false, description: 'clone one branch only' },
    },
  },
  async read(args, ctx) {
    const g = (...a: string[]) => runTool(ctx.conn, 'git', ['git', '-C', args.dest, ...a], { become: ctx.become });
    const head = await g('rev-parse', 'HEAD');
    if (head.rc !== 0) return { dirty: false };
    const before = head.stdout.trim();
    const dirty = (await g('status', '--porcelain', '--untracked-files=no')).stdout.trim() !== '';
    const v = args.version === 'HEAD' ? `${args.remote}/HEAD` : args.version;
    // A local name that resolves (a commit or tag already here) needs no fetch to compare.
    const r = await g('rev-parse', '--verify', '--quiet', `${/^[0-9a-f]{7,40}$/.test(v) ? v : `refs/remotes/${args.remote}/${args.version}`}^{commit}`);
    return { before, dirty, wanted: r.rc === 0 && /^[0-9a-f]{40}$/.test(args.version) ? r.stdout.trim() : undefined };
  },
  plan(args, s) {
    if (!s.before) {
      if (!args.clone) return { kind: 'noop', reason: `${args.dest} is no repository and clone is off`, data: { before: null, after: null } };
      return { kind: 'change', summary: `clone ${args.repo} into ${args.dest}`, data: s };
    }
    if (s.dirty && !args.force) throw new CarbonPlayError('module', `Local modifications exist in the destination: ${args.dest} (force=yes to discard them)`);
    if (!args.update) return { kind: 'noop', reason: 'update is off', data: { before: s.before, after: s.before } };
    if (s.wanted === s.before) return { kind: 'noop', reason: `${args.dest} is at ${args.version}`, data: { before: s.before, after: s.before } };
    // Whether a branch moved is known after a fetch: apply fetches, and reports ok when HEAD did not change.
    return { kind: 'change', summary: `update ${args.dest} to ${args.version}`, data: s };
  },
  async apply(s, args, ctx) {
    const run = async (argv: string[]) => {
      const r = await runTool(ctx.conn, 'git', argv, { become: ctx.become });
      if (r.rc !== 0) throw new CarbonPlayError('module', `${argv.slice(0, 4).join(' ')}: ${r.stderr.trim()}`);
      return r.stdout.trim();
    };
    const g = (...a: string[]) => run(['git', '-C', args.dest, ...a]);
    const depth = args.depth ? ['--depth', String(args.depth)] : [];
    if (!s.before) {
      await run(['git', 'clone', '--origin', args.remote, ...depth, ...(args.single_branch ? ['--single-branch'] : []), ...(args.version !== 'HEAD' && !/^[0-9a-f]{40}$/.test(args.version) ? ['--branch', args.version] : []), '--', args.repo, args.dest]);
      if (/^[0-9a-f]{40}$/.test(args.version)) await g('checkout', '--detach', args.version);
    } else {
      await g('fetch', '--tags', ...depth, args.remote);
      const force = args.force ? ['--force'] : [];
      const isBranch = args.version !== 'HEAD' && (await runTool(ctx.conn, 'git', ['git', '-C', args.dest, 'rev-parse', '--verify', '--quiet', `refs/remotes/${args.remote}/${args.version}`], { become: ctx.become })).rc === 0;
      // A branch stays checked out as that branch (moved to the remote's); a tag or commit is checked out detached.
      if (isBranch) await g('checkout', ...force, '-B', args.version, `${args.remote}/${args.version}`);
      else await g('checkout', ...force, '--detach', args.version === 'HEAD' ? `${args.remote}/HEAD` : args.version);
    }
    const after = await g('rev-parse', 'HEAD');
    return { status: after === s.before ? 'ok' : 'changed', data: { before: s.before ?? null, after, remote_url_changed: false } };
  },
});
