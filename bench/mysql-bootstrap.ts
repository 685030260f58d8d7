// Benchmark: 4 latin1 databases + 1 user with grants + schema import into each, then the idempotent second run. Targets 2 s / 300 ms.
// Run from the project root (Node 20 has no type stripping, so compile first; the output stays under node_modules so mysql2 resolves):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --outDir node_modules/.cache/carbon-bench bench/mysql-bootstrap.ts && node node_modules/.cache/carbon-bench/bench/mysql-bootstrap.js
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalConnection } from '../src/connection/local.js';
import { executeModule } from '../src/modules/execute.js';
import { mysqlDb } from '../src/modules/mysql-db.js';
import { mysqlUser } from '../src/modules/mysql-user.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../src/modules/types.js';
import { startMariadb } from '../src/sandbox/mariadb.js';

const dbs = ['WSO2_USER_DB', 'REGISTRY_DB', 'REGISTRY_LOCAL1', 'REGISTRY_LOCAL2'];
// MYSQL_BENCH_SCRIPT=../shared/fixtures/wso2/carbon-kernel-4.4.40/dbscripts/mysql.sql measures the product's own script.
const script = resolve(process.env.MYSQL_BENCH_SCRIPT ?? 'test/fixtures/mysql/wso2-shaped.sql');

const dir = await mkdtemp(join(tmpdir(), 'mdb-bench-'));
const server = await startMariadb({ dir });
const login = { login_host: server.host, login_port: server.port, login_user: server.adminUser, login_password: server.adminPassword };
const conn = new LocalConnection('localhost', {});
const ctx: ModuleContext = {
  host: 'localhost', conn, connectionFor: () => conn, vars: {}, check: false, diff: false, signal: new AbortController().signal,
  findFile: () => { throw new Error('no files in the bench'); }, render: (t) => t,
};

// The tasks a playbook would run, in order: one mysql_db import per database (creates it too), then the user.
const tasks: [ModuleDefinition<any, any, any>, Record<string, unknown>][] = [
  ...dbs.map((name): [ModuleDefinition<any, any, any>, Record<string, unknown>] => [mysqlDb, { ...login, name, state: 'import', encoding: 'latin1', target: script }]),
  [mysqlUser, { ...login, name: 'regadmin', password: "s3cret 'pw'", priv: dbs.map((d) => `${d}.*:ALL`).join('/') }],
];

async function runAll(): Promise<{ ms: number; results: ModuleResult[]; each: number[] }> {
  const t0 = performance.now();
  const results: ModuleResult[] = [];
  const each: number[] = [];
  for (const [def, args] of tasks) {
    const t = performance.now();
    results.push(await executeModule(def, args, ctx));
    each.push(performance.now() - t);
  }
  return { ms: performance.now() - t0, results, each };
}

try {
  const first = await runAll();
  const second = await runAll();
  const statuses = (r: ModuleResult[]) => r.map((x) => x.status).join(',');
  const failed = [...first.results, ...second.results].filter((r) => r.status === 'failed');
  for (const f of failed) console.error(`failed: ${f.msg}`);
  console.log(`script: ${script}`);
  // Per task: the first one also pays loading mysql2 (~90 ms); the imports are mostly the server running the DDL.
  const each = (r: { each: number[] }) => r.each.map((ms) => ms.toFixed(0)).join(' + ');
  console.log(`first run:  ${first.ms.toFixed(0)} ms (target < 2000) [${statuses(first.results)}] = ${each(first)} ms`);
  console.log(`second run: ${second.ms.toFixed(0)} ms (target < 300) [${statuses(second.results)}] = ${each(second)} ms`);
  if (failed.length) process.exitCode = 1;
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
