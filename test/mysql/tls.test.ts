// TLS options against a real MariaDB started with our own CA: ssl_ca verifies chain and name, check_hostname false skips the name.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickFreePort } from '../../src/sandbox/free-port.js';
import { runSql, startMariadb } from '../../src/sandbox/mariadb.js';
import { createHarness } from '../helpers/module-harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const h = createHarness();
const dir = makeTempDir('mdb-tls-');
let child: ChildProcess | undefined;
let login: Record<string, unknown>;

function makeCerts(): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=db.invalid', '-keyout', 'server.key', '-out', 'server.csr');
  // The certificate names db.invalid, not 127.0.0.1: the name check must fail unless check_hostname is off.
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:db.invalid\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'server.pem');
}

beforeAll(async () => {
  makeCerts();
  // The shared helper knows no TLS flags: let it install the datadir and the admin user, then restart with TLS.
  const first = await startMariadb({ dir: join(dir, 'db') });
  await first.stop();
  const port = await pickFreePort();
  const socket = join(dir, 'db', 'tls.sock');
  child = spawn('mariadbd', ['--no-defaults', '--user=root', `--datadir=${join(dir, 'db', 'data')}`, `--socket=${socket}`, `--port=${port}`,
    '--bind-address=127.0.0.1', '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=16M', `--log-error=${join(dir, 'tls.log')}`,
    `--pid-file=${join(dir, 'tls.pid')}`, `--ssl-ca=${join(dir, 'ca.pem')}`, `--ssl-cert=${join(dir, 'server.pem')}`, `--ssl-key=${join(dir, 'server.key')}`], { stdio: 'ignore' });
  for (let i = 0; i < 300 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  await runSql(socket, 'SELECT 1;');
  login = { login_host: '127.0.0.1', login_port: port, login_user: first.adminUser, login_password: first.adminPassword };
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const done = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await done;
  }
  rmSync(dir, { recursive: true, force: true });
  h.cleanup();
});

const cipher = { query: "SHOW SESSION STATUS LIKE 'Ssl_cipher'" };

describe('TLS', () => {
  it('ssl_ca with check_hostname false: an encrypted session', async () => {
    const r = await h.run('mysql_query', { ...login, ...cipher, ssl_ca: join(dir, 'ca.pem'), check_hostname: false });
    expect(r.status).toBe('ok');
    const [[row]] = r.data?.query_result as [[{ Value: string }]];
    expect(row.Value).not.toBe('');
  });

  it('ssl_ca verifies the server name by default (certificate names db.invalid, not 127.0.0.1)', async () => {
    const r = await h.run('mysql_query', { ...login, ...cipher, ssl_ca: join(dir, 'ca.pem') });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/cannot connect to MySQL .*does not match certificate's altnames/) });
  });

  it('a CA that did not sign the server certificate is refused', async () => {
    const r = await h.run('mysql_query', { ...login, ...cipher, ssl_ca: join(dir, 'server.pem'), check_hostname: false });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/cannot connect to MySQL .*(self-signed certificate|unable to verify)/) });
  });

  it('a missing ssl_ca file is named in the message', async () => {
    const r = await h.run('mysql_query', { ...login, ...cipher, ssl_ca: join(dir, 'nope.pem') });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/ssl_ca: cannot read .*nope\.pem/) });
  });
});
