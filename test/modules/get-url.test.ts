// get_url: downloads from a local HTTP server on 127.0.0.1 (started here), checks the sha256, idempotent by checksum; jar_info reads a real jar.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { createHarness } from '../helpers/module-harness.js';
import { LocalConnection } from '../../src/connection/local.js';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext } from '../../src/modules/types.js';
import { localInventory, play, playbook, runTest, statuses, task } from '../runner/helpers.js';

const h = createHarness();
const BODY = Buffer.from('driver bytes\n');
const SUM = `sha256:${createHash('sha256').update(BODY).digest('hex')}`;
let server: Server;
let base = '';
const hits: string[] = [];
/** What /changing.jar serves now. */
let changing = 'first';

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/driver.jar')) res.end(BODY);
    else if (req.url === '/changing.jar') res.end(changing);
    else { res.statusCode = 404; res.end('no'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  h.cleanup();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('get_url', () => {
  it('downloads into a directory under the URL file name, with the mode; a second run neither downloads nor changes', async () => {
    const url = `${base}/driver.jar`;
    const first = await h.run('get_url', { url, dest: h.p('') + '/', checksum: SUM, mode: '0640' });
    expect(first.status, first.msg).toBe('changed');
    expect(h.read('driver.jar')).toBe(BODY.toString());
    expect(statSync(h.p('driver.jar')).mode & 0o777).toBe(0o640);
    const before = hits.length;
    const again = await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('driver.jar'), checksum: SUM, mode: '0640' });
    expect(again.status).toBe('ok');
    expect(again.msg).toContain('already has checksum');
    expect(hits.length).toBe(before);
  });

  it('replaces a dest whose checksum differs', async () => {
    h.write('old.jar', 'stale');
    const r = await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('old.jar'), checksum: SUM });
    expect(r.status).toBe('changed');
    expect(h.read('old.jar')).toBe(BODY.toString());
  });

  it('fails on a checksum mismatch and writes nothing', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const r = await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('bad.jar'), checksum: wrong });
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(/expected checksum sha256:0{64}, got sha256:[0-9a-f]{64}; nothing written/);
    expect(h.exists('bad.jar')).toBe(false);
  });

  it('fails on an HTTP error with the status', async () => {
    const r = await h.run('get_url', { url: `${base}/missing.jar`, dest: h.p('missing.jar') });
    expect(r.status).toBe('failed');
    expect(r.msg).toMatch(/expected HTTP 200, got 404/);
  });

  it('without a checksum keeps an existing dest unless force is on', async () => {
    h.write('kept.jar', 'mine');
    expect((await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('kept.jar') })).status).toBe('ok');
    expect(h.read('kept.jar')).toBe('mine');
    expect((await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('kept.jar'), force: true })).status).toBe('changed');
    expect(h.read('kept.jar')).toBe(BODY.toString());
  });

  it('check mode reports the change and writes nothing', async () => {
    const r = await h.run('get_url', { url: `${base}/driver.jar`, dest: h.p('dry.jar'), checksum: SUM }, { check: true });
    expect(r.status).toBe('changed');
    expect(h.exists('dry.jar')).toBe(false);
  });

  it('downloads once for every host of a play when a checksum pins the content', async () => {
    const inv = await localInventory(['n1', 'n2']);
    const url = `${base}/driver.jar?pinned`;
    const pb = playbook(play([task('get_url', { url, dest: h.p('pinned-{{ inventory_hostname }}.jar'), checksum: SUM }, { name: 'fetch' })]));
    const r = await runTest(pb, inv, { findModule });
    expect(statuses(r, 'fetch')).toEqual(['n1:changed', 'n2:changed']);
    expect([h.read('pinned-n1.jar'), h.read('pinned-n2.jar')]).toEqual([BODY.toString(), BODY.toString()]);
    expect(hits.filter((u) => u === '/driver.jar?pinned')).toHaveLength(1);
  });

  it('without a checksum fetches afresh on every run: a later run gets the current content', async () => {
    const url = `${base}/changing.jar`;
    changing = 'first';
    expect((await h.run('get_url', { url, dest: h.p('changing.jar'), force: true })).status).toBe('changed');
    changing = 'second';
    expect((await h.run('get_url', { url, dest: h.p('changing.jar'), force: true })).status).toBe('changed');
    expect(h.read('changing.jar')).toBe('second');
    expect(hits.filter((u) => u === '/changing.jar')).toHaveLength(2);
  });

  it('reads the destination once: one stat and one read when it already has the checksum', async () => {
    h.write('once.jar', BODY);
    const local = new LocalConnection('localhost', {});
    const calls: string[] = [];
    const conn = new Proxy(local, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...a: unknown[]) => {
          calls.push(String(prop));
          return v.apply(target, a);
        };
      },
    });
    const ctx = { host: 'localhost', conn, connectionFor: () => conn, vars: {}, check: false, diff: false, signal: new AbortController().signal } as unknown as ModuleContext;
    const r = await executeModule(findModule('get_url')!, { url: `${base}/driver.jar`, dest: h.p('once.jar'), checksum: SUM }, ctx);
    expect(r.status, r.msg).toBe('ok');
    expect(calls).toEqual(['stat', 'readFile']);
  });

  it.each([
    { args: { url: 'ftp://127.0.0.1/x', dest: '/tmp/x' }, message: /url: expected an http:\/\/ or https:\/\/ URL/ },
    { args: { url: 'http://127.0.0.1/x', dest: '/tmp/x', checksum: 'md5:abc' }, message: /checksum: expected 'sha256:' and 64 hex digits/ },
  ])('rejects bad arguments before running: $args.url', async ({ args, message }) => {
    const { getUrl } = await import('../../src/modules/get-url.js');
    expect(getUrl.schema.check!(args).join('\n')).toMatch(message);
  });
});

describe('jar_info', () => {
  it('lists the drivers a jar registers and finds class entries', async () => {
    const jar = zipSync({
      'META-INF/services/java.sql.Driver': Buffer.from('# comment\n\norg.example.Driver\n'),
      'org/example/Driver.class': Buffer.from([0xca, 0xfe]),
    });
    const path = h.write('x.jar', Buffer.from(jar));
    const r = await h.run('jar_info', { path, classes: ['org.example.Driver', 'com.mysql.jdbc.Driver'] });
    expect(r.status).toBe('ok');
    expect(r.data?.jar).toMatchObject({ exists: true, drivers: ['org.example.Driver'], classes: { 'org.example.Driver': true, 'com.mysql.jdbc.Driver': false } });
  });

  it('reports a missing jar as not existing, without failing', async () => {
    const r = await h.run('jar_info', { path: h.p('none.jar') });
    expect(r.status).toBe('ok');
    expect(r.data?.jar).toMatchObject({ exists: false, drivers: [] });
  });
});
