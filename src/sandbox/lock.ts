// One sandbox command at a time per directory: two `up`s at once would each record only their own processes,
// and the other's would outlive `down`.
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { CarbonPlayError } from '../core/errors.js';
import { isAlive } from './state.js';

/** Beside the directory, not in it: `down` removes the directory while it holds the lock. */
export function lockPath(dir: string): string {
  return `${dir.replace(/\/+$/, '')}.lock`;
}

/** The holder's pid, or undefined when the lock is gone or not a pid (then it is nobody's). */
async function holderOf(file: string): Promise<number | undefined> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Runs `fn` holding the directory's lock; a lock whose process is gone (a crash) is taken over. */
export async function withSandboxLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const file = lockPath(dir);
  // The pid is written first and the lock appears whole (link), so nobody ever reads a half-made lock.
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(mine, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
        const holder = await holderOf(file);
        if (holder !== undefined && isAlive(holder)) {
          throw new CarbonPlayError('options', `sandbox ${dir}: in use by another carbon-play command (pid ${holder}); wait for it to end`);
        }
        // Stale. Removed only if it still names the same dead process: another command may have just taken it over.
        if ((await holderOf(file)) === holder) await rm(file, { force: true });
      }
    }
  } finally {
    await rm(mine, { force: true });
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
