// Privileges in normalised form: Ansible's `priv` string, SHOW GRANTS lines, and the GRANT/REVOKE statements between them.
import { CarbonPlayError } from '../core/errors.js';
import { quoteGrantTarget } from './identifiers.js';

/** Target (`db.*`, unquoted) → privileges (upper case, `ALL PRIVILEGES` for ALL, `GRANT` for the grant option). */
export type PrivMap = Map<string, Set<string>>;

const PRIV_NAME = /^[A-Z][A-Z ]*$/;

function normalizePriv(p: string): string {
  const u = p.trim().toUpperCase().replace(/\s+/g, ' ');
  if (u === 'ALL') return 'ALL PRIVILEGES';
  if (u === 'GRANT OPTION') return 'GRANT';
  return u;
}

function normalizeTarget(t: string): string {
  return t.trim().replace(/`/g, '').replace(/\\_/g, '_');
}

/** Splits on commas outside parentheses (column privileges `SELECT (a, b)`). */
function splitPrivs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

/** `'DB.*:ALL/DB2.*:SELECT,INSERT,GRANT'` → PrivMap. Throws on a malformed entry. */
export function parsePrivString(priv: string | Record<string, string>): PrivMap {
  const entries = typeof priv === 'string'
    ? priv.split('/').filter((s) => s.trim()).map((e) => {
      const i = e.lastIndexOf(':');
      if (i <= 0) throw new CarbonPlayError('module', `invalid priv entry: expected DB.TABLE:PRIV[,PRIV...], got ${JSON.stringify(e)}`);
      return [e.slice(0, i), e.slice(i + 1)] as const;
    })
    : Object.entries(priv);
  const map: PrivMap = new Map();
  for (const [target, privs] of entries) {
    quoteGrantTarget(target.trim());
    const set = new Set(splitPrivs(String(privs)).map(normalizePriv));
    for (const p of set) {
      if (!PRIV_NAME.test(p)) throw new CarbonPlayError('module', `invalid privilege: expected a name like SELECT or ALL, got ${JSON.stringify(p)}`);
    }
    map.set(normalizeTarget(target), set);
  }
  return map;
}

const GRANT_LINE = /^GRANT (.+?) ON (?:(?:PROCEDURE|FUNCTION) )?(\S+) TO /;

/**
 * The static privileges MySQL 8.0 lists, one by one, for `GRANT ALL ON *.*` (SHOW GRANTS never says ALL there), and
 * MySQL 8.4 too. A `*.*` line holding every one of them is ALL; the dynamic privileges (`BACKUP_ADMIN`, one word with
 * underscores, on a second line) come with ALL, so they are part of it.
 */
const MYSQL8_GLOBAL_STATIC = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'RELOAD', 'SHUTDOWN', 'PROCESS', 'FILE', 'REFERENCES', 'INDEX', 'ALTER',
  'SHOW DATABASES', 'SUPER', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'REPLICATION SLAVE', 'REPLICATION CLIENT', 'CREATE VIEW',
  'SHOW VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'CREATE USER', 'EVENT', 'TRIGGER', 'CREATE TABLESPACE', 'CREATE ROLE', 'DROP ROLE',
];

/**
 * A global set that is MySQL 8's spelled-out ALL becomes `ALL PRIVILEGES` (keeping the grant option): whatever else a
 * later version lists beside it came with ALL too, so nothing of it is left over for a diff to revoke.
 */
function collapseGlobalAll(set: Set<string>): Set<string> {
  if (!MYSQL8_GLOBAL_STATIC.every((p) => set.has(p))) return set;
  return new Set(set.has('GRANT') ? ['ALL PRIVILEGES', 'GRANT'] : ['ALL PRIVILEGES']);
}

/** Rows of SHOW GRANTS → PrivMap. Role grants and proxies are skipped; USAGE alone yields no entry. */
export function parseShowGrants(lines: readonly string[]): PrivMap {
  const map: PrivMap = new Map();
  for (const line of lines) {
    const m = GRANT_LINE.exec(line);
    if (!m) continue;
    const set = new Set(splitPrivs(m[1]!).map(normalizePriv).filter((p) => p !== 'USAGE'));
    if (/\sWITH\s.*GRANT OPTION/.test(line)) set.add('GRANT');
    const target = normalizeTarget(m[2]!);
    const prev = map.get(target);
    for (const p of prev ?? []) set.add(p);
    if (set.size > 0) map.set(target, set);
  }
  const global = map.get('*.*');
  if (global) map.set('*.*', collapseGlobalAll(global));
  return map;
}

export interface GrantChange {
  target: string;
  grant: string[];
  revoke: string[];
}

/** What to grant and revoke per target; `append` keeps privileges not asked for. Empty when nothing differs. */
export function diffPrivs(current: PrivMap, wanted: PrivMap, append: boolean): GrantChange[] {
  const out: GrantChange[] = [];
  const targets = new Set([...wanted.keys(), ...(append ? [] : current.keys())]);
  for (const target of targets) {
    const have = current.get(target) ?? new Set<string>();
    const want = wanted.get(target) ?? new Set<string>();
    // ALL covers every single privilege, so a wanted SELECT beside a current ALL needs nothing when appending.
    const grant = [...want].filter((p) => !have.has(p) && !(append && have.has('ALL PRIVILEGES') && p !== 'GRANT'));
    const revoke = append ? [] : [...have].filter((p) => !want.has(p));
    if (grant.length || revoke.length) out.push({ target, grant, revoke });
  }
  return out;
}

/** GRANT/REVOKE statements for changes, privileges revoked first. */
export function renderGrantStatements(changes: readonly GrantChange[], account: string): string[] {
  const sql: string[] = [];
  for (const c of changes) {
    const on = quoteGrantTarget(c.target);
    const privs = (list: string[]) => list.filter((p) => p !== 'GRANT');
    const rev = privs(c.revoke);
    if (rev.length) sql.push(`REVOKE ${rev.join(', ')} ON ${on} FROM ${account}`);
    if (c.revoke.includes('GRANT')) sql.push(`REVOKE GRANT OPTION ON ${on} FROM ${account}`);
    const gr = privs(c.grant);
    // The grant option alone still needs a privilege list: USAGE adds nothing else.
    if (gr.length || c.grant.includes('GRANT')) sql.push(`GRANT ${gr.length ? gr.join(', ') : 'USAGE'} ON ${on} TO ${account}${c.grant.includes('GRANT') ? ' WITH GRANT OPTION' : ''}`);
  }
  return sql;
}

/** `db.*: ALL, GRANT` lines for plan summaries. */
export function describeChanges(changes: readonly GrantChange[]): string {
  return changes.map((c) => [c.grant.length ? `grant ${c.grant.join(',')} on ${c.target}` : '', c.revoke.length ? `revoke ${c.revoke.join(',')} on ${c.target}` : ''].filter(Boolean).join(', ')).join('; ');
}
