// pathKind: one stat per path and load; what a path is, as existsSync + statSync said, and a new load looks again.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { LoadContext } from '../../src/playbook/load-context.js';
import { pathKind } from '../../src/playbook/path-kind.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const newContext = (): LoadContext => ({ errors: [], findModule: () => undefined, moduleNames: [], playbookDir: '.', rolesPath: [], stack: [], roleHandlers: [] });
const dir = makeTempDir('path-kind-');
writeFileSync(join(dir, 'main.yml'), '[]\n');
mkdirSync(join(dir, 'tasks'));

test.each([
  ['a file', 'main.yml', 'file'],
  ['a folder', 'tasks', 'dir'],
  ['nothing', 'main.yaml', undefined],
  ['a path through a file', 'main.yml/x', undefined],
])('%s: %s is %s', (_name, path, kind) => {
  expect(pathKind(newContext(), join(dir, path))).toBe(kind);
});

test('one load keeps its answer; the next load sees the change', () => {
  const ctx = newContext();
  const file = join(dir, 'later.yml');
  expect(pathKind(ctx, file)).toBeUndefined();
  writeFileSync(file, '[]\n');
  expect(pathKind(ctx, file)).toBeUndefined();
  expect(pathKind(newContext(), file)).toBe('file');
  rmSync(file);
});
