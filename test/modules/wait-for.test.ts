// wait_for: port open/closed, file present, regex after an offset or marker, timeout failure.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());

describe('wait_for port', () => {
  it('started: waits until a port opens, in one remote command', async () => {
    // A free port: bound once to learn it, released, then opened again while wait_for polls.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const server = createServer();
    setTimeout(() => server.listen(port, '127.0.0.1'), 700);
    const r = await h.run('wait_for', { port, timeout: 10 });
    server.close();
    expect(r.status).toBe('ok');
    expect(Number(r.data?.elapsed)).toBeGreaterThan(0.4);
  });

  it('stopped: ok at once on a closed port; started on a closed port times out', async () => {
    expect((await h.run('wait_for', { port: 1, state: 'stopped', timeout: 5 })).status).toBe('ok');
    const r = await h.run('wait_for', { port: 1, timeout: 1 });
    expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/timeout after 1s waiting for 127\.0\.0\.1:1 to be open/) });
  });
});

describe('wait_for path', () => {
  const log = h.write('server.log', 'old: WSO2 Carbon started in 3 sec\n');
  const size = Buffer.byteLength('old: WSO2 Carbon started in 3 sec\n');

  it.each([
    { name: 'offset skips old lines', args: { offset: size }, append: 'new: WSO2 Carbon started in 9 sec\n', match: 'new: WSO2 Carbon started in 9 sec' },
    { name: 'after_marker counts only lines after the last marker', args: { after_marker: '== start 2 ==' }, append: '== start 2 ==\nnew2: WSO2 Carbon started in 5 sec\n', match: 'new2: WSO2 Carbon started in 5 sec' },
  ])('$name', async ({ args, append, match }) => {
    setTimeout(() => appendFileSync(log, append), 600);
    const r = await h.run('wait_for', { path: log, search_regex: 'Carbon started in [0-9]+ sec', timeout: 10, ...args });
    expect(r.status).toBe('ok');
    expect(r.data?.match_line).toBe(match);
  });

  it('without offset an old line matches at once', async () => {
    const r = await h.run('wait_for', { path: log, search_regex: 'old: ' });
    expect(r.data?.match_line).toMatch(/^old: /);
  });

  it('file presence and absence', async () => {
    expect((await h.run('wait_for', { path: log })).status).toBe('ok');
    expect((await h.run('wait_for', { path: h.p('none'), state: 'absent' })).status).toBe('ok');
    expect((await h.run('wait_for', { path: h.p('none'), timeout: 1 })).status).toBe('failed');
  });
});
