// A throwaway MariaDB server for tests and the sandbox: install the datadir, start mariadbd, create a TCP admin.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pickFreePort } from './free-port.js';

const run = promisify(execFile);

export interface MariadbOptions {
  /** Holds datadir, socket and log; created when missing. */
  dir: string;
  /** Free port picked when omitted. */
  port?: number;
  /** Loopback by default; several addresses comma-separated. */
  bindAddress?: string;
  /** Run mariadbd inside this network namespace (`ip netns exec`). */
  netns?: string;
}

export interface Mariadb {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  socket: string;
  stop(): Promise<void>;
}

export const MARIADB_ADMIN_USER = 'carbon_admin';

/** Starts mariadbd as a child process and returns once it accepts SQL over its socket. */
export async function startMariadb(opts: MariadbOptions): Promise<Mariadb> {
  const datadir = join(opts.dir, 'data');
  const socket = join(opts.dir, 'mysqld.sock');
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  const host = bindAddress.split(',')[0].trim();
  await mkdir(opts.dir, { recursive: true });
  if (!existsSync(join(datadir, 'mysql'))) {
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=socket',
      '--skip-test-db'], { timeout: 120_000 });
  }
  const port = opts.port ?? (await pickFreePort(host === '0.0.0.0' ? '127.0.0.1' : host));
  const args = ['mariadbd', '--no-defaults', '--user=root', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`,
    `--bind-address=${bindAddress}`, '--skip-name-resolve', `--pid-file=${join(opts.dir, 'mysqld.pid')}`,
    `--log-error=${join(opts.dir, 'mariadb.log')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M'];
  const cmd = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...args] : args;
  const log = await open(join(opts.dir, 'mariadbd.out'), 'a');
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', log.fd, log.fd] });
  await log.close();
  let exited = false;
  child.once('exit', () => { exited = true; });
  const adminPassword = randomBytes(12).toString('hex');
  try {
    await waitForSocket(socket, () => exited, 30_000);
    // With skip-name-resolve, clients match by IP: grant to '%' (the server is reachable only where it binds).
    await runSql(socket, [
      `CREATE USER IF NOT EXISTS '${MARIADB_ADMIN_USER}'@'%' IDENTIFIED BY '${adminPassword}';`,
      `ALTER USER '${MARIADB_ADMIN_USER}'@'%' IDENTIFIED BY '${adminPassword}';`,
      `GRANT ALL PRIVILEGES ON *.* TO '${MARIADB_ADMIN_USER}'@'%' WITH GRANT OPTION;`,
      'FLUSH PRIVILEGES;',
    ].join('\n'));
  } catch (err) {
    await stopChild(child, () => exited);
    throw err;
  }
  return { host, port, adminUser: MARIADB_ADMIN_USER, adminPassword, socket, stop: () => stopChild(child, () => exited) };
}

/** Runs SQL as root over the socket; the SQL goes on stdin so passwords never reach a command line. */
export async function runSql(socket: string, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-N', '-B'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    c.once('error', reject);
    c.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`mariadb client exited ${code}: ${err.trim()}`))));
    c.stdin.end(sql);
  });
}

async function waitForSocket(socket: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error('mariadbd exited during startup (see mariadb.log in its dir)');
    if (existsSync(socket)) {
      try { await runSql(socket, 'SELECT 1;'); return; } catch { /* not accepting yet */ }
    }
    if (Date.now() > deadline) throw new Error(`mariadbd not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopChild(child: ChildProcess, hasExited: () => boolean): Promise<void> {
  if (hasExited() || child.pid === undefined) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => { if (!hasExited()) child.kill('SIGKILL'); }, 15_000);
  await done;
  clearTimeout(timer);
}
