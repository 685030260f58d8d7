// Builds the product pack through sandbox/carbon/pack.ts when that file exists (written separately).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type PackProduct = (opts: { product: string; outDir: string }) => Promise<string>;

/**
 * Where the packer is, seen from the module asking: dist/src/sandbox (compiled) and dist/bundle (the bundled bin) both
 * find dist/sandbox/carbon/pack.js; src/sandbox under vitest, which runs TypeScript, finds sandbox/carbon/pack.ts.
 */
export function packCandidates(from: string): string[] {
  const relative = ['../../sandbox/carbon/pack.js', '../sandbox/carbon/pack.js', ...(from.endsWith('.ts') ? ['../../sandbox/carbon/pack.ts'] : [])];
  return relative.map((r) => fileURLToPath(new URL(r, from)));
}

/** The packer, or null while sandbox/carbon/pack.ts is not there. */
export async function loadPackProduct(): Promise<PackProduct | null> {
  for (const path of packCandidates(import.meta.url)) {
    if (!existsSync(path)) continue;
    const mod = (await import(pathToFileURL(path).href)) as { packProduct?: PackProduct };
    if (typeof mod.packProduct === 'function') return mod.packProduct;
  }
  return null;
}
