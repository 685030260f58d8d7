// Opens a mysql2 connection from the control node: login_* arguments, TLS files, and `via:` SSH tunnelling.
import { readFileSync } from 'node:fs';
import type { Connection as SqlConnection, ConnectionOptions } from 'mysql2/promise';
import { CarbonPlayError } from '../core/errors.js';
import type { ArgSchema, ModuleContext } from '../modules/types.js';

export type { SqlConnection };

/** Arguments shared by mysql_db, mysql_user and mysql_query. */
export const mysqlConnectionArgs: ArgSchema = {
  login_host: { type: 'str', default: '127.0.0.1', description: 'server address (as seen from the `via` host when given)' },
  login_port: { type: 'int', default: 3306, description: 'server port' },
  login_user: { type: 'str', description: 'user to log in as' },
  login_password: { type: 'str', secret: true, description: 'password to log in with' },
  login_db: { type: 'str', description: 'default database' },
  login_unix_socket: { type: 'path', description: 'unix socket on the control node (instead of host/port)' },
  via: { type: 'str', description: 'inventory host whose SSH connection tunnels the MySQL connection' },
  connect_timeout: { type: 'int', default: 30, description: 'seconds to wait for the connection' },
  ssl_ca: { type: 'path', aliases: ['ca_cert'], description: 'CA certificate file on the control node' },
  ssl_cert: { type: 'path', aliases: ['client_cert'], description: 'client certificate file' },
  ssl_key: { type: 'path', aliases: ['client_key'], description: 'client key file' },
  check_hostname: { type: 'bool', description: 'with ssl_ca: also verify the server certificate name (default true)' },
};

export interface MysqlLoginArgs {
  login_host: string;
  login_port: number;
  login_user?: string;
  login_password?: string;
  login_db?: string;
  login_unix_socket?: string;
  via?: string;
  connect_timeout: number;
  ssl_ca?: string;
  ssl_cert?: string;
  ssl_key?: string;
  check_hostname?: boolean;
}

/** Where the connection goes, for messages (never the password). */
export function describeTarget(a: MysqlLoginArgs): string {
  const at = a.login_unix_socket ?? `${a.login_host}:${a.login_port}`;
  return `${a.login_user ?? '(no user)'}@${at}${a.via ? ` via ${a.via}` : ''}`;
}

function tlsOptions(a: MysqlLoginArgs): ConnectionOptions['ssl'] {
  if (!a.ssl_ca && !a.ssl_cert && !a.ssl_key) return undefined;
  const read = (p: string | undefined, arg: string) => {
    if (!p) return undefined;
    try { return readFileSync(p, 'utf8'); } catch (err) {
      throw new CarbonPlayError('module', `${arg}: cannot read ${p} on the control node: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  // A given CA means verify the chain; check_hostname (default: the same) adds the name check.
  const verifyChain = a.ssl_ca !== undefined;
  return {
    ca: read(a.ssl_ca, 'ssl_ca'),
    cert: read(a.ssl_cert, 'ssl_cert'),
    key: read(a.ssl_key, 'ssl_key'),
    rejectUnauthorized: verifyChain,
    verifyIdentity: verifyChain && (a.check_hostname ?? true),
  };
}

/** A connected mysql2 connection; the caller closes it with `end()`. */
export async function connectMysql(a: MysqlLoginArgs, ctx: ModuleContext, extra: ConnectionOptions = {}): Promise<SqlConnection> {
  const opts: ConnectionOptions = {
    user: a.login_user,
    password: a.login_password,
    database: a.login_db,
    connectTimeout: a.connect_timeout * 1000,
    ssl: tlsOptions(a),
    supportBigNumbers: true,
    dateStrings: true,
    ...extra,
  };
  if (a.via) {
    // The tunnel: the via host opens the TCP connection, so login_host may be its loopback or a private address.
    const stream = await ctx.connectionFor(a.via).forwardOut(a.login_host, a.login_port);
    opts.stream = stream as unknown as ConnectionOptions['stream'];
  } else if (a.login_unix_socket) {
    opts.socketPath = a.login_unix_socket;
  } else {
    opts.host = a.login_host;
    opts.port = a.login_port;
  }
  try {
    // mysql2 costs ~90 ms to load: only runs with a MySQL task pay it.
    const { createConnection } = await import('mysql2/promise');
    return await createConnection(opts);
  } catch (err) {
    if (err instanceof CarbonPlayError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new CarbonPlayError('module', `cannot connect to MySQL as ${describeTarget(a)}: ${msg}`, {}, { cause: err });
  }
}

/** Runs `fn` with a connection and always closes it. */
export async function withMysql<T>(a: MysqlLoginArgs, ctx: ModuleContext, fn: (c: SqlConnection) => Promise<T>, extra?: ConnectionOptions): Promise<T> {
  const c = await connectMysql(a, ctx, extra);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => c.destroy());
  }
}

/** The server's message for a failed statement, with its code (ER_...) — without the SQL, which may hold a password. */
export function sqlErrorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'sqlMessage' in err) {
    const e = err as { sqlMessage?: string; code?: string };
    return `${e.code ? `${e.code}: ` : ''}${e.sqlMessage}`;
  }
  return err instanceof Error ? err.message : String(err);
}
