// copy and template: content/src in → file bytes, mode, diff; idempotent by checksum; check mode; dir dest; force; backup.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';
import { LocalConnection } from '../../src/connection/local.js';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext } from '../../src/modules/types.js';

const h = createHarness();
afterAll(() => h.cleanup());
writeFileSync(join(h.dir, 'files', 'app.conf'), 'port=1\n');
writeFileSync(join(h.dir, 'templates', 'app.conf.j2'), 'port={{ port }}\n');
writeFileSync(join(h.dir, 'templates', 'members.xml.j2'), '{# {{ ansible_managed }} #}\n{% for m in members %}\n<member>{{ m }}</member>\n{% else %}\n<none/>\n{% endfor %}\n{% if tls | bool %}tls=on{% endif %}\n');
writeFileSync(join(h.dir, 'templates', 'managed.j2'), '# {{ ansible_managed }} ({{ template_path }})\n');
writeFileSync(join(h.dir, 'templates', 'legacy.conf.hbs'), '{{#each members}}{{this}};{{/each}}\n');

const cases: { name: string; module: string; before: string | null; args: Record<string, unknown>; file: string; after: string; vars?: Record<string, unknown> }[] = [
  { name: 'content creates a file', module: 'copy', before: null, args: { content: 'hello\n' }, file: 'c1', after: 'hello\n' },
  { name: 'content replaces different bytes', module: 'copy', before: 'old\n', args: { content: 'new\n' }, file: 'c2', after: 'new\n' },
  { name: 'src from files/', module: 'copy', before: null, args: { src: 'app.conf' }, file: 'c3', after: 'port=1\n' },
  { name: 'force false keeps an existing file', module: 'copy', before: 'mine\n', args: { content: 'new\n', force: false }, file: 'c4', after: 'mine\n' },
  { name: 'template renders with vars', module: 'template', before: 'port=1\n', args: { src: 'app.conf.j2' }, file: 't1', after: 'port=8080\n', vars: { port: 8080 } },
  { name: 'a .j2 runs Jinja statements (for/else, if, filters; trim_blocks)', module: 'template', before: null, args: { src: 'members.xml.j2' }, file: 't2', after: '<member>a</member>\n<member>b</member>\n', vars: { members: ['a', 'b'], tls: 'false' } },
  { name: 'an INI-style "True" passes | bool', module: 'template', before: null, args: { src: 'members.xml.j2' }, file: 't3', after: '<none/>\ntls=on\n', vars: { members: [], tls: 'True' } },
  { name: 'ansible_managed and template_path are set', module: 'template', before: null, args: { src: 'managed.j2' }, file: 't4', after: '# Ansible managed (managed.j2)\n' },
  { name: 'a .hbs template stays handlebars', module: 'template', before: null, args: { src: 'legacy.conf.hbs' }, file: 't5', after: 'a;b;\n', vars: { members: ['a', 'b'] } },
];

