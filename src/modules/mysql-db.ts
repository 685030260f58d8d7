// mysql_db: creates, drops and imports schema scripts into databases, from the control node; an import runs once.
// fs.promises, read when called: `node:fs/promises` imported at the top would load on every start-up (the bundle hoists it).
import { promises as fs } from 'node:fs';
import { isAbsolute } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { mysqlConnectionArgs, withMysql, type MysqlLoginArgs } from '../mysql/connect.js';
import { quoteIdentifier, validateIdentifier } from '../mysql/identifiers.js';
import { importScript, listExistingTables } from '../mysql/import-script.js';
import { findCreatedTables, splitScript, type ScriptStatement } from '../mysql/split-script.js';
import { defineModule, type ModuleContext } from './types.js';

interface DbArgs extends MysqlLoginArgs {
  name: string[];
  state: 'present' | 'absent' | 'import';
  encoding?: string;
  collation?: string;
  target?: string;
  remote_src: boolean;
  force: boolean;
}

interface DbState {
  name: string;
  exists: boolean;
  charset?: string;
  collation?: string;
  /** Tables of the script already present (import only). */
  present: string[];
}

interface DbRead {
  dbs: DbState[];
  script?: { statements: ScriptStatement[]; tables: string[] };
}

interface DbChange {
  create: string[];
  alter: string[];
  drop: string[];
  imports: string[];
}

const CHARSET = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Whether the server's name for a character set or collation is the one asked for. `utf8` is an alias the server
 * reports as `utf8mb3` (MariaDB 10.6+, MySQL 8), collations likewise (`utf8_general_ci`).
 */
function sameCharsetName(server: string | undefined, wanted: string): boolean {
  const norm = (n: string) => n.toLowerCase().replace(/^utf8(?!mb)/, 'utf8mb3');
  return server !== undefined && norm(server) === norm(wanted);
}

function charsetClause(a: DbArgs): string {
  for (const [k, v] of [['encoding', a.encoding], ['collation', a.collation]] as const) {
    if (v !== undefined && !CHARSET.test(v)) throw new CarbonPlayError('module', `invalid ${k}: expected letters, digits or _, got ${JSON.stringify(v)}`);
  }
  return `${a.encoding ? ` CHARACTER SET ${a.encoding}` : ''}${a.collation ? ` COLLATE ${a.collation}` : ''}`;
}

async function loadScript(a: DbArgs, ctx: ModuleContext): Promise<string> {
  const target = a.target!;
  if (a.remote_src) {
    const bytes = await ctx.conn.readFile(target, { become: ctx.become });
    if (!bytes) throw new CarbonPlayError('module', `target ${target} not found on ${ctx.conn.host}`);
    return bytes.toString('utf8');
  }
  let path = target;
  if (!isAbsolute(target)) {
    try { path = ctx.findFile('files', target); } catch { /* relative to the working directory then */ }
  }
  return fs.readFile(path, 'utf8').catch(() => { throw new CarbonPlayError('module', `target ${target} not found on the control node`); });
}

