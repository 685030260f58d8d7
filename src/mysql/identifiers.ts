// Validation and quoting of database names, table names and user@host, so inventory values cannot inject SQL.
import { CarbonPlayError } from '../core/errors.js';

const DB_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

/** Throws unless `name` is a plain database/table name (letters, digits, `_`, `$`, `-`; up to 64). */
export function validateIdentifier(name: string, what = 'database name'): string {
  if (!DB_NAME.test(name)) {
    throw new CarbonPlayError('module', `invalid ${what}: expected letters, digits, _ $ - (1..64 characters), got ${JSON.stringify(name)}`);
  }
  return name;
}

/** Backtick-quoted identifier, after validation. */
export function quoteIdentifier(name: string, what?: string): string {
  return '`' + validateIdentifier(name, what) + '`';
}

/** A string literal for user and host names, which DDL cannot take as placeholders. Assumes the default sql_mode (backslash escapes on). */
export function quoteString(value: string): string {
  if (value.includes('\0')) throw new CarbonPlayError('module', 'invalid value: NUL characters are not allowed');
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

/** `'user'@'host'`, with both parts validated for length. */
export function quoteAccount(user: string, host: string): string {
  if (user.length === 0 || user.length > 80) throw new CarbonPlayError('module', `invalid user name: expected 1..80 characters, got ${user.length}`);
  if (host.length === 0 || host.length > 255) throw new CarbonPlayError('module', `invalid host: expected 1..255 characters, got ${host.length}`);
  return `${quoteString(user)}@${quoteString(host)}`;
}

/** `db.*`, `db.table` or `*.*` from Ansible's priv form, quoted. */
export function quoteGrantTarget(target: string): string {
  const m = /^([^.]+)\.([^.]+)$/.exec(target);
  if (!m) throw new CarbonPlayError('module', `invalid grant target: expected DB.TABLE, DB.* or *.*, got ${JSON.stringify(target)}`);
  const part = (s: string, what: string) => (s === '*' ? '*' : quoteIdentifier(s.replace(/^`|`$/g, ''), what));
  return `${part(m[1]!, 'database name in priv')}.${part(m[2]!, 'table name in priv')}`;
}
