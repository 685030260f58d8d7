// group: a local group present (with a gid) or absent, through groupadd / groupmod / groupdel.
import { getent, runToolOk } from '../facts/host-tools.js';
import { defineModule } from './types.js';

interface GroupState {
  exists: boolean;
  gid?: number;
}

export const group = defineModule<Record<string, any>, GroupState, string[]>({
  name: 'group',
  description: 'Add, change or remove a local group.',
  schema: {
    args: {
      name: { type: 'str', required: true, description: 'the group name' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the group should exist' },
      gid: { type: 'int', description: 'the group id' },
      system: { type: 'bool', default: false, description: 'a system group (created only)' },
      non_unique: { type: 'bool', default: false, description: 'allow a gid another group has (with gid)' },
      local: { type: 'bool', default: false, description: 'accepted; groups are always the host\'s local ones here' },
    },
  },
  async read(args, ctx) {
    const e = await getent(ctx.conn, 'group', args.name, ctx.become);
    return e ? { exists: true, gid: Number(e[2]) } : { exists: false };
  },
  plan(args, s) {
    const result = (gid?: number) => ({ name: args.name, state: args.state, system: args.system, ...(gid !== undefined ? { gid } : {}) });
    if (args.state === 'absent') {
      if (!s.exists) return { kind: 'noop', reason: `group ${args.name} does not exist`, data: { name: args.name, state: 'absent' } };
      return { kind: 'change', summary: `remove group ${args.name}`, data: ['groupdel', args.name] };
    }
    const unique = args.non_unique ? ['-o'] : [];
    if (!s.exists) {
      const argv = ['groupadd', ...(args.gid !== undefined ? ['-g', String(args.gid), ...unique] : []), ...(args.system ? ['-r'] : []), args.name];
      return { kind: 'change', summary: `add group ${args.name}`, data: argv };
    }
    if (args.gid !== undefined && args.gid !== s.gid) return { kind: 'change', summary: `group ${args.name}: gid ${s.gid} → ${args.gid}`, data: ['groupmod', '-g', String(args.gid), ...unique, args.name] };
    return { kind: 'noop', reason: `group ${args.name} exists`, data: result(s.gid) };
  },
  async apply(argv, args, ctx) {
    await runToolOk(ctx.conn, 'group', argv, { become: ctx.become });
    const e = args.state === 'present' ? await getent(ctx.conn, 'group', args.name, ctx.become) : undefined;
    if (args.state === 'absent') return { status: 'changed', data: { name: args.name, state: 'absent' } };
    return { status: 'changed', data: { name: args.name, state: args.state, system: args.system, ...(e ? { gid: Number(e[2]) } : {}) } };
  },
});
