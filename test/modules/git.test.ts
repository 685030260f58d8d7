// git: a local repository cloned, left alone when current, moved to a new commit, a tag checked out; local changes refused.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const origin = join(h.dir, 'origin');
const sh = (cmd: string, cwd = origin) => execFileSync('sh', ['-c', cmd], { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).toString().trim();
mkdirSync(origin);
sh('git init -q -b main && echo one > f && git add f && git commit -qm one && git tag v1');

it('clones, then is ok; a new commit upstream moves it; a tag checks out; local changes need force', async () => {
  const dest = h.p('clone');
  const first = await h.run('git', { repo: origin, dest, version: 'main' });
  expect(first).toMatchObject({ status: 'changed', data: { before: null, after: sh('git rev-parse HEAD') } });
  expect((await h.run('git', { repo: origin, dest, version: 'main' })).status).toBe('ok');
  sh('echo two > f && git commit -qam two');
  const moved = await h.run('git', { repo: origin, dest, version: 'main' });
  expect(moved).toMatchObject({ status: 'changed', data: { after: sh('git rev-parse HEAD') } });
  expect(h.read('clone/f')).toBe('two\n');
  expect(sh('git rev-parse --abbrev-ref HEAD', dest)).toBe('main');
  expect((await h.run('git', { repo: origin, dest, version: 'v1' })).status).toBe('changed');
  expect(h.read('clone/f')).toBe('one\n');
  h.write('clone/f', 'local edit\n');
  expect(await h.run('git', { repo: origin, dest, version: 'main' })).toMatchObject({ status: 'failed', msg: expect.stringContaining('Local modifications exist') });
  expect((await h.run('git', { repo: origin, dest, version: 'main', force: true })).status).toBe('changed');
  expect(h.read('clone/f')).toBe('two\n');
});
