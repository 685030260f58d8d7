// user: a local account present (uid, groups, shell, home, password hash) or absent, through useradd / usermod / userdel.
import type { BecomeOptions, Connection } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { getent, runToolOk } from '../facts/host-tools.js';
import { defineModule } from './types.js';

interface UserState {
  exists: boolean;
  uid?: number;
  gid?: number;
  comment?: string;
  home?: string;
  shell?: string;
  groups?: string[];
  /** The shadow hash, when `password` is managed. */
  hash?: string;
  /** The primary group's gid, resolved from `group` when given. */
  wantGid?: number;
  /** Whether a group named as the user exists (useradd then needs -N). */
  ownGroup: boolean;
}

const list = (v: unknown): string[] | undefined => (v === undefined || v === null ? undefined : (v as string[]).filter((g) => g !== ''));

async function gidOf(conn: Connection, name: string, become?: BecomeOptions): Promise<number | undefined> {
  if (/^\d+$/.test(name)) return Number(name);
  const e = await getent(conn, 'group', name, become);
  return e ? Number(e[2]) : undefined;
}

export const user = defineModule<Record<string, any>, UserState, string[][]>({
  name: 'user',
  description: 'Add, change or remove a local user account.',
  schema: {
    args: {
      name: { type: 'str', required: true, aliases: ['user'], description: 'the login name' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the account should exist' },
      uid: { type: 'int', description: 'the user id' },
      non_unique: { type: 'bool', default: false, description: 'allow a uid another user has (with uid)' },
      group: { type: 'str', description: 'the primary group (name or gid); it must exist' },
      groups: { type: 'list', elements: 'str', description: 'supplementary groups (replacing the others unless append)' },
      append: { type: 'bool', default: false, description: 'add `groups` to the current ones instead of replacing them' },
      shell: { type: 'str', description: 'the login shell' },
      home: { type: 'path', description: 'the home directory' },
      create_home: { type: 'bool', default: true, aliases: ['createhome'], description: 'create the home directory with a new account' },
      move_home: { type: 'bool', default: false, description: 'move the old home to `home` when it changes' },
      system: { type: 'bool', default: false, description: 'a system account (created only)' },
      comment: { type: 'str', description: 'the GECOS field' },
      password: { type: 'str', secret: true, description: 'the password HASH (crypt format), as in /etc/shadow' },
      update_password: { type: 'str', default: 'always', choices: ['always', 'on_create'], description: 'set `password` always, or only on a new account' },
      remove: { type: 'bool', default: false, description: 'state=absent: remove the home directory and mail spool too' },
      force: { type: 'bool', default: false, description: 'state=absent: remove even when the user is logged in' },
      local: { type: 'bool', default: false, description: "accepted; accounts are always the host's local ones here" },
    },
  },
  async read(args, ctx) {
    const { conn, become } = ctx;
    const ownGroup = (await getent(conn, 'group', args.name, become)) !== undefined;
    const wantGid = args.group !== undefined ? await gidOf(conn, args.group, become) : undefined;
    if (args.state === 'present' && args.group !== undefined && wantGid === undefined) throw new CarbonPlayError('module', `user: group ${args.group} does not exist`);
    const e = await getent(conn, 'passwd', args.name, become);
    if (!e) return { exists: false, ownGroup, wantGid };
    const s: UserState = { exists: true, uid: Number(e[2]), gid: Number(e[3]), comment: e[4], home: e[5], shell: e[6], ownGroup, wantGid };
    if (args.groups !== undefined) {
      const r = await conn.run({ argv: ['id', '-Gn', args.name] }, { become });
      const primary = (await conn.run({ argv: ['id', '-gn', args.name] }, { become })).stdout.trim();
      s.groups = r.stdout.trim().split(/\s+/).filter((g) => g && g !== primary);
    }
    if (args.password !== undefined) s.hash = (await getent(conn, 'shadow', args.name, become))?.[1];
    return s;
  },
  plan(args, s) {
    const groups = list(args.groups);
    if (args.state === 'absent') {
      if (!s.exists) return { kind: 'noop', reason: `user ${args.name} does not exist`, data: { name: args.name, state: 'absent' } };
      return { kind: 'change', summary: `remove user ${args.name}`, data: [['userdel', ...(args.remove ? ['-r'] : []), ...(args.force ? ['-f'] : []), args.name]] };
    }
    const uid = args.uid !== undefined ? ['-u', String(args.uid), ...(args.non_unique ? ['-o'] : [])] : [];
    if (!s.exists) {
      const argv = ['useradd', ...uid];
      // As Ansible: a group named like the user that exists already must not be created again by useradd.
      if (args.group !== undefined) argv.push('-g', args.group);
      else if (s.ownGroup) argv.push('-N');
      if (groups && groups.length > 0) argv.push('-G', groups.join(','));
      if (args.comment !== undefined) argv.push('-c', args.comment);
      if (args.home !== undefined) argv.push('-d', args.home);
      if (args.shell !== undefined) argv.push('-s', args.shell);
      if (args.password !== undefined) argv.push('-p', args.password);
      argv.push(...(args.system ? ['-r'] : []), args.create_home ? '-m' : '-M', args.name);
      return { kind: 'change', summary: `add user ${args.name}`, data: [argv] };
    }
    const mod: string[] = [];
    const why: string[] = [];
    if (args.uid !== undefined && args.uid !== s.uid) (mod.push(...uid), why.push('uid'));
    if (s.wantGid !== undefined && s.wantGid !== s.gid) (mod.push('-g', args.group), why.push('group'));
    if (groups && s.groups) {
      const missing = groups.filter((g) => !s.groups!.includes(g));
      const extra = args.append ? [] : s.groups.filter((g) => !groups.includes(g));
      if (missing.length > 0 || extra.length > 0) (mod.push(...(args.append ? ['-a'] : []), '-G', groups.join(',')), why.push('groups'));
    }
    if (args.comment !== undefined && args.comment !== s.comment) (mod.push('-c', args.comment), why.push('comment'));
    if (args.home !== undefined && args.home !== s.home) (mod.push('-d', args.home, ...(args.move_home ? ['-m'] : [])), why.push('home'));
    if (args.shell !== undefined && args.shell !== s.shell) (mod.push('-s', args.shell), why.push('shell'));
    if (args.password !== undefined && args.update_password === 'always' && args.password !== s.hash) (mod.push('-p', args.password), why.push('password'));
    const data = { name: args.name, state: 'present', uid: s.uid, group: s.gid, comment: s.comment, home: s.home, shell: s.shell, append: args.append, move_home: args.move_home };
    if (mod.length === 0) return { kind: 'noop', reason: `user ${args.name} is as wanted`, data };
    return { kind: 'change', summary: `user ${args.name}: ${why.join(', ')}`, data: [['usermod', ...mod, args.name]] };
  },
  async apply(steps, args, ctx) {
    for (const argv of steps) await runToolOk(ctx.conn, 'user', argv, { become: ctx.become });
    if (args.state === 'absent') return { status: 'changed', data: { name: args.name, state: 'absent', force: args.force, remove: args.remove } };
    const e = (await getent(ctx.conn, 'passwd', args.name, ctx.become))!;
    const account = { name: args.name, state: 'present', uid: Number(e[2]), group: Number(e[3]), comment: e[4], home: e[5], shell: e[6], ...(args.groups ? { groups: list(args.groups)!.join(',') } : {}) };
    // Ansible's two result shapes: a new account's, and a changed one's.
    const created = steps[0]![0] === 'useradd';
    return { status: 'changed', data: created ? { ...account, system: args.system, create_home: args.create_home } : { ...account, append: args.append, move_home: args.move_home } };
  },
});
