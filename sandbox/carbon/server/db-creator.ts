// dbscripts/mysql.sql run as carbon-kernel 4.4's utils/dbcreator/DatabaseCreator runs it: one statement at a time, no lock.
import type { Connection } from 'mysql2/promise';

/**
 * DatabaseCreator.executeSQLScript's reading of a script: lines trimmed; lines starting with `//` or `--`, or whose
 * first word is REM, dropped; the rest joined with a space (so each statement starts with one); a line holding `--`
 * ends with a newline; a statement ends where the text ends with `;`. Whatever is left at the end runs too.
 */
export function splitScript(text: string, delimiter = ';'): string[] {
  const out: string[] = [];
  let sql = '';
  // BufferedReader.readLine: \n, \r or \r\n end a line, and a final line ending starts no new line.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('//') || line.startsWith('--') || /^REM(\s|$)/i.test(line)) continue;
    sql += ' ' + line;
    if (line.includes('--')) sql += '\n';
    if (sql.endsWith(delimiter)) {
      out.push(sql.slice(0, sql.length - delimiter.length));
      sql = '';
    }
  }
  if (sql.length > 0) out.push(sql);
  // executeSQL ignores empty statements.
  return out.filter((s) => s.trim() !== '');
}

/** The SQLException a JDBC 4 driver throws for a server error: its class follows the SQLState's class (42 = syntax/access). */
export function javaSqlException(e: unknown): string {
  const err = e as { sqlState?: string; sqlMessage?: string; message: string };
  const state = err.sqlState ?? '';
  const cls = state.startsWith('42') ? 'java.sql.SQLSyntaxErrorException'
    : state.startsWith('23') ? 'java.sql.SQLIntegrityConstraintViolationException' : 'java.sql.SQLException';
  return `${cls}: ${err.sqlMessage ?? err.message}`;
}

/** A statement of the script failed: DatabaseCreator.executeSQL's "Error occurred while executing : <sql>", with the driver's error under it. */
export class ScriptError extends Error {
  constructor(readonly sql: string, readonly cause: string) {
    super(`Error occurred while executing : ${sql}`);
  }
}

/**
 * DatabaseCreator.createRegistryDatabase: every statement in turn; the first that fails stops the script (only Derby's
 * and DB2's "table exists" states are ignored, never MySQL's), and what ran before it stays (DDL commits at once in MySQL).
 */
export async function runScript(c: Connection, text: string): Promise<void> {
  for (const sql of splitScript(text)) {
    try {
      await c.query(sql);
    } catch (e) {
      throw new ScriptError(sql, javaSqlException(e));
    }
  }
}

/** DatabaseCreator.isDatabaseStructureCreated (and JDBCDataAccessManager.isDatabaseExisting): the query runs, or the tables are missing. */
export async function queryAnswers(c: Connection, sql: string): Promise<boolean> {
  try {
    await c.query(sql);
    return true;
  } catch {
    return false;
  }
}
