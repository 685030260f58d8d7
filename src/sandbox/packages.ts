// The Debian packages `sandbox up` itself runs, for the hosts it plans: found missing, installed with apt as root.
// What the roles, tests and benches need on top (curl, a JRE, unzip, rsync, ansible-core...) is scripts/setup.sh's job.
import { CarbonPlayError } from '../core/errors.js';
import { runCmd } from './exec.js';

/** Every host: `ip` (iproute2), unshare/nsenter/mount (util-linux), sshd (openssh-server), ssh-keygen (openssh-client). */
const BASE_PACKAGES = ['openssh-server', 'openssh-client', 'iproute2', 'util-linux'];

/**
 * What `sandbox up` needs for `hosts`: the base set; a db host adds mariadb-install-db and mariadbd (server) and the
 * client that creates the admin; an lb host adds nginx, the server that host stands for.
 */
export function sandboxPackages(hosts: readonly { db: boolean; lb: boolean }[]): string[] {
  return [
    ...BASE_PACKAGES,
    ...(hosts.some((h) => h.db) ? ['mariadb-server', 'mariadb-client'] : []),
    ...(hosts.some((h) => h.lb) ? ['nginx'] : []),
  ];
}

function installCommand(missing: string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

/** Packages of `names` that dpkg does not list as installed, in one dpkg-query call. */
export async function findMissingPackages(names: string[]): Promise<string[]> {
  let r;
  try {
    r = await runCmd('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...names]);
  } catch {
    throw new CarbonPlayError('options', 'sandbox up: expected a Debian system (dpkg-query), got none: install the packages by hand: ' + names.join(' '));
  }
  const installed = new Set(r.stdout.split('\n').map((l) => l.trim().split(' ')).filter(([, s]) => s === 'installed').map(([n]) => n.replace(/:.*$/, '')));
  return names.filter((n) => !installed.has(n));
}

export interface EnsurePackagesDeps {
  findMissing?: (names: string[]) => Promise<string[]>;
  install?: (missing: string[]) => Promise<void>;
  isRoot?: boolean;
  log?: (line: string) => void;
}

async function aptInstall(missing: string[]): Promise<void> {
  // No systemd on the machines this targets: packages' services do not start; the sandbox starts its own servers.
  const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = await runCmd(env[0], [...env.slice(1), ...args], { timeoutMs: 20 * 60_000 });
    if (r.code !== 0) throw new CarbonPlayError('options', `sandbox up: ${args.join(' ')} exited ${r.code}: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ')}`);
  }
}

/** Nothing when all of `names` are there; as root, installs the missing ones; otherwise fails with the exact command to run. */
export async function ensurePackages(names: string[], deps: EnsurePackagesDeps = {}): Promise<string[]> {
  const missing = await (deps.findMissing ?? findMissingPackages)(names);
  if (missing.length === 0) return [];
  const isRoot = deps.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) {
    throw new CarbonPlayError('options', `sandbox up: missing Debian packages: ${missing.join(' ')}; run as root: ${installCommand(missing)}`);
  }
  deps.log?.(`installing missing packages: ${missing.join(' ')}`);
  await (deps.install ?? aptInstall)(missing);
  return missing;
}
