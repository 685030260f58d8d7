// apt: Debian packages present, latest or absent (apt-get / dpkg), the cache refreshed when older than cache_valid_time, local .deb files.
import type { BecomeOptions, Connection } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { runTool, runToolOk } from '../facts/host-tools.js';
import { defineModule } from './types.js';

const ENV = { DEBIAN_FRONTEND: 'noninteractive', DEBCONF_NONINTERACTIVE_SEEN: 'true' };

interface AptState {
  /** Installed version of each named package ('' when absent). */
  installed: Record<string, string>;
  /** Whether the package lists are older than cache_valid_time (or update_cache is set without one). */
  cacheStale: boolean;
  /** A .deb's package name and whether that exact version is installed. */
  deb?: { name: string; version: string; installed: boolean };
  /** Names with an upgrade candidate (state=latest). */
  upgradable: string[];
}

interface AptPlan {
  update: boolean;
  steps: string[][];
}

/** `nginx=1.22*` → name and wanted version. */
const splitName = (spec: string) => {
  const i = spec.indexOf('=');
  return i < 0 ? { name: spec, version: undefined } : { name: spec.slice(0, i), version: spec.slice(i + 1) };
};

async function installedVersions(conn: Connection, names: string[], become?: BecomeOptions): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const r = await runTool(conn, 'apt', ['dpkg-query', '-W', '-f=${Package}\\t${Status}\\t${Version}\\n', ...names], { become });
  const out: Record<string, string> = Object.fromEntries(names.map((n) => [n, '']));
  for (const line of r.stdout.split('\n')) {
    const [pkg, status, version] = line.split('\t');
    if (pkg && status?.endsWith(' installed')) out[pkg.split(':')[0]!] = version ?? '';
  }
  return out;
}

export const apt = defineModule<Record<string, any>, AptState, AptPlan>({
  name: 'apt',
  description: 'Manage Debian packages with apt-get and dpkg.',
  schema: {
    args: {
      name: { type: 'list', elements: 'str', aliases: ['package', 'pkg'], description: 'package names, optionally name=version' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent', 'latest', 'fixed', 'build-dep'], description: 'what the packages should be' },
      update_cache: { type: 'bool', default: false, aliases: ['update-cache'], description: 'run apt-get update first' },
      cache_valid_time: { type: 'int', default: 0, description: 'with update_cache: skip the update when the lists are younger than this many seconds' },
      deb: { type: 'path', description: 'a .deb file on the host to install' },
      install_recommends: { type: 'bool', aliases: ['install-recommends'], description: 'install recommended packages (default: apt\'s setting)' },
      purge: { type: 'bool', default: false, description: 'state=absent: remove configuration files too' },
      autoremove: { type: 'bool', default: false, description: 'remove packages no longer needed' },
      force_apt_get: { type: 'bool', default: false, description: 'accepted; apt-get is always used' },
      allow_unauthenticated: { type: 'bool', default: false, aliases: ['allow-unauthenticated'], description: 'allow unauthenticated packages' },
      dpkg_options: { type: 'str', default: 'force-confdef,force-confold', description: 'comma-separated dpkg options' },
      default_release: { type: 'str', aliases: ['default-release'], description: 'apt-get -t RELEASE' },
      lock_timeout: { type: 'int', default: 60, description: 'accepted' },
    },
  },
  async read(args, ctx) {
    const { conn, become } = ctx;
    const names = (args.name ?? []).map((s: string) => splitName(s).name);
    let cacheStale = false;
    if (args.update_cache) {
      if (args.cache_valid_time > 0) {
        const r = await conn.run({ argv: ['sh', '-c', 'stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; date +%s'] }, { become });
        const [mtime, now] = r.stdout.trim().split('\n').map(Number);
        cacheStale = (now ?? 0) - (mtime ?? 0) > args.cache_valid_time;
      } else cacheStale = true;
    }
    let deb: AptState['deb'];
    if (args.deb) {
      const r = await runToolOk(conn, 'apt', ['dpkg-deb', '-f', args.deb, 'Package', 'Version'], { become });
      const f = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      const have = (await installedVersions(conn, [f.Package!], become))[f.Package!];
      deb = { name: f.Package!, version: f.Version!, installed: have === f.Version };
    }
    let upgradable: string[] = [];
    if (args.state === 'latest' && names.length > 0) {
      const r = await runTool(conn, 'apt', ['apt-get', '-s', '-q', 'install', '--only-upgrade', ...names], { become, env: ENV });
      upgradable = [...r.stdout.matchAll(/^Inst (\S+)/gm)].map((m) => m[1]!);
    }
    return { installed: await installedVersions(conn, names, become), cacheStale, deb, upgradable };
  },
  plan(args, s) {
    const specs: string[] = args.name ?? [];
    const opts = [...String(args.dpkg_options).split(',').filter(Boolean).map((o) => `-o=Dpkg::Options::=--${o}`)];
    if (args.install_recommends === false) opts.push('--no-install-recommends');
    if (args.install_recommends === true) opts.push('--install-recommends');
    if (args.allow_unauthenticated) opts.push('--allow-unauthenticated');
    if (args.default_release) opts.push('-t', args.default_release);
    const steps: string[][] = [];
    const why: string[] = [];
    if (args.deb && s.deb && !s.deb.installed) (steps.push(['dpkg', '-i', args.deb]), why.push(`install ${args.deb}`));
    if (args.state === 'absent') {
      const present = specs.map((x) => splitName(x).name).filter((n) => s.installed[n]);
      if (present.length > 0) (steps.push(['apt-get', '-y', '-q', ...(args.purge ? ['--purge'] : []), 'remove', ...present]), why.push(`remove ${present.join(' ')}`));
    } else {
      const missing = specs.filter((x) => {
        const { name, version } = splitName(x);
        const have = s.installed[name];
        return !have || (version !== undefined && !new RegExp(`^${version.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(have));
      });
      const todo = [...missing, ...(args.state === 'latest' ? s.upgradable.filter((n) => !missing.includes(n)) : [])];
      if (todo.length > 0) (steps.push(['apt-get', '-y', '-q', ...opts, 'install', ...todo]), why.push(`install ${todo.join(' ')}`));
    }
    if (args.autoremove && why.length > 0) steps.push(['apt-get', '-y', '-q', 'autoremove']);
    const update = s.cacheStale;
    if (why.length === 0 && !update) return { kind: 'noop', reason: specs.length ? `${specs.join(', ')}: as wanted` : 'nothing to do', data: args.update_cache || args.state !== 'absent' ? { cache_updated: false } : {} };
    return { kind: 'change', summary: [...(update ? ['update the cache'] : []), ...why].join('; '), data: { update, steps } };
  },
  async apply(p, _args, ctx) {
    let stdout = '';
    if (p.update) {
      const r = await runTool(ctx.conn, 'apt', ['apt-get', 'update', '-q'], { become: ctx.become, env: ENV });
      if (r.rc !== 0) throw new CarbonPlayError('module', `Failed to update apt cache: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
    }
    for (const argv of p.steps) stdout += (await runToolOk(ctx.conn, 'apt', argv, { become: ctx.become, env: ENV })).stdout;
    return { status: 'changed', data: { cache_updated: p.update, stdout, stdout_lines: stdout.split('\n').filter(Boolean) } };
  },
});
