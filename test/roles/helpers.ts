// Runs the project's roles for real with the local connection: a temp playbook dir whose roles/ is the project's.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TEMPLATES = join(ROOT, 'sandbox/carbon/templates');

export interface PlayRun { code: number; out: string; err: string }

/** A fresh temp dir with `roles` linked to the project's roles (what a playbook next to roles/ sees). */
export function createPlayDir(): string {
  const dir = makeTempDir('cp-roles-');
  symlinkSync(join(ROOT, 'roles'), join(dir, 'roles'));
  return dir;
}

/** Writes files (path relative to `dir` → text), creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** Runs `site.yml` in dir with the inventory text through the real CLI (real modules, local connection). */
export async function runPlay(dir: string, site: string, inventory: string, args: string[] = []): Promise<PlayRun> {
  writeFiles(dir, { 'site.yml': site, 'hosts': inventory });
  let out = '';
  let err = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), isTTY: false };
  const code = await runCli([join(dir, 'site.yml'), '-i', join(dir, 'hosts'), ...args], io);
  return { code, out, err };
}

/** changed= per host from the recap. */
export function changedCounts(out: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of out.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}

export const read = (path: string): string => readFileSync(path, 'utf8');
