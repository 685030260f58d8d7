// Where the product packer is looked for, from the compiled sources, the bundle and the TypeScript sources.
import { expect, it } from 'vitest';
import { loadPackProduct, packCandidates } from '../../src/sandbox/pack.js';

it.each([
  ['compiled', 'file:///app/dist/src/sandbox/pack.js', '/app/dist/sandbox/carbon/pack.js'],
  ['bundled', 'file:///app/dist/bundle/sandbox-command-x1.js', '/app/dist/sandbox/carbon/pack.js'],
  ['TypeScript (vitest)', 'file:///app/src/sandbox/pack.ts', '/app/sandbox/carbon/pack.ts'],
])('%s: finds the packer it can load', (_name, from, want) => {
  const candidates = packCandidates(from);
  expect(candidates).toContain(want);
  // Node cannot load TypeScript: compiled code never tries a .ts file.
  if (!from.endsWith('.ts')) expect(candidates.filter((c) => c.endsWith('.ts'))).toEqual([]);
});

it('loads the packer from the sources under vitest', async () => {
  expect(typeof (await loadPackProduct())).toBe('function');
});
