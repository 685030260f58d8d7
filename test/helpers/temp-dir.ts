// Temp dirs for tests (unit and e2e): each one made here is removed when its test file ends (test/setup/remove-temp-dirs.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

const made = new Set<string>();

/** A fresh dir under the system temp dir, named `prefix` + random; removed after the file's tests, pass or fail. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Leaves the temp dir holding `dir` in place when the file ends (e.g. a sandbox whose `sandbox down` failed: its state.json is the way back). */
export function keepTempDir(dir: string): void {
  for (const d of made) if (dir === d || dir.startsWith(d + sep)) made.delete(d);
}

/** Removes every dir makeTempDir made so far (called once per test file, after all its tests). */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
