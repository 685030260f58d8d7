// A database's schema objects (tables, views, indexes, triggers, routines) and what one script statement does to them.
import type { SqlConnection } from './connect.js';

export type ObjectKind = 'TABLE' | 'VIEW' | 'INDEX' | 'TRIGGER' | 'PROCEDURE' | 'FUNCTION';

export interface SchemaObject {
  kind: ObjectKind;
  name: string;
  /** The table an index or trigger belongs to. */
  table?: string;
}

/** What one statement does: the object it creates or drops, or the table whose rows or shape it changes. */
export interface StatementEffect {
  creates?: SchemaObject;
  /** `CREATE OR REPLACE`: an existing object of that name is replaced, not kept. */
  replaces?: boolean;
  drops?: SchemaObject;
  writes?: string;
}

/** Identity of an object for comparing snapshots (MySQL compares index and routine names without case). */
export function objectKey(o: SchemaObject): string {
  return (o.kind === 'INDEX' ? `INDEX ${o.table}.${o.name}` : `${o.kind === 'VIEW' ? 'TABLE' : o.kind} ${o.name}`).toUpperCase();
}

export function describeObject(o: SchemaObject): string {
  return o.kind === 'INDEX' ? `index ${o.name} on ${o.table}` : `${o.kind.toLowerCase()} ${o.name}`;
}

const NAME = '(`[^`]+`|[A-Za-z0-9_$]+)(?:\\s*\\.\\s*(`[^`]+`|[A-Za-z0-9_$]+))?';
const OR_REPLACE = '(OR\\s+REPLACE\\s+)?';
const IF_NOT_EXISTS = '(?:IF\\s+NOT\\s+EXISTS\\s+)?';
const DEFINER = '(?:DEFINER\\s*=\\s*\\S+\\s+)?';
const PATTERNS: [RegExp, (m: RegExpExecArray, name: (i: number) => string) => StatementEffect][] = [
  [new RegExp(`^CREATE\\s+${OR_REPLACE}(?:TEMPORARY\\s+)?TABLE\\s+${IF_NOT_EXISTS}${NAME}`, 'i'), (m, n) => ({ creates: { kind: 'TABLE', name: n(2) }, replaces: !!m[1] })],
  [
    new RegExp(`^CREATE\\s+${OR_REPLACE}(?:(?:UNIQUE|FULLTEXT|SPATIAL)\\s+)?INDEX\\s+${IF_NOT_EXISTS}${NAME}(?:\\s+USING\\s+\\w+)?\\s+ON\\s+${NAME}`, 'i'),
    (m, n) => ({ creates: { kind: 'INDEX', name: n(2), table: n(4) }, replaces: !!m[1] }),
  ],
  [
    new RegExp(`^CREATE\\s+${OR_REPLACE}(?:ALGORITHM\\s*=\\s*\\w+\\s+)?${DEFINER}(?:SQL\\s+SECURITY\\s+\\w+\\s+)?VIEW\\s+${IF_NOT_EXISTS}${NAME}`, 'i'),
    (m, n) => ({ creates: { kind: 'VIEW', name: n(2) }, replaces: !!m[1] }),
  ],
  [
    new RegExp(`^CREATE\\s+${OR_REPLACE}${DEFINER}(TRIGGER|PROCEDURE|FUNCTION)\\s+${IF_NOT_EXISTS}${NAME}`, 'i'),
    (m, n) => ({ creates: { kind: m[2]!.toUpperCase() as ObjectKind, name: n(3) }, replaces: !!m[1] }),
  ],
  [new RegExp(`^DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?${NAME}\\s+ON\\s+${NAME}`, 'i'), (_m, n) => ({ drops: { kind: 'INDEX', name: n(1), table: n(3) } })],
  [
    new RegExp(`^DROP\\s+(?:TEMPORARY\\s+)?(TABLE|VIEW|TRIGGER|PROCEDURE|FUNCTION)\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`, 'i'),
    (m, n) => ({ drops: { kind: m[1]!.toUpperCase() as ObjectKind, name: n(2) } }),
  ],
  [
    new RegExp(`^(?:INSERT\\s+(?:IGNORE\\s+)?(?:INTO\\s+)?|REPLACE\\s+(?:INTO\\s+)?|UPDATE\\s+|DELETE\\s+FROM\\s+|ALTER\\s+(?:IGNORE\\s+)?TABLE\\s+|TRUNCATE\\s+(?:TABLE\\s+)?|RENAME\\s+TABLE\\s+)${NAME}`, 'i'),
    (_m, n) => ({ writes: n(1) }),
  ],
];

const unquote = (s: string) => s.replace(/^`|`$/g, '');

/** What `sql` creates, drops or writes; {} for anything else (SET, CALL, SELECT...). A `db.name` counts as `name`. */
export function statementEffect(sql: string): StatementEffect {
  for (const [re, make] of PATTERNS) {
    const m = re.exec(sql);
    // Group i is a name, group i+1 its second part when qualified (`db`.`name`): the last part is the name.
    if (m) return make(m, (i) => unquote(m[i + 1] ?? m[i]!));
  }
  return {};
}

/** Every table, view, index (but PRIMARY), trigger and routine of `db`, keyed by objectKey; one round trip. */
export async function snapshotObjects(c: SqlConnection, db: string): Promise<Map<string, SchemaObject>> {
  const [rows] = await c.query(
    `SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE') AS k, TABLE_NAME AS n, NULL AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
     UNION ALL SELECT DISTINCT 'INDEX', INDEX_NAME, TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME <> 'PRIMARY'
     UNION ALL SELECT 'TRIGGER', TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
     UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME, NULL FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?`,
    [db, db, db, db],
  );
  const out = new Map<string, SchemaObject>();
  for (const r of rows as { k: ObjectKind; n: string; t: string | null }[]) {
    const o: SchemaObject = r.t === null ? { kind: r.k, name: r.n } : { kind: r.k, name: r.n, table: r.t };
    out.set(objectKey(o), o);
  }
  return out;
}
