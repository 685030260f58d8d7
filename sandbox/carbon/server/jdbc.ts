// A datasource as Carbon opens it: driver class in a jar, host resolved via /etc/hosts, a real MySQL login.
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve4 } from 'node:dns/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createConnection, type Connection } from 'mysql2/promise';
import { FatalError } from './log.js';
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

function lookupHostsFile(host: string): string | undefined {
  const file = process.env.CARBON_STANDIN_HOSTS_FILE ?? '/etc/hosts';
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return undefined; }
  for (const raw of text.split('\n')) {
    const [ip, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (ip && isIP(ip) === 4 && names.some((n) => n.toLowerCase() === host.toLowerCase())) return ip;
  }
  return undefined;
}

/** /etc/hosts first; DNS only when CARBON_STANDIN_DNS=1, so the sandbox never sends queries outside. */
export async function resolveHost(host: string, dsName: string): Promise<string> {
  if (isIP(host)) return host;
  const fromFile = lookupHostsFile(host);
  if (fromFile) return fromFile;
  if (process.env.CARBON_STANDIN_DNS === '1') {
    try { return (await resolve4(host))[0]; } catch { /* falls through to the error below */ }
  }
  throw new FatalError('DataSourceRepository', `Error in initializing the data source ${dsName}: Communications link failure: java.net.UnknownHostException: ${host}`);
}

/** Connects with the datasource's credentials; failures read like the driver's messages in Carbon's log. */
export async function openDataSource(ds: DataSource, libDir: string): Promise<Connection> {
  const jar = findDriverJar(libDir, ds.driver);
  if (!jar) throw new FatalError('DataSourceRepository', `Error in initializing the data source ${ds.name}: Cannot load JDBC driver class '${ds.driver}' (not found in any jar under ${libDir})`);
  const t = parseJdbcUrl(ds);
  const ip = await resolveHost(t.host, ds.name);
  try {
    return await createConnection({ host: ip, port: t.port, user: ds.user, password: ds.password, database: t.database, connectTimeout: 5000, multipleStatements: true });
  } catch (e) {
    const err = e as { code?: string; message: string };
    const why = err.code === 'ECONNREFUSED' || err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH'
      ? `Communications link failure: cannot reach ${t.host}:${t.port} (${err.code})` : err.message;
    throw new FatalError('DataSourceRepository', `Error in initializing the data source ${ds.name}: ${why}`);
  }
}
