// service: systemctl when systemd runs on the host, otherwise the SysV `service` command (status by its exit code) and update-rc.d.
import { CarbonPlayError } from '../core/errors.js';
import { hasTool, runToolOk } from '../facts/host-tools.js';
import { hasSystemd, planUnit, readUnit, serviceArgs } from './systemd.js';
import { defineModule } from './types.js';

interface ServiceState {
  systemd: boolean;
  props: Record<string, string>;
  running?: boolean;
}

export const service = defineModule<Record<string, any>, ServiceState, string[][]>({
  name: 'service',
  description: 'Start, stop, restart or enable a service (systemd, or SysV init scripts).',
  schema: {
    args: {
      ...serviceArgs,
      name: { type: 'str', required: true, description: 'the service name' },
      pattern: { type: 'str', description: 'accepted' },
      sleep: { type: 'int', description: 'accepted' },
      arguments: { type: 'str', aliases: ['args'], description: 'accepted' },
      runlevel: { type: 'str', description: 'accepted' },
      use: { type: 'str', default: 'auto', description: 'accepted: auto' },
    },
  },
  async read(args, ctx) {
    if (await hasSystemd(ctx.conn, ctx.become)) return { systemd: true, ...(await readUnit('service', args, ctx.conn, ctx.become)) };
    if (!(await hasTool(ctx.conn, 'service', ctx.become))) throw new CarbonPlayError('module', `service: ${ctx.conn.host} runs neither systemd nor has the 'service' command; ${args.name} cannot be managed`);
    const r = await ctx.conn.run({ argv: ['service', args.name, 'status'] }, { become: ctx.become });
    if (/unrecognized service|not found/i.test(r.stdout + r.stderr)) throw new CarbonPlayError('module', `Could not find the requested service ${args.name}: no init script on ${ctx.conn.host}`);
    return { systemd: false, props: {}, running: r.rc === 0 };
  },
  plan(args, s) {
    let steps: string[][];
    let why: string[];
    if (s.systemd) ({ steps, why } = planUnit(args, s.props));
    else {
      const verb = { started: s.running ? undefined : 'start', stopped: s.running ? 'stop' : undefined, restarted: 'restart', reloaded: 'reload' }[args.state as string];
      steps = verb ? [['service', args.name, verb]] : [];
      why = verb ? [verb] : [];
      // SysV enablement is update-rc.d's; its state is not read, so it is set only when asked and reported as a change.
      if (args.enabled !== undefined) (steps.push(['update-rc.d', args.name, args.enabled ? 'defaults' : 'disable']), why.push(args.enabled ? 'enable' : 'disable'));
    }
    const data = { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: args.enabled } : {}) };
    if (why.length === 0) return { kind: 'noop', reason: `${args.name} is as wanted`, data };
    return { kind: 'change', summary: `${args.name}: ${why.join(', ')}`, data: steps };
  },
  async apply(steps, args, ctx) {
    for (const argv of steps) await runToolOk(ctx.conn, 'service', argv, { become: ctx.become });
    return { status: 'changed', data: { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: args.enabled } : {}) } };
  },
});
