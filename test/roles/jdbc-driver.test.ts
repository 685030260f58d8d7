// The jdbc_driver role: the jar from the control node, or downloaded from a local HTTP server (127.0.0.1) with its checksum; second runs change nothing.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, runPlay } from './helpers.js';

const INVENTORY = 'localhost ansible_connection=local\n';
const JAR = Buffer.from('PK-shaped driver bytes');
const SUM = `sha256:${createHash('sha256').update(JAR).digest('hex')}`;
let server: Server;
let base = '';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/maven/mariadb-java-client-2.7.6.jar') res.end(JAR);
    else { res.statusCode = 404; res.end(); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function site(home: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'all',
    gather_facts: false,
    vars: { carbon_home: home, ...vars },
    roles: ['jdbc_driver'],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

function home(dir: string): string {
  const h = join(dir, 'wso2greg-5.4.0');
  mkdirSync(join(h, 'repository/components/lib'), { recursive: true });
  return h;
}

describe('jdbc_driver role', () => {
  it('downloads the jar from a URL, checks its checksum, and leaves it alone (no download) the second time', async () => {
    const dir = createPlayDir();
    const h = home(dir);
    const vars = { jdbc_driver_url: `${base}/maven/mariadb-java-client-2.7.6.jar`, jdbc_driver_checksum: SUM };
    const first = await runPlay(dir, site(h, vars), INVENTORY);
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toContain('restart requested');
    const jar = join(h, 'repository/components/lib/mariadb-java-client-2.7.6.jar');
    expect(readFileSync(jar)).toEqual(JAR);
    expect(statSync(jar).mode & 0o777).toBe(0o644);
    const before = hits;
    const again = await runPlay(dir, site(h, vars), INVENTORY);
    expect(again.code).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
    expect(again.out).not.toContain('restart requested');
    expect(hits).toBe(before);
  });

  it('fails on a wrong checksum and installs nothing', async () => {
    const dir = createPlayDir();
    const h = home(dir);
    const run = await runPlay(dir, site(h, { jdbc_driver_url: `${base}/maven/mariadb-java-client-2.7.6.jar`, jdbc_driver_checksum: `sha256:${'a'.repeat(64)}` }), INVENTORY);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/expected checksum sha256:a{64}, got sha256:[0-9a-f]{64}/);
    expect(existsSync(join(h, 'repository/components/lib/mariadb-java-client-2.7.6.jar'))).toBe(false);
  });

  it('refuses a URL without a checksum', async () => {
    const dir = createPlayDir();
    const run = await runPlay(dir, site(home(dir), { jdbc_driver_url: `${base}/maven/mariadb-java-client-2.7.6.jar` }), INVENTORY);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/jdbc_driver_checksum is empty/);
  });

  it('copies the jar from the control node when no URL is given (EI: lib/)', async () => {
    const dir = createPlayDir();
    const h = home(dir);
    mkdirSync(join(h, 'lib'));
    const src = join(dir, 'mysql-connector-java-5.1.49.jar');
    writeFileSync(src, JAR);
    const vars = { jdbc_driver_src: src, carbon_lib_dir: join(h, 'lib') };
    const first = await runPlay(dir, site(h, vars), INVENTORY);
    expect(first.code, first.out + first.err).toBe(0);
    expect(readFileSync(join(h, 'lib/mysql-connector-java-5.1.49.jar'))).toEqual(JAR);
    const again = await runPlay(dir, site(h, vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });
});
