// The package version, read from package.json without importing anything heavy.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from this file (src/cli or dist/src/cli) to carbon-play's package.json. */
export function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'carbon-play' && pkg.version) return pkg.version;
    } catch {
      /* not here: go up */
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
