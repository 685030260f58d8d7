// systemd (systemd_service): a unit started/stopped/restarted/reloaded, enabled, masked, through systemctl; refuses clearly without systemd.
import type { Connection, BecomeOptions } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { runToolOk } from '../facts/host-tools.js';
import { defineModule, type ArgSchema } from './types.js';

export interface UnitState {
  props: Record<string, string>;
}

/** Whether systemd runs on the host (as systemd itself tells: /run/systemd/system exists). */
export async function hasSystemd(conn: Connection, become?: BecomeOptions): Promise<boolean> {
  return (await conn.run({ argv: ['test', '-d', '/run/systemd/system'] }, { become })).rc === 0;
}

export const serviceArgs: ArgSchema = {
  name: { type: 'str', aliases: ['service', 'unit'], description: 'the unit or service name' },
  state: { type: 'str', choices: ['started', 'stopped', 'restarted', 'reloaded'], description: 'what the service should be, or do' },
  enabled: { type: 'bool', description: 'start at boot' },
};

/** The steps that bring a unit to the wanted state, from `systemctl show` properties. */
export function planUnit(args: Record<string, any>, props: Record<string, string>): { steps: string[][]; why: string[] } {
  const steps: string[][] = [];
  const why: string[] = [];
  const sc = (...a: string[]) => ['systemctl', ...(args.scope && args.scope !== 'system' ? [`--${args.scope}`] : []), ...a];
  if (args.daemon_reload) steps.push(sc('daemon-reload'));
  if (args.masked !== undefined && (props.UnitFileState === 'masked') !== args.masked) (steps.push(sc(args.masked ? 'mask' : 'unmask', args.name)), why.push(args.masked ? 'mask' : 'unmask'));
  if (args.enabled !== undefined) {
    const on = ['enabled', 'enabled-runtime', 'alias', 'static', 'indirect', 'generated'].includes(props.UnitFileState ?? '');
    if (on !== args.enabled) (steps.push(sc(args.enabled ? 'enable' : 'disable', args.name)), why.push(args.enabled ? 'enable' : 'disable'));
  }
  const active = props.ActiveState === 'active' || props.ActiveState === 'activating' || props.ActiveState === 'reloading';
  const verb = { started: active ? undefined : 'start', stopped: active ? 'stop' : undefined, restarted: 'restart', reloaded: active ? 'reload' : 'start' }[args.state as string];
  if (args.state && verb) (steps.push(sc(verb, args.name)), why.push(verb));
  return { steps, why };
}

export async function readUnit(module: string, args: Record<string, any>, conn: Connection, become?: BecomeOptions): Promise<UnitState> {
  if (!(await hasSystemd(conn, become))) {
    throw new CarbonPlayError('module', `${module}: systemd is not running on ${conn.host} (no /run/systemd/system), so ${args.name ?? 'the unit'} cannot be managed with systemctl; start the program another way, or use the service module with a SysV init script`);
  }
  if (!args.name) return { props: {} };
  const r = await runToolOk(conn, module, ['systemctl', 'show', args.name, '--no-pager', '--property=Id,ActiveState,SubState,LoadState,UnitFileState,MainPID'], { become });
  const props = Object.fromEntries(r.stdout.trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  if (props.LoadState === 'not-found' && (args.state || args.enabled !== undefined)) throw new CarbonPlayError('module', `Could not find the requested service ${args.name}: host`);
  return { props };
}

export const systemd = defineModule<Record<string, any>, UnitState, string[][]>({
  name: 'systemd',
  description: 'Manage a systemd unit with systemctl (needs systemd running on the host).',
  schema: {
    args: {
      ...serviceArgs,
      daemon_reload: { type: 'bool', default: false, aliases: ['daemon-reload'], description: 'reload unit files first' },
      daemon_reexec: { type: 'bool', default: false, aliases: ['daemon-reexec'], description: 'accepted' },
      masked: { type: 'bool', description: 'mask (true) or unmask the unit' },
      scope: { type: 'str', default: 'system', choices: ['system', 'user', 'global'], description: 'the systemd instance' },
      no_block: { type: 'bool', default: false, description: 'accepted' },
      force: { type: 'bool', description: 'accepted' },
    },
    check: (a) => (a.name === undefined && !a.daemon_reload ? ['name is required unless daemon_reload is set'] : []),
  },
  read: (args, ctx) => readUnit('systemd', args, ctx.conn, ctx.become),
  plan(args, { props }) {
    const { steps, why } = planUnit(args, props);
    const data = { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: args.enabled } : {}), status: props };
    // daemon-reload alone is not a change, as in Ansible.
    if (why.length === 0) return steps.length > 0 ? { kind: 'change', summary: 'daemon-reload', data: steps } : { kind: 'noop', reason: `${args.name} is as wanted`, data };
    return { kind: 'change', summary: `${args.name}: ${why.join(', ')}`, data: steps };
  },
  async apply(steps, args, ctx) {
    for (const argv of steps) await runToolOk(ctx.conn, 'systemd', argv, { become: ctx.become });
    const changed = steps.some((s) => !s.includes('daemon-reload'));
    return { status: changed ? 'changed' : 'ok', data: { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: args.enabled } : {}) } };
  },
});

export const systemdService = { ...systemd, name: 'systemd_service' };
