// Starts one sandbox host: private mounts (/etc, /opt, /var overlays; own /root; fresh /run), hostname, sshd (+ MariaDB).
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteArg } from '../connection/quote.js';
import { mustRun } from './exec.js';
import { isAlive } from './state.js';
import { waitForPort } from './wait-port.js';

export interface StartHostOptions {
  name: string;
  ip: string;
  netns: string;
  dir: string;
  authorizedKeys: string;
  db: boolean;
}

export interface StartedHost {
  pids: number[];
  hostPublicKey: string;
}

const OVERLAYS = ['/etc', '/opt', '/var'];

function sshdConfig(o: StartHostOptions): string {
  return [
    'Port 22',
    `ListenAddress ${o.ip}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(o.dir, 'ssh_host_ed25519_key')}`,
    'PidFile none',
    'UsePAM no',
    // Keys live under the sandbox directory, whose modes sshd's strict checks do not expect.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // The sandbox key, and each host's own ~/.ssh/authorized_keys (roles add keys there, as on a real machine).
    `AuthorizedKeysFile ${o.authorizedKeys} .ssh/authorized_keys`,
    'UseDNS no',
    'PrintMotd no',
    // Many tasks in parallel on one connection: allow plenty of channels per connection.
    'MaxSessions 100',
    'MaxStartups 100:30:200',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** The inventory name as a hostname the kernel takes: `bps_1` (a valid inventory name) becomes `bps-1`. */
export function validHostname(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
}

/** The shell script run inside the new namespaces; it ends by exec-ing sshd, so the spawned pid is sshd's. */
function initScript(o: StartHostOptions): string {
  const q = quoteArg;
  const lines = ['set -e'];
  for (const target of OVERLAYS) {
    const base = join(o.dir, target.slice(1));
    lines.push(`mount -t overlay overlay -o ${q(`lowerdir=${target},upperdir=${base}-upper,workdir=${base}-work`)} ${target}`);
  }
  // Own /root: the control node's ~/.bashrc (pyenv init) would cost every command 100 ms.
  lines.push(`mount --bind ${q(join(o.dir, 'root'))} /root`);
  lines.push('mount -t tmpfs -o mode=0755 tmpfs /run', 'mkdir -p /run/sshd /run/mysqld /run/lock');
  lines.push(`hostname ${q(validHostname(o.name))}`);
  if (o.db) {
    const args = ['mariadbd', '--no-defaults', '--user=root', `--datadir=${join(o.dir, 'mysql')}`, '--socket=/run/mysqld/mysqld.sock',
      '--port=3306', '--bind-address=0.0.0.0', `--tmpdir=${join(o.dir, 'mysql-tmp')}`, '--skip-name-resolve', `--log-error=${join(o.dir, 'mariadb.log')}`, '--pid-file=/run/mysqld/mysqld.pid'];
    lines.push(`${args.map(q).join(' ')} </dev/null >/dev/null 2>&1 &`, `echo $! > ${q(join(o.dir, 'mariadbd.pid'))}`);
  }
  lines.push(`exec /usr/sbin/sshd -D -e -f ${q(join(o.dir, 'sshd_config'))}`);
  return lines.join('\n');
}

async function prepareDirs(o: StartHostOptions): Promise<void> {
  for (const target of OVERLAYS) {
    const base = join(o.dir, target.slice(1));
    await mkdir(`${base}-upper`, { recursive: true });
    await mkdir(`${base}-work`, { recursive: true });
  }
  // The host resolves its own name (sudo wants it), like a freshly installed machine; kept on restart.
  const hosts = join(o.dir, 'etc-upper', 'hosts');
  if (!existsSync(hosts)) await writeFile(hosts, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${o.ip}\t${o.name}\n`);
  await mkdir(join(o.dir, 'root'), { recursive: true, mode: 0o700 });
  await writeFile(join(o.dir, 'root', '.bashrc'), '# sandbox host: kept empty so commands start fast\n');
  await writeFile(join(o.dir, 'sshd_config'), sshdConfig(o));
  if (o.db && !existsSync(join(o.dir, 'mysql', 'mysql'))) {
    // Its own tmpdir: other MariaDB servers on this machine (tests) share /tmp, and temp table names can clash.
    await mkdir(join(o.dir, 'mysql-tmp'), { recursive: true });
    await mustRun('mariadb-install-db', ['--no-defaults', `--datadir=${join(o.dir, 'mysql')}`, `--tmpdir=${join(o.dir, 'mysql-tmp')}`, '--user=root',
      '--auth-root-authentication-method=socket', '--skip-test-db'], { timeoutMs: 60_000 });
  }
}

export async function startHost(o: StartHostOptions): Promise<StartedHost> {
  await mkdir(o.dir, { recursive: true });
  const keyPath = join(o.dir, 'ssh_host_ed25519_key');
  if (!existsSync(keyPath)) await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `sandbox ${o.name}`, '-f', keyPath]);
  const hostPublicKey = (await readFile(`${keyPath}.pub`, 'utf8')).trim();
  await prepareDirs(o);

  const log = openSync(join(o.dir, 'sshd.log'), 'a');
  const child = spawn('ip', ['netns', 'exec', o.netns, 'unshare', '--mount', '--uts', '--propagation', 'private', 'sh', '-c', initScript(o)], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error(`${o.name}: could not start sshd`);
  const pids = [pid];
  if (!(await waitForPort(o.ip, 22, 10_000, () => isAlive(pid)))) {
    const tail = (await readFile(join(o.dir, 'sshd.log'), 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
    throw Object.assign(new Error(`${o.name}: sshd did not come up on ${o.ip}:22: ${tail}`), { pids });
  }
  if (o.db) {
    const dbPid = Number((await readFile(join(o.dir, 'mariadbd.pid'), 'utf8')).trim());
    if (dbPid > 0) pids.push(dbPid);
  }
  return { pids, hostPublicKey };
}
