// A datasource as Carbon opens it: driver class in a jar, host resolved via /etc/hosts, a real MySQL login.
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createConnection, type Connection } from 'mysql2/promise';
import { FatalError, PoolInitError } from './log.js';
import type { DataSource } from './config.js';

export interface JdbcTarget { host: string; port: number; database: string }

/** H2 is embedded in Carbon: its datasources need no jar and no network. */
export function isEmbedded(ds: DataSource): boolean {
  return ds.url.startsWith('jdbc:h2:');
}

export function parseJdbcUrl(ds: DataSource): JdbcTarget {
  const m = /^jdbc:(?:mysql|mariadb):\/\/([^:/?]+)(?::(\d+))?\/([^?;]*)/.exec(ds.url);
  if (!m) throw new FatalError('DataSourceRepository', `Error in initializing the data source ${ds.name}: unsupported JDBC URL '${ds.url}'`);
  return { host: m[1], port: Number(m[2] ?? 3306), database: decodeURIComponent(m[3]) };
}

/** Opens every jar in the lib dir and looks for the driver's class file. */
export function findDriverJar(libDir: string, className: string): string | undefined {
  const entry = className.replace(/\./g, '/') + '.class';
  let jars: string[] = [];
  try { jars = readdirSync(libDir).filter((f) => f.endsWith('.jar')); } catch { return undefined; }
  for (const jar of jars) {
    try {
      const files = unzipSync(readFileSync(join(libDir, jar)), { filter: (f) => f.name === entry });
      if (files[entry]) return jar;
    } catch { /* not a zip: Carbon skips it as well */ }
  }
  return undefined;
}

function lookupHostsFile(host: string, file: string): string | undefined {
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return undefined; }
  for (const raw of text.split('\n')) {
    const [ip, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (ip && isIP(ip) === 4 && names.some((n) => n.toLowerCase() === host.toLowerCase())) return ip;
  }
  return undefined;
}

/** The system's resolver, as Java's InetAddress uses it: nsswitch order (here `files dns`), IPv4. */
async function systemLookup(host: string): Promise<string> {
  return (await lookup(host, { family: 4 })).address;
}

export interface ResolveOptions {
  /** A hosts file that replaces the system's resolution altogether (tests): nothing is asked of DNS. */
  hostsFile?: string;
  /** The system lookup (/etc/hosts, then DNS); replaced in tests. */
  lookup?: (host: string) => Promise<string>;
  /** A lookup that takes longer fails as an unknown host (a sandbox host has no route to a DNS server: that fails at once). */
  timeoutMs?: number;
}

function resolveOptionsFromEnv(): ResolveOptions {
  return { hostsFile: process.env.CARBON_STANDIN_HOSTS_FILE || undefined, lookup: systemLookup, timeoutMs: 3000 };
}

/** Resolves a JDBC host as Carbon (Java) does: /etc/hosts, then DNS; an unknown name is Carbon's UnknownHostException. */
export async function resolveHost(host: string, dsName: string, opts: ResolveOptions = resolveOptionsFromEnv()): Promise<string> {
  if (isIP(host)) return host;
  const unknown = () => new PoolInitError(dsName, `Communications link failure: java.net.UnknownHostException: ${host}`);
  if (opts.hostsFile !== undefined) {
    const ip = lookupHostsFile(host, opts.hostsFile);
    if (ip) return ip;
    throw unknown();
  }
  const ask = opts.lookup ?? systemLookup;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), opts.timeoutMs ?? 3000); });
  try {
    return await Promise.race([ask(host), late]);
  } catch {
    throw unknown();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects with the datasource's credentials; failures are the SQLException tomcat-jdbc's pool reports. A driver class
 * in no jar: tomcat-jdbc's PooledConnection.connectUsingDriver loads it through ClassLoaderUtil.loadClass, whose
 * ClassNotFoundException ("Unable to load class: <class> from ClassLoader:...") becomes the SQLException's message.
 * (Carbon 4.4 pools with tomcat-jdbc, not commons-dbcp: "Cannot load JDBC driver class" is dbcp's and never appears.)
 */
export async function openDataSource(ds: DataSource, libDir: string): Promise<Connection> {
  const jar = findDriverJar(libDir, ds.driver);
  // The class loaders named are the stand-in's: the jars it searched.
  if (!jar) throw new PoolInitError(ds.name, `Unable to load class: ${ds.driver} from ClassLoader:${libDir}/*.jar`);
  const t = parseJdbcUrl(ds);
  const ip = await resolveHost(t.host, ds.name);
  try {
    return await createConnection({ host: ip, port: t.port, user: ds.user, password: ds.password, database: t.database, connectTimeout: 5000, multipleStatements: true });
  } catch (e) {
    const err = e as { code?: string; message: string };
    const why = err.code === 'ECONNREFUSED' || err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH'
      ? `Communications link failure: cannot reach ${t.host}:${t.port} (${err.code})` : err.message;
    throw new PoolInitError(ds.name, why);
  }
}
