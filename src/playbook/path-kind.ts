// What a path is (a file, a folder, nothing), asked once per load: a role or task file is looked up again by every play that uses it.
import { statSync } from 'node:fs';
import type { LoadContext } from './load-context.js';

export type PathKind = 'file' | 'dir' | 'other' | undefined;

/*
 * One stat per path instead of existsSync then statSync, for each candidate of each lookup (a role's tasks/main.yml,
 * main.yaml, main.json, main): several hundred system calls per site.yaml, each tens of µs in the sandboxed machine.
 * Kept per load context: a later load (another command, a test that edits files) looks again.
 */
const kindsByLoad = new WeakMap<LoadContext, Map<string, PathKind>>();

export function pathKind(ctx: LoadContext, path: string): PathKind {
  let kinds = kindsByLoad.get(ctx);
  if (!kinds) kindsByLoad.set(ctx, (kinds = new Map()));
  if (kinds.has(path)) return kinds.get(path);
  let kind: PathKind;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    kind = st === undefined ? undefined : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    kind = undefined; // as existsSync: a path that cannot be examined is not there
  }
  kinds.set(path, kind);
  return kind;
}
