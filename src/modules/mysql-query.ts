// mysql_query: runs statements with placeholders from the control node; read-only queries run in check mode too.
import { CarbonPlayError } from '../core/errors.js';
import type { QueryOptions } from 'mysql2';
import { mysqlConnectionArgs, sqlErrorMessage, withMysql, type MysqlLoginArgs, type SqlConnection } from '../mysql/connect.js';
import { defineModule, type ModuleContext } from './types.js';

interface QueryArgs extends MysqlLoginArgs {
  query: string | string[];
  positional_args?: unknown[];
  named_args?: Record<string, unknown>;
  single_transaction: boolean;
}

interface QueryOutcome {
  query_result: unknown[][];
  rowcount: number[];
  executed_queries: string[];
  changed: boolean;
}

const READ_ONLY = /^\s*(SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|WITH)\b/i;
const DDL = /^\s*(CREATE|DROP|ALTER|TRUNCATE|RENAME|GRANT|REVOKE)\b/i;

/** Ansible's Python placeholders (`%s`, `%(name)s`) become mysql2's (`?`, `:name`). */
export function toMysql2Placeholders(sql: string): string {
  return sql.replace(/%\((\w+)\)s/g, ':$1').replace(/%s/g, '?');
}

function queriesOf(a: QueryArgs): string[] {
  const list = (Array.isArray(a.query) ? a.query : [a.query]).map(String).filter((q) => q.trim());
  if (list.length === 0) throw new CarbonPlayError('module', 'query: expected at least one statement, got none');
  return list;
}

async function runQueries(a: QueryArgs, ctx: ModuleContext): Promise<QueryOutcome> {
  const queries = queriesOf(a);
  // The argument schema guarantees a list or a mapping; mysql2 types only its own value union.
  const values = (a.named_args ?? a.positional_args) as QueryOptions['values'];
  return withMysql(a, ctx, async (c: SqlConnection) => {
    const out: QueryOutcome = { query_result: [], rowcount: [], executed_queries: [], changed: false };
    if (a.single_transaction) await c.beginTransaction();
    try {
      for (const q of queries) {
        const [res] = await c.query(toMysql2Placeholders(q), values);
        out.executed_queries.push(q);
        if (Array.isArray(res)) {
          out.query_result.push(res as unknown[]);
          out.rowcount.push(res.length);
        } else {
          const affected = (res as { affectedRows?: number }).affectedRows ?? 0;
          out.query_result.push([]);
          out.rowcount.push(affected);
          if (affected > 0 || DDL.test(q)) out.changed = true;
        }
      }
      if (a.single_transaction) await c.commit();
    } catch (err) {
      if (a.single_transaction) await c.rollback().catch(() => undefined);
      const n = out.executed_queries.length + 1;
      throw new CarbonPlayError('module', `query ${n} of ${queries.length} failed${a.single_transaction ? ' (transaction rolled back)' : ''}: ${sqlErrorMessage(err)}`, {}, { cause: err });
    }
    return out;
  }, a.named_args ? { namedPlaceholders: true } : {});
}

export const mysqlQuery = defineModule<QueryArgs, QueryOutcome | undefined, true>({
  name: 'mysql_query',
  description: 'Run SQL statements with placeholders on a MySQL/MariaDB server (runs on the control node).',
  schema: {
    args: {
      query: { type: ['str', 'list'], required: true, description: 'a statement or a list of statements' },
      positional_args: { type: 'list', description: 'values for `?` / `%s` placeholders' },
      named_args: { type: 'dict', description: 'values for `:name` / `%(name)s` placeholders' },
      single_transaction: { type: 'bool', default: false, description: 'run all statements in one transaction' },
      ...mysqlConnectionArgs,
    },
    mutuallyExclusive: [['positional_args', 'named_args']],
  },
  // Read-only statements change nothing, so they run here (check mode included) and the task is ok.
  async read(a, ctx) {
    return queriesOf(a).every((q) => READ_ONLY.test(q)) ? runQueries(a, ctx) : undefined;
  },
  plan(a, s) {
    if (s) return { kind: 'noop', reason: `${s.executed_queries.length} read-only quer${s.executed_queries.length === 1 ? 'y' : 'ies'}`, data: { ...s } };
    const n = queriesOf(a).length;
    return { kind: 'change', summary: `run ${n} statement${n === 1 ? '' : 's'}${a.single_transaction ? ' in one transaction' : ''}`, data: true };
  },
  async apply(_d, a, ctx) {
    const r = await runQueries(a, ctx);
    const { changed, ...data } = r;
    return { status: changed ? 'changed' : 'ok', msg: `${r.executed_queries.length} statement(s), ${r.rowcount.reduce((x, y) => x + y, 0)} row(s)`, data };
  },
});
