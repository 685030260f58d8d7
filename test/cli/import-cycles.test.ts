// src/cli imports form no cycle (static or dynamic `import()`): the shared error reporting lives in its own file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { expect, it } from 'vitest';

const cliDir = join(import.meta.dirname, '..', '..', 'src', 'cli');

/** The files of src/cli each file imports at run time (type-only imports left out). */
function cliImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of readdirSync(cliDir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(cliDir, f), 'utf8');
    const specs = [
      ...[...text.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!),
    ];
    const local = specs.map((s) => normalize(join(dirname(f), s)).replace(/\.js$/, '.ts')).filter((s) => !s.startsWith('..'));
    graph.set(f, local);
  }
  return graph;
}

/** Every cycle found by depth-first search, as a path `a → b → a`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

it('src/cli has no import cycle', () => {
  const graph = cliImports();
  expect(graph.get('run-cli.ts')).toContain('report-error.ts');
  expect(findCycles(graph)).toEqual([]);
});
