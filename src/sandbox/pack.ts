// Builds the product pack through sandbox/carbon/pack.ts when that file exists (written separately).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type PackProduct = (opts: { product: string; outDir: string }) => Promise<string>;

/** The packer, or null while sandbox/carbon/pack.ts is not there; works from src/ (vitest) and from dist/. */
export async function loadPackProduct(): Promise<PackProduct | null> {
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`../../sandbox/carbon/pack${ext}`, import.meta.url));
    if (!existsSync(path)) continue;
    const mod = (await import(pathToFileURL(path).href)) as { packProduct?: PackProduct };
    if (typeof mod.packProduct === 'function') return mod.packProduct;
  }
  return null;
}
