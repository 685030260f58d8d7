// stat: facts about files, directories, links and missing paths; never changes anything.
import { statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
h.write('f', 'abc');
symlinkSync('/etc/hostname', h.p('l'));

it.each([
  { name: 'regular file', path: 'f', stat: { exists: true, isreg: true, isdir: false, size: 3, checksum: createHash('sha256').update('abc').digest('hex') } },
  { name: 'directory', path: '/tmp', stat: { exists: true, isdir: true } },
  { name: 'symlink is not followed', path: 'l', stat: { exists: true, islnk: true, lnk_target: '/etc/hostname' } },
  { name: 'missing', path: 'missing', stat: { exists: false } },
])('stat $name', async ({ path, stat }) => {
  const r = await h.run('stat', { path: h.p(path) });
  expect(r.status).toBe('ok');
  expect(r.data?.stat).toMatchObject(stat);
});

it('mode is an octal string and mtime in seconds', async () => {
  const r = await h.run('stat', { path: h.p('f') });
  const s = r.data?.stat as Record<string, unknown>;
  expect(s.mode).toMatch(/^0[0-7]{3}$/);
  // The file's own mtime in seconds (not milliseconds), as the filesystem records it.
  expect(Math.floor(Number(s.mtime))).toBe(Math.floor(statSync(h.p('f')).mtimeMs / 1000));
});
