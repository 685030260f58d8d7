// unarchive: zip and tar.gz from files/ into dest; creates; second run ok when every entry exists; check mode.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const staging = join(h.dir, 'staging');
mkdirSync(join(staging, 'pkg/bin'), { recursive: true });
writeFileSync(join(staging, 'pkg/bin/run.sh'), 'echo hi\n');
writeFileSync(join(staging, 'pkg/README'), 'readme\n');
execFileSync('zip', ['-qr', join(h.dir, 'files/pkg.zip'), 'pkg'], { cwd: staging });
execFileSync('tar', ['-czf', join(h.dir, 'files/pkg.tar.gz'), 'pkg'], { cwd: staging });

it.each(['pkg.zip', 'pkg.tar.gz'])('%s: unpacks, then ok; check mode changes nothing', async (src) => {
  const dest = h.p(`out-${src}`);
  mkdirSync(dest);
  const check = await h.run('unarchive', { src, dest }, { check: true });
  expect(check.status).toBe('changed');
  expect(h.exists(`out-${src}/pkg`)).toBe(false);
  expect((await h.run('unarchive', { src, dest })).status).toBe('changed');
  expect(h.read(`out-${src}/pkg/bin/run.sh`)).toBe('echo hi\n');
  const mtimes = [`out-${src}/pkg/bin/run.sh`, `out-${src}/pkg/README`].map((f) => h.mtime(f));
  const again = await h.run('unarchive', { src, dest });
  expect(again.status).toBe('ok');
  // Nothing was unpacked again over the files.
  expect([`out-${src}/pkg/bin/run.sh`, `out-${src}/pkg/README`].map((f) => h.mtime(f))).toEqual(mtimes);
  // No copy of the archive left behind.
  expect(execFileSync('ls', ['-A', dest]).toString()).toBe('pkg\n');
});

it('creates skips when the path exists', async () => {
  const dest = h.p('out-creates');
  mkdirSync(dest);
  h.write('marker', '');
  const r = await h.run('unarchive', { src: 'pkg.zip', dest, creates: h.p('marker') });
  expect(r).toMatchObject({ status: 'ok', msg: expect.stringMatching(/skipped, since/) });
  expect(h.exists('out-creates/pkg')).toBe(false);
});

it('remote_src unpacks an archive already on the host', async () => {
  const dest = h.p('out-remote');
  mkdirSync(dest);
  const r = await h.run('unarchive', { src: join(h.dir, 'files/pkg.tar.gz'), dest, remote_src: true });
  expect(r.status).toBe('changed');
  expect(h.read('out-remote/pkg/README')).toBe('readme\n');
});

it('a missing dest fails', async () => {
  const r = await h.run('unarchive', { src: 'pkg.zip', dest: h.p('nope') });
  expect(r).toMatchObject({ status: 'failed', msg: expect.stringMatching(/expected an existing directory/) });
});

it('extra_opts --strip-components unpacks one level down, counts entries stripped, and mode applies to what was unpacked', async () => {
  const dest = h.p('out-strip');
  mkdirSync(dest);
  const r = await h.run('unarchive', { src: 'pkg.tar.gz', dest, extra_opts: ['--strip-components=1'], mode: 'u=rwx,g=rx,o=' });
  expect(r.status).toBe('changed');
  expect(h.read('out-strip/bin/run.sh')).toBe('echo hi\n');
  expect(execFileSync('stat', ['-c', '%a', h.p('out-strip/bin/run.sh'), h.p('out-strip/README')]).toString().split('\n').filter(Boolean)).toEqual(['750', '750']);
  expect((await h.run('unarchive', { src: 'pkg.tar.gz', dest, extra_opts: ['--strip-components=1'] })).status).toBe('ok');
});

it('exclude leaves entries out of a zip', async () => {
  const dest = h.p('out-excl');
  mkdirSync(dest);
  expect((await h.run('unarchive', { src: 'pkg.zip', dest, exclude: ['pkg/README'] })).status).toBe('changed');
  expect([h.exists('out-excl/pkg/bin/run.sh'), h.exists('out-excl/pkg/README')]).toEqual([true, false]);
  expect((await h.run('unarchive', { src: 'pkg.zip', dest, exclude: ['pkg/README'] })).status).toBe('ok');
});
