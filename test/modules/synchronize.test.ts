// synchronize: rsync push from files/ to a local host path: copied, then ok; check mode is a dry run; delete; pull.
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const vars = { ansible_connection: 'local' };
mkdirSync(join(h.dir, 'files/site/sub'), { recursive: true });
writeFileSync(join(h.dir, 'files/site/index.html'), 'hi\n');
writeFileSync(join(h.dir, 'files/site/sub/a.txt'), 'a\n');

it('pushes a folder, then finds nothing to do; check mode changes nothing; delete removes extras', async () => {
  const dest = h.p('www');
  const dry = await h.run('synchronize', { src: 'site/', dest }, { check: true, vars });
  expect(dry.status).toBe('changed');
  expect(h.exists('www')).toBe(false);
  const r = await h.run('synchronize', { src: 'site/', dest }, { vars });
  expect(r.status, r.msg).toBe('changed');
  expect([h.read('www/index.html'), h.read('www/sub/a.txt')]).toEqual(['hi\n', 'a\n']);
  expect((await h.run('synchronize', { src: 'site/', dest }, { vars })).status).toBe('ok');
  // An extra file is no change without delete. Writing it moves www's mtime, which rsync -a puts back (a change) once
  // the clock has passed a second (rsync compares whole seconds): the test puts it back itself, so the clock plays no part.
  const before = statSync(dest);
  h.write('www/extra.txt', 'x');
  utimesSync(dest, before.atime, before.mtime);
  expect((await h.run('synchronize', { src: 'site/', dest }, { vars })).status).toBe('ok');
  expect(h.exists('www/extra.txt')).toBe(true);
  expect((await h.run('synchronize', { src: 'site/', dest, delete: true }, { vars })).status).toBe('changed');
  expect(h.exists('www/extra.txt')).toBe(false);
});

it('pulls from the host', async () => {
  h.write('remote.txt', 'from host\n');
  const dest = join(h.dir, 'pulled.txt');
  expect((await h.run('synchronize', { mode: 'pull', src: h.p('remote.txt'), dest }, { vars })).status).toBe('changed');
  expect((await h.run('synchronize', { mode: 'pull', src: h.p('remote.txt'), dest }, { vars })).status).toBe('ok');
});
