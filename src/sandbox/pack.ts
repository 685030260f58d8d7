// Loads the pack builders from sandbox/carbon/ (written separately): the template pack and the pack from a distribution.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type PackProduct = (opts: { product: string; outDir: string }) => Promise<string>;
/** Checks a distribution at once (bad input fails before anything is created); `write` builds the pack later. */
export type PreparePackFrom = (from: string) => { write(outDir: string): Promise<string> };

async function loadModule<T>(name: string, exported: string): Promise<T | null> {
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`../../sandbox/carbon/${name}${ext}`, import.meta.url));
    if (!existsSync(path)) continue;
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    if (typeof mod[exported] === 'function') return mod[exported] as T;
  }
  return null;
}

/** The packer, or null while sandbox/carbon/pack.ts is not there; works from src/ (vitest) and from dist/. */
export function loadPackProduct(): Promise<PackProduct | null> {
  return loadModule<PackProduct>('pack', 'packProduct');
}

/** The distribution packer (sandbox/carbon/pack-from.ts), or null when this build has none. */
export function loadPreparePackFrom(): Promise<PreparePackFrom | null> {
  return loadModule<PreparePackFrom>('pack-from', 'preparePackFrom');
}
