// What several rules read from a node: its datasources' JDBC hosts and databases, its -Dsetup flag, its mapped names.
import type { ClusterHost } from '../src/check/types.js';

export interface JdbcTarget {
  host: string;
  database: string;
  datasource: string;
  jndi: string;
}

type Datasource = { name?: string; jndi?: string; url?: string; database?: string; driver?: string };

/** The Carbon nodes the rules look at: the `carbon` group. */
export const NODE_GROUP = 'carbon';

export function list<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function text(v: unknown, fallback = ''): string {
  return v === undefined || v === null ? fallback : String(v);
}

/** As Ansible's `bool` filter reads a value: an INI `false` is the string "false", which is false. */
export function isTrue(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && ['yes', 'on', '1', 'true'].includes(v.toLowerCase()));
}

export function datasourcesOf(h: ClusterHost): Datasource[] {
  return [...list<Datasource>(h.get('carbon_datasources')), ...list<Datasource>(h.get('das_analytics_datasources'))];
}

/** Where each datasource points: the host and database of its JDBC URL, or carbon_db_host_name and `database`. */
export function jdbcTargets(h: ClusterHost): JdbcTarget[] {
  return datasourcesOf(h).map((ds) => {
    if (ds.url) {
      const parts = ds.url.split('/');
      return { host: text(parts[2]).split(':')[0], database: text(parts[3]).split('?')[0], datasource: text(ds.name), jndi: text(ds.jndi) };
    }
    return { host: text(h.get('carbon_db_host_name'), 'localhost'), database: text(ds.database), datasource: text(ds.name), jndi: text(ds.jndi) };
  });
}

/** The user store's database as `host/database`, or '' for the embedded H2. */
export function userStoreDb(h: ClusterHost): string {
  const jndi = text(h.get('carbon_user_store_jndi'), 'jdbc/WSO2CarbonDB');
  const t = jdbcTargets(h).find((x) => x.jndi === jndi);
  return t ? `${t.host}/${t.database}` : '';
}

export function hasIp(h: ClusterHost | undefined): boolean {
  return text(h?.get('ansible_host')) !== '';
}

/** Unordered pairs of the nodes, each once, in inventory order. */
export function pairs<T>(items: T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}
