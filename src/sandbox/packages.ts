// The Debian packages the sandbox (and the tests, roles and benches on it) need: found missing, installed with apt as root.
import { CarbonPlayError } from '../core/errors.js';
import { runCmd } from './exec.js';

/** The same list as scripts/setup.sh (a test keeps the two equal). */
export const REQUIRED_PACKAGES = ['openssh-server', 'openssh-client', 'mariadb-server', 'mariadb-client', 'nginx', 'iproute2', 'rsync',
  'libmariadb-java', 'unzip', 'zip', 'util-linux', 'sudo', 'curl', 'socat', 'openssl', 'default-jre-headless', 'ansible-core'];

export function installCommand(missing: string[]): string {
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

/** Nothing when all are there; as root, installs the missing ones; otherwise fails with the exact command to run. */
export async function ensurePackages(deps: EnsurePackagesDeps = {}): Promise<string[]> {
  const missing = await (deps.findMissing ?? findMissingPackages)(REQUIRED_PACKAGES);
  if (missing.length === 0) return [];
  const isRoot = deps.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) {
    throw new CarbonPlayError('options', `sandbox up: missing Debian packages: ${missing.join(' ')}; run as root: ${installCommand(missing)}`);
  }
  deps.log?.(`installing missing packages: ${missing.join(' ')}`);
  await (deps.install ?? aptInstall)(missing);
  return missing;
}
