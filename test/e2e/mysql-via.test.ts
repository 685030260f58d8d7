// The MySQL modules through a real sandbox host: `via: db` tunnels over SSH to a MariaDB on the db host's loopback; remote_src reads from node1.
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import type { SshConnection } from '../../src/connection/ssh.js';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext, ModuleResult } from '../../src/modules/types.js';
import { connectTo, sandboxState } from './ssh-helpers.js';

const opened = new Map<string, SshConnection>();
function conn(name: string): SshConnection {
  if (!opened.has(name)) opened.set(name, connectTo(name));
  return opened.get(name)!;
}
afterAll(async () => {
  await run('mysql_db', { name: 'VIA_DB', state: 'absent' }).catch(() => undefined);
  await run('mysql_user', { name: 'via_user', state: 'absent' }).catch(() => undefined);
  await Promise.all([...opened.values()].map((c) => c.close()));
});

function run(module: string, args: Record<string, unknown>, check = false): Promise<ModuleResult> {
  const admin = sandboxState().dbAdmin!;
  const ctx: ModuleContext = {
    host: 'node1', conn: conn('node1'), connectionFor: conn, vars: {}, check, diff: false, signal: new AbortController().signal,
    findFile: () => { throw new Error('unused'); }, render: (t) => t,
  };
  // The db host's own loopback: reachable only through the tunnel.
  const login = { via: 'db', login_host: '127.0.0.1', login_port: 3306, login_user: admin.user, login_password: admin.password };
  return executeModule(findModule(module)!, { ...login, ...args }, ctx);
}

describe('mysql modules via an SSH tunnel', () => {
  it('imports a script read from node1 (remote_src) into the db host, once', async () => {
    await conn('node1').writeFile('/root/mysql-via.sql', Buffer.from(readFileSync('test/fixtures/mysql/wso2-shaped.sql')));
    const args = { name: 'VIA_DB', state: 'import', encoding: 'latin1', target: '/root/mysql-via.sql', remote_src: true };
    expect((await run('mysql_db', args, true)).status).toBe('changed');
    expect(await run('mysql_db', args)).toMatchObject({ status: 'changed', msg: expect.stringContaining('7 tables') });
    expect((await run('mysql_db', args)).status).toBe('ok');
  });

  it('creates a user with grants through the tunnel; it logs in; the second run is ok', async () => {
    const args = { name: 'via_user', password: `it's "quoted" & <spaced>`, priv: 'VIA_DB.*:ALL,GRANT' };
    expect((await run('mysql_user', args)).status).toBe('changed');
    expect((await run('mysql_user', args)).status).toBe('ok');
    const stream = await conn('db').forwardOut('127.0.0.1', 3306);
    const c = await mysql.createConnection({ stream, user: 'via_user', password: args.password, database: 'VIA_DB' });
    try {
      const [rows] = await c.query('SELECT COUNT(*) AS n FROM UM_ROLE');
      expect(rows).toEqual([{ n: 2 }]);
    } finally { await c.end(); }
  });

  it('runs a query through the tunnel', async () => {
    const r = await run('mysql_query', { login_db: 'VIA_DB', query: 'SELECT @@hostname AS h, COUNT(*) AS n FROM REG_PATH' });
    expect(r).toMatchObject({ status: 'ok', data: { query_result: [[{ h: 'db', n: 0 }]] } });
  });
});
