// The db host's MariaDB: wait until it answers, then create the admin login used over TCP.
import { randomBytes } from 'node:crypto';
import { mustRun } from './exec.js';
import { waitForPort } from './wait-port.js';

export const DB_ADMIN_USER = 'carbon_admin';

/** Creates (or resets) the admin user; the password goes to the client on stdin, never on a command line. */
export async function setupDatabase(opts: { ip: string; sshdPid: number; password?: string }): Promise<{ user: string; password: string }> {
  if (!(await waitForPort(opts.ip, 3306, 30_000))) throw new Error(`db: MariaDB did not come up on ${opts.ip}:3306`);
  const password = opts.password ?? randomBytes(12).toString('hex');
  const sql = [
    `CREATE USER IF NOT EXISTS '${DB_ADMIN_USER}'@'%' IDENTIFIED BY '${password}';`,
    `ALTER USER '${DB_ADMIN_USER}'@'%' IDENTIFIED BY '${password}';`,
    `GRANT ALL PRIVILEGES ON *.* TO '${DB_ADMIN_USER}'@'%' WITH GRANT OPTION;`,
    'FLUSH PRIVILEGES;',
  ].join('\n');
  // Enter the host's mount namespace: its MariaDB socket lives in the host's private /run.
  await mustRun('nsenter', ['-t', String(opts.sshdPid), '-m', '-n', 'mariadb', '--no-defaults', '--socket=/run/mysqld/mysqld.sock', '-u', 'root'], { input: sql });
  return { user: DB_ADMIN_USER, password };
}

export type SetupDatabase = typeof setupDatabase;

/**
 * Every db host (`--db`, or each host of `dbservers` with `--like`) gets the same admin login, so the one pair written
 * into the inventory works on all of them. Undefined when there is no db host.
 */
export async function setupDatabases(hosts: Array<{ ip: string; pids: number[] }>, setup: SetupDatabase = setupDatabase): Promise<{ user: string; password: string } | undefined> {
  if (hosts.length === 0) return undefined;
  const password = randomBytes(12).toString('hex');
  const logins = await Promise.all(hosts.map((h) => setup({ ip: h.ip, sshdPid: h.pids[0], password })));
  return logins[0];
}
