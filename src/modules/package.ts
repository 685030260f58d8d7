// package: the host's own package manager, found on the host; apt is driven, and a host with another one gets a clear refusal.
import { CarbonPlayError } from '../core/errors.js';
import { hasTool } from '../facts/host-tools.js';
import { apt } from './apt.js';
import { defineModule } from './types.js';

/** Package managers in the order Ansible's ansible_pkg_mgr fact looks for them. */
export const PACKAGE_MANAGERS = ['dnf', 'yum', 'apt-get', 'zypper', 'apk', 'pacman'];

export const packageModule = defineModule<Record<string, any>, { manager: string; inner: unknown }, unknown>({
  name: 'package',
  description: "Install or remove packages with the host's package manager (apt on Debian).",
  schema: {
    args: {
      name: { type: 'list', elements: 'str', required: true, description: 'package names' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent', 'latest', 'installed', 'removed'], description: 'what the packages should be' },
      use: { type: 'str', default: 'auto', description: 'the manager to use (auto: the host\'s)' },
    },
  },
  async read(args, ctx) {
    const facts = ctx.vars.ansible_facts as Record<string, unknown> | undefined;
    let manager = args.use !== 'auto' ? args.use : (ctx.vars.ansible_pkg_mgr ?? facts?.pkg_mgr) as string | undefined;
    if (!manager) {
      for (const m of PACKAGE_MANAGERS) if (await hasTool(ctx.conn, m, ctx.become)) (manager ??= m === 'apt-get' ? 'apt' : m);
    }
    if (manager !== 'apt') throw new CarbonPlayError('module', `package: ${ctx.conn.host} uses ${manager ?? 'no known package manager'}; carbon-play drives apt only`);
    return { manager, inner: await apt.read(aptArgs(args), ctx) };
  },
  plan: (args, s, ctx) => apt.plan(aptArgs(args), s.inner as never, ctx),
  apply: (d, args, ctx) => apt.apply(d as never, aptArgs(args), ctx),
});

function aptArgs(args: Record<string, any>): Record<string, any> {
  const state = args.state === 'installed' ? 'present' : args.state === 'removed' ? 'absent' : args.state;
  return { name: args.name, state, update_cache: false, cache_valid_time: 0, purge: false, autoremove: false, dpkg_options: 'force-confdef,force-confold' };
}

/** yum/dnf on a host: refused with what the host has instead. */
function refuse(name: string) {
  return defineModule<Record<string, any>, undefined, never>({
    name,
    description: `${name}: refused on hosts without it; carbon-play drives apt`,
    schema: { args: {}, anyArgs: true },
    async read(_args, ctx) {
      const has = await hasTool(ctx.conn, name, ctx.become);
      const apt = await hasTool(ctx.conn, 'apt-get', ctx.become);
      throw new CarbonPlayError('module', has ? `${name}: carbon-play does not drive ${name}; use apt hosts` : `${name}: '${name}' is not installed on ${ctx.conn.host}${apt ? ' (it uses apt: use the apt or package module)' : ''}`);
    },
    plan: () => ({ kind: 'noop', reason: '' }),
    async apply() {
      return { status: 'ok' };
    },
  });
}

export const yum = refuse('yum');
export const dnf = refuse('dnf');
