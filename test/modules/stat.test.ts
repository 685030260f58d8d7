// stat: facts about files, directories, links and missing paths; never changes anything.
import { chmodSync, statSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
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
  { name: 'mode bits by name', path: 'x', stat: { mode: '4750', rusr: true, wusr: true, xusr: true, rgrp: true, wgrp: false, xgrp: true, roth: false, woth: false, xoth: false, isuid: true, isgid: false } },
  { name: 'directory', path: '/tmp', stat: { exists: true, isdir: true } },
  { name: 'symlink is not followed', path: 'l', stat: { exists: true, islnk: true, lnk_target: '/etc/hostname' } },
  { name: 'missing', path: 'missing', stat: { exists: false } },
  { name: 'owner names and access', path: 'f', stat: { pw_name: userInfo().username, readable: true, writeable: true, executable: false, nlink: 1, ischr: false, isfifo: false } },
  { name: 'symlink source', path: 'l', stat: { lnk_source: '/etc/hostname', mimetype: 'inode/symlink' } },
  { name: 'follow reports the target', path: 'l', args: { follow: true }, stat: { islnk: false, isreg: true, path: h.p('l') } },
])('stat $name', async ({ path, args, stat }: { path: string; args?: Record<string, unknown>; stat: Record<string, unknown> }) => {
  const r = await h.run('stat', { path: h.p(path), ...args });
  expect(r.status).toBe('ok');
  expect(r.data?.stat).toMatchObject(stat);
});

it('mode is an octal string and mtime in seconds', async () => {
  const r = await h.run('stat', { path: h.p('f') });
  const s = r.data?.stat as Record<string, unknown>;
  expect(s.mode).toMatch(/^[0-7]{4}$/);
  // The file's own mtime in seconds (not milliseconds), as the filesystem records it.
  expect(Math.floor(Number(s.mtime))).toBe(Math.floor(statSync(h.p('f')).mtimeMs / 1000));
});

it('get_checksum false: no checksum', async () => {
  const r = await h.run('stat', { path: h.p('f'), get_checksum: false });
  expect(r.data?.stat).not.toHaveProperty('checksum');
});

it.each([
  { name: 'a link has no checksum', path: 'l', args: {}, absent: ['checksum'] },
  { name: 'get_mime and get_attributes false', path: 'f', args: { get_mime: false, get_attributes: false }, absent: ['mimetype', 'charset', 'attributes', 'attr_flags', 'version'] },
])('stat leaves out: $name', async ({ path, args, absent }) => {
  const r = await h.run('stat', { path: h.p(path), ...args });
  for (const k of absent) expect(r.data?.stat).not.toHaveProperty(k);
});
