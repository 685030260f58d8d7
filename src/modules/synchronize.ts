// synchronize: rsync between the control node (or, with delegate_to, the delegate) and the task's host, over SSH with the host's settings.
import { execFile } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import { resolveSshSettings } from '../connection/ssh-settings.js';
import { quoteArg } from '../connection/quote.js';
import { CarbonPlayError } from '../core/errors.js';
import { defineModule, type ModuleContext } from './types.js';

const CHANGED = '<<CHANGED>>';

/** `user@host:` and the `-e ssh ...` that reach the task's host, or '' for a host reached locally. */
function remoteOf(ctx: ModuleContext, args: Record<string, any>): { prefix: string; rsh: string[] } {
  // The host's connection variables, templates rendered as the runner renders them for its own connection (Jinja, as every YAML value).
  const vars = Object.fromEntries(Object.entries(ctx.vars).filter(([k]) => k.startsWith('ansible_')).map(([k, v]) => [k, typeof v === 'string' && v.includes('{{') ? ctx.render(v, 'value') : v]));
  if (vars.ansible_connection === 'local') return { prefix: '', rsh: [] };
  if (vars.ansible_password !== undefined || vars.ansible_ssh_pass !== undefined) {
    throw new CarbonPlayError('module', `synchronize: ${ctx.host} logs in with a password; rsync needs key authentication`);
  }
  const s = resolveSshSettings(ctx.host, vars);
  if (s.jumps.length > 0) throw new CarbonPlayError('module', `synchronize: ${ctx.host} is behind a jump host, which rsync is not given`);
  const key = args.private_key ?? s.keyFiles[0];
  const ssh = ['ssh', '-p', String(args.dest_port ?? s.port), '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${s.knownHostsFile}`, '-o', `StrictHostKeyChecking=${!s.hostKeyChecking ? 'no' : s.acceptNew ? 'accept-new' : 'yes'}`, ...(key ? ['-i', key] : [])];
  const host = s.hostname.includes(':') ? `[${s.hostname}]` : s.hostname;
  return { prefix: `${s.user}@${host}:`, rsh: ['-e', ssh.map(quoteArg).join(' ')] };
}

export const synchronize = defineModule<Record<string, any>, string[], string[]>({
  name: 'synchronize',
  description: 'rsync files between the control node (or the delegate) and the host.',
  schema: {
    args: {
      src: { type: 'path', required: true, description: "the source (push: on the control node, relative names under the role's files/)" },
      dest: { type: 'path', required: true, description: 'the destination (push: on the host)' },
      mode: { type: 'str', default: 'push', choices: ['push', 'pull'], description: 'push to the host, or pull from it' },
      archive: { type: 'bool', default: true, description: 'rsync -a (recursive, links, perms, times, owner, group)' },
      delete: { type: 'bool', default: false, description: 'delete what src does not have' },
      checksum: { type: 'bool', default: false, description: 'compare by checksum, not size and time' },
      compress: { type: 'bool', default: true, description: 'compress in transit' },
      recursive: { type: 'bool', description: 'override archive for recursion' },
      times: { type: 'bool', description: 'override archive for times' },
      perms: { type: 'bool', description: 'override archive for permissions' },
      owner: { type: 'bool', description: 'override archive for owner' },
      group: { type: 'bool', description: 'override archive for group' },
      links: { type: 'bool', description: 'override archive for symlinks' },
      existing_only: { type: 'bool', default: false, description: 'skip files missing at dest' },
      rsync_opts: { type: 'list', elements: 'str', default: [], description: 'more rsync options' },
      dest_port: { type: 'int', description: "the host's SSH port (default: the inventory's)" },
      private_key: { type: 'path', description: "the SSH key (default: the inventory's)" },
      rsync_path: { type: 'str', description: 'rsync on the remote side, e.g. "sudo rsync"' },
      use_ssh_args: { type: 'bool', default: false, description: 'accepted' },
    },
  },
  async read() {
    return [];
  },
  plan(args, _s, ctx) {
    const flags: string[] = ['--delay-updates', '-F', `--out-format=${CHANGED}%i %n%L`];
    if (args.archive) flags.push('--archive');
    if (args.compress) flags.push('--compress');
    if (args.checksum) flags.push('--checksum');
    if (args.delete) flags.push('--delete-after');
    if (args.existing_only) flags.push('--existing');
    for (const k of ['recursive', 'times', 'perms', 'owner', 'group', 'links'] as const) if (args[k] !== undefined) flags.push(args[k] ? `--${k}` : `--no-${k}`);
    if (args.rsync_path) flags.push(`--rsync-path=${args.rsync_path}`);
    if (ctx.check) flags.push('--dry-run');
    const { prefix, rsh } = remoteOf(ctx, args);
    const local = args.mode === 'push' && !isAbsolute(args.src) && !ctx.delegated ? ctx.findFile('files', args.src) + (args.src.endsWith('/') ? '/' : '') : args.src;
    const [from, to] = args.mode === 'push' ? [local, prefix + args.dest] : [prefix + args.src, args.dest];
    // Planned as a change; rsync itself says what changed (its itemized lines), in check mode as a dry run.
    return { kind: 'change', summary: `rsync ${from} ${to}`, data: ['rsync', ...flags, ...rsh, ...args.rsync_opts, from, to] };
  },
  async apply(argv, _args, ctx) {
    let stdout: string;
    if (ctx.delegated) {
      // Delegated: rsync runs on the delegate, as Ansible runs it there.
      const r = await ctx.conn.run({ argv }, { become: ctx.become, signal: ctx.signal });
      if (r.rc !== 0) throw new CarbonPlayError('module', `rsync failed (rc ${r.rc}): ${r.stderr.trim()}`);
      stdout = r.stdout;
    } else {
      try {
        // promisify(execFile) here, not when the module loads: the bundle loads node:child_process on first use.
        ({ stdout } = await promisify(execFile)(argv[0]!, argv.slice(1), { signal: ctx.signal, maxBuffer: 64 << 20 }));
      } catch (err) {
        const e = err as { code?: unknown; stderr?: string };
        throw new CarbonPlayError('module', e.code === 'ENOENT' ? "synchronize: 'rsync' is not installed on the control node" : `rsync failed (rc ${String(e.code)}): ${(e.stderr ?? '').trim()}`);
      }
    }
    const changes = stdout.split('\n').filter((l) => l.startsWith(CHANGED)).map((l) => l.slice(CHANGED.length));
    const cmd = argv.map(quoteArg).join(' ');
    return { status: changes.length > 0 ? 'changed' : 'ok', data: { cmd, rc: 0, stdout_lines: changes, msg: changes.join('\n') } };
  },
  appliesInCheckMode: true,
});
