// projectRoot finds the folder holding carbon-play's package.json, from source and from a compiled-looking location.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('projectRoot', () => {
  it('finds the install dir from src/core under vitest', () => {
    expect(projectRoot()).toBe(join(import.meta.dirname, '..', '..'));
  });

  it('walks up from dist/src/core/paths.js', () => {
    const root = makeTempDir('cp-root-');
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'src', 'core'), { recursive: true });
    expect(projectRoot(pathToFileURL(join(root, 'dist', 'src', 'core', 'paths.js')).href)).toBe(root);
  });
});
