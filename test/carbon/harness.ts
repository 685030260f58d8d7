// Test harness for the stand-in server: unpack a product, edit its config files, run it, read its log.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, rmSync, statSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll } from 'vitest';
import { packProduct } from '../../sandbox/carbon/pack.js';
import { packFromDistribution } from '../../sandbox/carbon/pack-from.js';
import { assembleDistribution, type FixtureProduct } from './fixture-dist.js';
import { pickFreeOffset } from '../../src/sandbox/free-port.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export const DRIVER_JAR = '/usr/share/java/mariadb-java-client.jar';
const packs = new Map<string, Promise<string>>();
const made: string[] = [];
// Registered when a test file imports the harness: every unpacked node and pack of that file is removed at its end.
const running: Run[] = [];
afterAll(async () => {
  // A test that failed before stopping its server must not leave it running.
  for (const r of running.splice(0)) await r.stop();
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Builds each product's pack once per test file, in a temp dir: the template pack, or one from the real fixture files. */
function packOnce(product: string, real: boolean): Promise<string> {
  const key = `${product}:${real}`;
  if (!packs.has(key)) {
    const outDir = makeTempDir('pack-');
    made.push(outDir);
    packs.set(key, real
      ? packFromDistribution({ from: assembleDistribution(product as FixtureProduct, { form: 'folder', dir: join(outDir, 'dist') }), outDir })
      : packProduct({ product, outDir }));
  }
  return packs.get(key) as Promise<string>;
}

export interface Node { home: string; conf: string; lib: string; edit(rel: string, fn: (s: string) => string): void; write(rel: string, s: string): void }

/** Unzips a fresh copy of the product (modes kept) and, unless told not to, puts the MariaDB driver in its lib. */
export async function unpack(product: string, opts: { driver?: boolean; real?: boolean } = {}): Promise<Node> {
  const zip = readFileSync(await packOnce(product, opts.real ?? false));
  const base = makeTempDir('carbon-');
  made.push(base);
  let top = '';
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    top ||= name.split('/')[0];
    const path = join(base, name);
    if (name.endsWith('/')) { mkdirSync(path, { recursive: true }); continue; }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    if (name.endsWith('.sh') || name.endsWith('/bin/java')) chmodSync(path, 0o755);
  }
  const home = join(base, top);
  const ei = existsSync(join(home, 'conf', 'carbon.xml'));
  const conf = join(home, ei ? 'conf' : 'repository/conf');
  const lib = join(home, ei ? 'lib' : 'repository/components/lib');
  if (opts.driver !== false) copyFileSync(DRIVER_JAR, join(lib, 'mariadb-java-client.jar'));
  return {
    home, conf, lib,
    edit: (rel, fn) => { const p = join(conf, rel); writeFileSync(p, fn(readFileSync(p, 'latin1')), 'latin1'); },
    write: (rel, s) => { mkdirSync(dirname(join(conf, rel)), { recursive: true }); writeFileSync(join(conf, rel), s); },
  };
}

export interface DsSpec { name: string; jndi: string; url: string; user: string; password: string; driver?: string }

/** A master-datasources.xml with the given RDBMS datasources (URL escaped as XML). */
export function renderDataSources(list: DsSpec[], root = 'datasources-configuration'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const items = list.map((d) => `    <datasource><name>${d.name}</name><jndiConfig><name>${d.jndi}</name></jndiConfig>
      <definition type="RDBMS"><configuration><url>${esc(d.url)}</url><username>${d.user}</username><password>${esc(d.password)}</password>
      <driverClassName>${d.driver ?? 'org.mariadb.jdbc.Driver'}</driverClassName></configuration></definition></datasource>`);
  return `<${root} xmlns:svns="http://org.wso2.securevault/configuration">\n  <datasources>\n${items.join('\n')}\n  </datasources>\n</${root}>\n`;
}

export interface Run { code: number | null; log: string; proc: ChildProcess; stop(): Promise<void> }

/** Runs the server in the foreground until it logs its start or exits; `stop` sends SIGTERM and waits. */
export async function runServer(node: Node, args: string[] = [], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Run> {
  const logFile = join(node.home, 'repository/logs/wso2carbon.log');
  // Only lines written by this run count: earlier runs' lines would fool the wait.
  const from = existsSync(logFile) ? statSync(logFile).size : 0;
  // Unless a test gives its own hosts file, names resolve from /etc/hosts only: no test makes the stand-in ask DNS.
  // Its own process group: WSO2's script runs the "JVM" as a child, so a stop signals the whole group.
  const script = existsSync(join(node.home, 'bin/wso2server.sh')) ? 'bin/wso2server.sh' : 'bin/integrator.sh';
  const proc = spawn(join(node.home, script), args, { env: { CARBON_STANDIN_HOSTS_FILE: '/etc/hosts', ...process.env, ...env }, stdio: 'ignore', detached: true });
  let code: number | null = null;
  const exited = new Promise<void>((r) => proc.once('exit', (c) => { code = c; r(); }));
  const read = () => { try { return readFileSync(logFile).subarray(from).toString('utf8'); } catch { return ''; } };
  const deadline = Date.now() + timeoutMs;
  while (code === null && !/WSO2 Carbon started in/.test(read()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const run: Run = {
    get code() { return code; }, get log() { return read(); }, proc,
    stop: async () => {
      if (code !== null) return;
      // The group may be gone already while its exit is not yet seen here.
      try { process.kill(-proc.pid!, 'SIGTERM'); } catch { /* ESRCH: already gone */ }
      await exited;
    },
  };
  running.push(run);
  return run;
}

/** One request to the node on 127.0.0.1; `tls` speaks HTTPS and returns the certificate the port served. */
export function get(port: number, path = '/carbon/admin/login.jsp', method = 'GET', tls = false): Promise<{ status: number; body: string; cert?: Buffer }> {
  return new Promise((resolve, reject) => {
    const opts = { host: '127.0.0.1', port, path, method, rejectUnauthorized: false };
    const done = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      const cert = tls ? (res.socket as TLSSocket).getPeerCertificate().raw : undefined;
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert }));
    };
    const req = tls ? httpsRequest(opts, done) : httpRequest(opts, done);
    req.on('error', reject);
    req.end(method === 'PUT' ? 'artifact' : undefined);
  });
}

/** Waits until the log matches (the cluster links are asynchronous). */
export async function waitForLog(node: Node, re: RegExp, timeoutMs = 60_000): Promise<string> {
  const logFile = join(node.home, 'repository/logs/wso2carbon.log');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    if (re.test(text) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port offset whose Carbon ports (9763, 9443, 8280, 8243 shifted by it) are free now. */
export const freeOffset = (): Promise<number> => pickFreeOffset([9763, 9443, 8280, 8243]);
