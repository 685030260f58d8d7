// uri: requests from the host (here the local connection, curl) to a loopback server: JSON parsed, bodies sent, status checked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/missing') return void res.writeHead(404).end('no');
      if (req.url === '/moved') return void res.writeHead(302, { location: '/json' }).end();
      res.writeHead(200, { 'content-type': 'application/json', 'x-app': 'test' });
      res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  h.cleanup();
});

describe('uri', () => {
  it.each([
    ['GET parses a JSON answer', { url: '/json' }, 'ok', { status: 200, json: { method: 'GET', body: '' }, x_app: 'test' }],
    ['POST json sends the body encoded', { url: '/json', method: 'POST', body: { a: 1 }, body_format: 'json' }, 'ok', { json: { method: 'POST', body: '{"a":1}', type: 'application/json' } }],
    ['form-urlencoded', { url: '/json', method: 'PUT', body: { a: 'x y' }, body_format: 'form-urlencoded' }, 'ok', { json: { body: 'a=x+y', type: 'application/x-www-form-urlencoded' } }],
    ['return_content', { url: '/missing', status_code: [404], return_content: true }, 'ok', { status: 404, content: 'no' }],
    ['an unexpected status fails', { url: '/missing' }, 'failed', { status: 404 }],
    ['redirects are followed', { url: '/moved' }, 'ok', { status: 200, redirected: true }],
  ])('%s', async (_n, args, status, fields) => {
    const r = await h.run('uri', { ...args, url: base + args.url });
    expect(r.status, r.msg).toBe(status);
    expect(r.data).toMatchObject(fields);
  });
  it('sends nothing in check mode', async () => {
    expect((await h.run('uri', { url: `${base}/json`, method: 'DELETE' }, { check: true })).status).toBe('skipped');
  });
});
