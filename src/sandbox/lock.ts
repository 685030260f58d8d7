// One sandbox command at a time per directory: two `up`s at once would each record only their own processes,
// and the other's would outlive `down`.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { CarbonPlayError } from '../core/errors.js';
import { isAlive } from './state.js';

/** Beside the directory, not in it: `down` removes the directory while it holds the lock. */
export function lockPath(dir: string): string {
  return `${dir.replace(/\/+$/, '')}.lock`;
}

/** Runs `fn` holding the directory's lock; a lock whose process is gone (a crash) is taken over. */
export async function withSandboxLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const file = lockPath(dir);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new CarbonPlayError('options', `sandbox ${dir}: in use by another carbon-play command (pid ${holder}); wait for it to end`);
      }
      await rm(file, { force: true });
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
