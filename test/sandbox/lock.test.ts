// The sandbox directory's lock: one up/down at a time, a crashed holder's lock taken over, released after.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPath, withSandboxLock } from '../../src/sandbox/lock.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const sandboxDir = () => join(makeTempDir('cp-lock-'), '.sandbox');

describe('withSandboxLock', () => {
  it('refuses while a live process holds the lock, and runs nothing', async () => {
    const dir = sandboxDir();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(lockPath(dir), `${holder.pid}\n`);
      let ran = false;
      await expect(withSandboxLock(dir, async () => { ran = true; })).rejects.toThrow(`in use by another carbon-play command (pid ${holder.pid})`);
      expect(ran).toBe(false);
      expect(existsSync(lockPath(dir))).toBe(true);
    } finally {
      holder.kill();
    }
  });

  it("takes over the lock of a process that is gone, and releases it after", async () => {
    const dir = sandboxDir();
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(lockPath(dir), `${gone}\n`);
    expect(await withSandboxLock(dir, async () => 'done')).toBe('done');
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it('lets a second command in only after the first ends, even when the first fails', async () => {
    const dir = sandboxDir();
    let release!: () => void;
    const first = withSandboxLock(dir, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(withSandboxLock(dir, async () => 'second')).rejects.toThrow(/in use/);
    release();
    await first;
    await expect(withSandboxLock(dir, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await withSandboxLock(dir, async () => 'third')).toBe('third');
  });

  it('takes over a lock that names no process, and leaves no temporary file behind', async () => {
    const dir = sandboxDir();
    writeFileSync(lockPath(dir), '');
    expect(await withSandboxLock(dir, async () => readdirSync(join(dir, '..')).sort())).toEqual(['.sandbox.lock']);
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });

  it('keeps the lock beside the directory, so removing the directory keeps it', () => {
    expect(lockPath('/work/.sandbox/')).toBe('/work/.sandbox.lock');
  });
});
