// get_url: downloads from a local HTTP server on 127.0.0.1 (started here), checks the sha256, idempotent by checksum; jar_info reads a real jar.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
const BODY = Buffer.from('driver bytes\n');
const SUM = `sha256:${createHash('sha256').update(BODY).digest('hex')}`;
let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/driver.jar')) res.end(BODY);
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
    const url = `${base}/driver.jar?a=1`;
    const first = await h.run('get_url', { url, dest: h.p('') + '/', checksum: SUM, mode: '0640' });
    expect(first.status, first.msg).toBe('changed');
    expect(h.read('driver.jar')).toBe(BODY.toString());
    expect(statSync(h.p('driver.jar')).mode & 0o777).toBe(0o640);
    const before = hits.length;
    const again = await h.run('get_url', { url: `${base}/driver.jar?a=2`, dest: h.p('driver.jar'), checksum: SUM, mode: '0640' });
    expect(again.status).toBe('ok');
    expect(again.msg).toContain('already has checksum');
    expect(hits.length).toBe(before);
  });

  it('replaces a dest whose checksum differs', async () => {
    h.write('old.jar', 'stale');
    const r = await h.run('get_url', { url: `${base}/driver.jar?b`, dest: h.p('old.jar'), checksum: SUM });
    expect(r.status).toBe('changed');
    expect(h.read('old.jar')).toBe(BODY.toString());
  });

  it('fails on a checksum mismatch and writes nothing', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const r = await h.run('get_url', { url: `${base}/driver.jar?c`, dest: h.p('bad.jar'), checksum: wrong });
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
    expect((await h.run('get_url', { url: `${base}/driver.jar?d`, dest: h.p('kept.jar') })).status).toBe('ok');
    expect(h.read('kept.jar')).toBe('mine');
    expect((await h.run('get_url', { url: `${base}/driver.jar?e`, dest: h.p('kept.jar'), force: true })).status).toBe('changed');
    expect(h.read('kept.jar')).toBe(BODY.toString());
  });

  it('check mode reports the change and writes nothing', async () => {
    const r = await h.run('get_url', { url: `${base}/driver.jar?f`, dest: h.p('dry.jar'), checksum: SUM }, { check: true });
    expect(r.status).toBe('changed');
    expect(h.exists('dry.jar')).toBe(false);
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
