// The end of an e2e file's own sandbox: `sandbox down`, checked, before its temp dir goes (test/helpers/temp-dir.ts).
import { keepTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from './cli-capture.js';

/**
 * Takes the sandbox in `dir` down, for an afterAll (it runs before the setup file removes the file's temp dirs).
 * A failed down keeps `dir`, whose state.json lets `carbon-play sandbox down --dir DIR` finish the job, and fails the file.
 */
export async function takeSandboxDown(dir: string): Promise<void> {
  const down = await runCliCaptured(['sandbox', 'down', '--dir', dir]);
  if (down.code !== 0) {
    keepTempDir(dir);
    throw new Error(`sandbox down --dir ${dir} failed (the dir is kept): ${down.out}`);
  }
}
