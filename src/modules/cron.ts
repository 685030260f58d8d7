// cron: one crontab entry, found by its `#Ansible: NAME` marker line (as Ansible writes it), added, replaced or removed.
import { CarbonPlayError } from '../core/errors.js';
import { runTool } from '../facts/host-tools.js';
import { defineModule, type ModuleContext } from './types.js';

interface CronState {
  lines: string[];
}

const marker = (name: string) => `#Ansible: ${name}`;

/** The entry's job line as Ansible writes it. */
function jobLine(a: Record<string, any>): string {
  const when = a.special_time ? `@${a.special_time}` : [a.minute, a.hour, a.day, a.month, a.weekday].join(' ');
  const user = a.cron_file ? ` ${a.user ?? 'root'}` : '';
  return `${a.disabled ? '#' : ''}${when}${user} ${a.job}`;
}

async function readCrontab(a: Record<string, any>, ctx: ModuleContext): Promise<string> {
  if (a.cron_file) {
    const path = a.cron_file.startsWith('/') ? a.cron_file : `/etc/cron.d/${a.cron_file}`;
    return (await ctx.conn.readFile(path, { become: ctx.become }))?.toString('utf8') ?? '';
  }
  const r = await runTool(ctx.conn, 'cron', ['crontab', '-l', ...(a.user ? ['-u', a.user] : [])], { become: ctx.become });
  // "no crontab for USER" is an empty crontab.
  return r.rc === 0 ? r.stdout : '';
}

export const cron = defineModule<Record<string, any>, CronState, string>({
  name: 'cron',
  description: 'Manage one crontab entry by name.',
  schema: {
    args: {
      name: { type: 'str', required: true, description: 'the entry name (its #Ansible: marker)' },
      job: { type: 'str', aliases: ['value'], description: 'the command (required with state=present)' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the entry should exist' },
      minute: { type: 'str', default: '*', description: '' },
      hour: { type: 'str', default: '*', description: '' },
      day: { type: 'str', default: '*', aliases: ['dom'], description: '' },
      month: { type: 'str', default: '*', description: '' },
      weekday: { type: 'str', default: '*', aliases: ['dow'], description: '' },
      special_time: { type: 'str', choices: ['annually', 'daily', 'hourly', 'monthly', 'reboot', 'weekly', 'yearly'], description: '@reboot and friends' },
      user: { type: 'str', description: "whose crontab (default: the connection's user)" },
      cron_file: { type: 'str', description: 'a file under /etc/cron.d instead of a user crontab' },
      disabled: { type: 'bool', default: false, description: 'write the entry commented out' },
      backup: { type: 'bool', default: false, description: 'accepted' },
    },
    check: (a) => (a.state !== 'absent' && a.job === undefined ? ['state=present needs job'] : []),
  },
  async read(args, ctx) {
    const text = await readCrontab(args, ctx);
    return { lines: text === '' ? [] : text.replace(/\n$/, '').split('\n') };
  },
  plan(args, { lines }) {
    const at = lines.indexOf(marker(args.name));
    const out = [...lines];
    if (args.state === 'absent') {
      if (at < 0) return { kind: 'noop', reason: `no entry ${args.name}`, data: { jobs: [] } };
      out.splice(at, 2);
    } else {
      const want = jobLine(args);
      if (at >= 0 && lines[at + 1] === want) return { kind: 'noop', reason: `entry ${args.name} is as wanted`, data: { jobs: [args.name] } };
      if (at >= 0) out.splice(at, 2, marker(args.name), want);
      else out.push(marker(args.name), want);
    }
    const text = out.length ? `${out.join('\n')}\n` : '';
    const before = lines.length ? `${lines.join('\n')}\n` : '';
    return { kind: 'change', summary: `${args.state === 'absent' ? 'remove' : at >= 0 ? 'update' : 'add'} cron entry ${args.name}`, data: text, diff: [{ path: args.cron_file ?? `crontab${args.user ? ` of ${args.user}` : ''}`, before, after: text }] };
  },
  async apply(text, args, ctx) {
    if (args.cron_file) {
      const path = args.cron_file.startsWith('/') ? args.cron_file : `/etc/cron.d/${args.cron_file}`;
      await ctx.conn.writeFile(path, Buffer.from(text), { mode: 0o644, become: ctx.become });
    } else {
      const r = await runTool(ctx.conn, 'cron', ['crontab', ...(args.user ? ['-u', args.user] : []), '-'], { become: ctx.become, stdin: text });
      if (r.rc !== 0) throw new CarbonPlayError('module', `crontab: ${r.stderr.trim()}`);
    }
    return { status: 'changed', data: { jobs: args.state === 'absent' ? [] : [args.name] } };
  },
});
