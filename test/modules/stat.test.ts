// stat: facts about files, directories, links and missing paths; never changes anything.
import { chmodSync, statSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
h.write('f', 'abc');
h.write('x', 'abc');
chmodSync(h.p('x'), 0o4750);
symlinkSync('/etc/hostname', h.p('l'));

const hash = (algo: string) => createHash(algo).update('abc').digest('hex');

it.each([
  // Ansible's default checksum is sha1.
  { name: 'regular file', path: 'f', stat: { exists: true, isreg: true, isdir: false, size: 3, checksum: hash('sha1') } },
  { name: 'checksum_algorithm', path: 'f', args: { checksum_algorithm: 'sha256' }, stat: { checksum: hash('sha256') } },
  { name: 'checksum alias', path: 'f', args: { checksum: 'md5' }, stat: { checksum: hash('md5') } },
  { name: 'mode bits by name', path: 'x', stat: { mode: '04750', rusr: true, wusr: true, xusr: true, rgrp: true, wgrp: false, xgrp: true, roth: false, woth: false, xoth: false, isuid: true, isgid: false } },
  { name: 'directory', path: '/tmp', stat: { exists: true, isdir: true } },
  { name: 'symlink is not followed', path: 'l', stat: { exists: true, islnk: true, lnk_target: '/etc/hostname' } },
  { name: 'missing', path: 'missing', stat: { exists: false } },
])('stat $name', async ({ path, args, stat }: { path: string; args?: Record<string, unknown>; stat: Record<string, unknown> }) => {
  const r = await h.run('stat', { path: h.p(path), ...args });
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

it('get_checksum false: no checksum', async () => {
  const r = await h.run('stat', { path: h.p('f'), get_checksum: false });
  expect(r.data?.stat).not.toHaveProperty('checksum');
});
