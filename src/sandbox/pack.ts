// Loads the pack builders from sandbox/carbon/ (written separately): the template pack and the pack from a distribution.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type PackProduct = (opts: { product: string; outDir: string }) => Promise<string>;
/** Checks a distribution at once (bad input fails before anything is created); `write` builds the pack later. */
export type PreparePackFrom = (from: string) => { write(outDir: string): Promise<string> };

/**
 * Where sandbox/carbon/NAME is, seen from the module asking: dist/src/sandbox (compiled) and dist/bundle (the bundled
 * bin) both find dist/sandbox/carbon/NAME.js; src/sandbox under vitest, which runs TypeScript, finds sandbox/carbon/NAME.ts.
 */
export function packCandidates(from: string, name = 'pack'): string[] {
  const relative = [`../../sandbox/carbon/${name}.js`, `../sandbox/carbon/${name}.js`, ...(from.endsWith('.ts') ? [`../../sandbox/carbon/${name}.ts`] : [])];
  return relative.map((r) => fileURLToPath(new URL(r, from)));
}

async function loadModule<T>(name: string, exported: string): Promise<T | null> {
  for (const path of packCandidates(import.meta.url, name)) {
    if (!existsSync(path)) continue;
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    if (typeof mod[exported] === 'function') return mod[exported] as T;
  }
  return null;
}

/** The packer, or null while sandbox/carbon/pack.ts is not there. */
export function loadPackProduct(): Promise<PackProduct | null> {
  return loadModule<PackProduct>('pack', 'packProduct');
}

/** The distribution packer (sandbox/carbon/pack-from.ts), or null when this build has none. */
export function loadPreparePackFrom(): Promise<PreparePackFrom | null> {
  return loadModule<PreparePackFrom>('pack-from', 'preparePackFrom');
}