describe('copy/template', () => {
  it.each(cases)('$name', async ({ module, before, args, file, after, vars }) => {
    if (before !== null) h.write(file, before);
    const full = { dest: h.p(file), ...args };
    const changed = before !== after;
    const check = await h.run(module, full, { check: true, vars });
    expect(check.status).toBe(changed ? 'changed' : 'ok');
    expect(h.exists(file) ? h.read(file) : null).toBe(before);
    const r = await h.run(module, full, { vars });
    expect(r.status).toBe(changed ? 'changed' : 'ok');
    expect(h.read(file)).toBe(after);
    if (changed) expect(r.diff).toEqual([{ path: h.p(file), before: before ?? '', after }]);
    const mtime = h.mtime(file);
    expect((await h.run(module, full, { vars })).status).toBe('ok');
    expect(h.mtime(file)).toBe(mtime);
  });

  it('mode alone changes without rewriting, then is ok', async () => {
    h.write('m1', 'x');
    const mtime = h.mtime('m1');
    await new Promise((r) => setTimeout(r, 20));
    const r = await h.run('copy', { dest: h.p('m1'), content: 'x', mode: '0600' });
    expect(r.status).toBe('changed');
    expect(h.mtime('m1')).toBe(mtime);
    expect(statSync(h.p('m1')).mode & 0o777).toBe(0o600);
    expect((await h.run('copy', { dest: h.p('m1'), content: 'x', mode: '0600' })).status).toBe('ok');
  });

  it.each([
    // Written: md5sum and the new file's info; attributes alone: path instead of md5sum; nothing to do: dest and path.
    ['written', { content: 'ab', mode: '0640' }, 'changed', { md5sum: createHash('md5').update('ab').digest('hex'), mode: '0640', size: 2, state: 'file' }],
    ['mode alone', { content: 'ab', mode: '0600' }, 'changed', { path: 'DEST', mode: '0600', size: 2 }],
    ['nothing to do', { content: 'ab', mode: '0600' }, 'ok', { path: 'DEST', mode: '0600', size: 2, state: 'file' }],
  ] as const)("the result carries the file's info as Ansible's: %s", async (_name, args, status, want) => {
    const dest = h.p('info.txt');
    const r = await h.run('copy', { dest, ...args });
    expect(r.status).toBe(status);
    expect(JSON.parse(JSON.stringify(r.data).replaceAll(dest, 'DEST'))).toMatchObject({ dest: 'DEST', uid: process.getuid!(), owner: userInfo().username, ...want });
  });

  it('nobody reads the result: no owner lookup and no stat after the write', async () => {
    const local = new LocalConnection('localhost', {});
    const calls: string[] = [];
    const conn = new Proxy(local, { get: (t, prop) => { const v = Reflect.get(t, prop) as unknown; return typeof v === 'function' ? (...a: unknown[]) => (calls.push(String(prop)), (v as (...x: unknown[]) => unknown).apply(t, a)) : v; } });
    const ctx = { host: 'localhost', conn, connectionFor: () => conn, vars: {}, check: false, diff: false, signal: new AbortController().signal } as unknown as ModuleContext;
    const r = await executeModule(findModule('copy')!, { content: 'q', dest: h.p('unseen.txt') }, ctx);
    expect(r.status).toBe('changed');
    expect(calls).toEqual(['stat', 'writeFile']);
    expect(r.data).not.toHaveProperty('owner');
  });

  it('a directory dest keeps the source basename', async () => {
    await h.run('file', { path: h.p('dir1'), state: 'directory' });
    const r = await h.run('copy', { dest: h.p('dir1'), src: 'app.conf' });
    expect(r.status).toBe('changed');
    expect(h.read('dir1/app.conf')).toBe('port=1\n');
  });

  it('backup keeps the old content', async () => {
    h.write('b1', 'old');
    const r = await h.run('copy', { dest: h.p('b1'), content: 'new', backup: true });
    expect(h.read(String(r.data?.backup_file))).toBe('old');
  });

  it('binary content has no text diff', async () => {
    const r = await h.run('copy', { dest: h.p('bin'), content: 'a\u0000b' });
    expect(r.status).toBe('changed');
    expect(r.diff).toBeUndefined();
  });

  it('a missing src fails', async () => {
    expect((await h.run('copy', { dest: h.p('x'), src: 'nope' })).status).toBe('failed');
  });
});

describe('copy remote_src', () => {
  const r = createHarness();
  afterAll(() => r.cleanup());
  it('copies a file already on the host, then finds nothing to do', async () => {
    r.write('remote.txt', 'on the host\n');
    expect((await r.run('copy', { src: r.p('remote.txt'), dest: r.p('copied.txt'), remote_src: true })).status).toBe('changed');
    expect(r.read('copied.txt')).toBe('on the host\n');
    expect((await r.run('copy', { src: r.p('remote.txt'), dest: r.p('copied.txt'), remote_src: true })).status).toBe('ok');
  });
  it.each([
    ['a folder goes under dest by its name', 'tree', 'backup/tree/sub/a.txt'],
    ['a folder with a trailing slash gives its contents', 'tree/', 'flat/sub/a.txt'],
  ])('%s', async (_label, src, expected) => {
    mkdirSync(r.p('tree/sub'), { recursive: true });
    r.write('tree/sub/a.txt', 'a\n');
    const dest = r.p(expected.split('/')[0]!);
    expect((await r.run('copy', { src: r.p(src), dest, remote_src: true }, { check: true })).status).toBe('changed');
    expect(r.exists(expected)).toBe(false);
    expect((await r.run('copy', { src: r.p(src), dest, remote_src: true })).status).toBe('changed');
    expect(r.read(expected)).toBe('a\n');
    expect((await r.run('copy', { src: r.p(src), dest, remote_src: true })).status).toBe('ok');
  });
});