export const mysqlDb = defineModule<DbArgs, DbRead, DbChange>({
  name: 'mysql_db',
  description: 'Create, drop, or import a schema script into MySQL/MariaDB databases (runs on the control node).',
  schema: {
    args: {
      name: { type: 'list', elements: 'str', required: true, aliases: ['names', 'db'], description: 'database name(s)' },
      state: { type: 'str', default: 'present', choices: ['present', 'absent', 'import'], description: 'wanted state' },
      encoding: { type: 'str', description: 'character set for a new database, e.g. latin1' },
      collation: { type: 'str', description: 'collation for a new database' },
      target: { type: 'path', description: 'schema script to import (control node, or the task host with remote_src)' },
      remote_src: { type: 'bool', default: false, description: 'read target from the host the task runs for' },
      force: { type: 'bool', default: false, description: 'import even when the script tables exist' },
      ...mysqlConnectionArgs,
    },
    check: (a) => (a.state === 'import' && a.target === undefined ? ['state=import needs target'] : []),
  },
  async read(a, ctx) {
    const names = a.name.map((n) => validateIdentifier(String(n)));
    // schema.check runs at load time on raw args; a templated target can still render empty.
    if (a.state === 'import' && !a.target) throw new CarbonPlayError('module', 'state=import needs target (the schema script)');
    if (names.length === 0) throw new CarbonPlayError('module', 'invalid database name: expected at least one name, got none');
    charsetClause(a);
    const script = a.state === 'import' ? await loadScript(a, ctx).then((text) => {
      const statements = splitScript(text);
      return { statements, tables: findCreatedTables(statements) };
    }) : undefined;
    const dbs = await withMysql(a, ctx, async (c) => {
      const [rows] = await c.query('SELECT SCHEMA_NAME AS n, DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names]);
      const found = new Map((rows as { n: string; cs: string; co: string }[]).map((r) => [r.n, r]));
      return Promise.all(names.map(async (name): Promise<DbState> => {
        const r = found.get(name);
        const present = r && script ? await listExistingTables(c, name, script.tables) : [];
        return { name, exists: r !== undefined, charset: r?.cs, collation: r?.co, present };
      }));
    });
    return { dbs, script };
  },
  plan(a, s) {
    const change: DbChange = { create: [], alter: [], drop: [], imports: [] };
    const notes: string[] = [];
    for (const d of s.dbs) {
      if (a.state === 'absent') {
        if (d.exists) change.drop.push(d.name);
        continue;
      }
      if (!d.exists) change.create.push(d.name);
      else if ((a.encoding && !sameCharsetName(d.charset, a.encoding)) || (a.collation && !sameCharsetName(d.collation, a.collation))) change.alter.push(d.name);
      if (a.state === 'import') {
        if (s.script!.tables.length === 0 && !a.force) throw new CarbonPlayError('module', `${a.target} creates no tables: cannot tell whether it was imported (use force: true)`);
        if (d.present.length === 0 || a.force) change.imports.push(d.name);
        else notes.push(`${d.name} already has ${d.present.length} of the script's ${s.script!.tables.length} tables (${d.present.slice(0, 3).join(', ')}${d.present.length > 3 ? ', …' : ''})`);
      }
    }
    const parts = [
      change.create.length ? `create ${change.create.join(', ')}${charsetClause(a)}` : '',
      change.alter.length ? `alter ${change.alter.join(', ')} to${charsetClause(a)}` : '',
      change.drop.length ? `drop ${change.drop.join(', ')}` : '',
      change.imports.length ? `import ${a.target} (${s.script!.statements.length} statements, ${s.script!.tables.length} tables) into ${change.imports.join(', ')}` : '',
    ].filter(Boolean);
    const data = { db: a.name.join(','), db_list: a.name };
    if (parts.length === 0) {
      const reason = a.state === 'absent' ? 'database(s) absent' : notes.length ? `not imported again: ${notes.join('; ')}` : 'database(s) present';
      return { kind: 'noop', reason, data };
    }
    return { kind: 'change', summary: parts.join('; '), data: change };
  },
  async apply(ch, a, ctx) {
    const done: string[] = [];
    const script = ch.imports.length ? splitScript(await loadScript(a, ctx)) : [];
    return withMysql(a, ctx, async (c) => {
      for (const n of ch.create) await c.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(n)}${charsetClause(a)}`);
      for (const n of ch.alter) await c.query(`ALTER DATABASE ${quoteIdentifier(n)}${charsetClause(a)}`);
      for (const n of ch.drop) await c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(n)}`);
      if (ch.create.length) done.push(`created ${ch.create.join(', ')}`);
      if (ch.alter.length) done.push(`altered ${ch.alter.join(', ')}`);
      if (ch.drop.length) done.push(`dropped ${ch.drop.join(', ')}`);
      for (const n of ch.imports) {
        const r = await importScript(c, n, script, a.target!);
        if (!r.ok) return { status: 'failed' as const, msg: [...done, r.msg].join('; '), data: { db: a.name.join(','), db_list: a.name } };
        done.push(r.msg);
      }
      return { status: 'changed' as const, msg: done.join('; '), data: { db: a.name.join(','), db_list: a.name } };
    });
  },
});
