import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');

/** Static (non-type, non-dynamic) imports reachable from a file: what `--version` pays for at start-up. */
function staticGraph(file: string, seen = new Set<string>(), packages = new Set<string>()): { files: Set<string>; packages: Set<string> } {
  if (seen.has(file)) return { files: seen, packages };
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
    const spec = m[1];
    if (spec.startsWith('.')) staticGraph(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen, packages);
    else packages.add(spec); // node: builtins too (some are slow to load: readline, fs/promises)
  }
  return { files: seen, packages };
}

describe('start-up stays lean', () => {
  it('main.ts statically imports no runner, yaml, listr2, ssh2 or handlebars', () => {
    const g = staticGraph(join(src, 'cli/main.ts'));
    const rel = [...g.files].map((f) => f.slice(src.length + 1));
    expect(rel.filter((f) => /^(runner|output|playbook|template|modules|connection)\//.test(f))).toEqual([]);
    expect([...g.packages].filter((p) => ['yaml', 'listr2', 'ssh2', 'handlebars', 'mysql2', 'diff'].includes(p))).toEqual([]);
    expect(rel).toContain('cli/parse-options.ts');
  });

  it('--syntax-check loads the loaders and modules, not the runner, renderers, diff, listr2, handlebars or the zip library', () => {
    const g = staticGraph(join(src, 'cli/play-command.ts'));
    for (const entry of ['inventory/load-inventory.ts', 'playbook/load-playbook.ts']) staticGraph(join(src, entry), g.files, g.packages);
    const rel = [...g.files].map((f) => f.slice(src.length + 1));
    expect(rel.filter((f) => /^(runner|output)\//.test(f) || f === 'connection/ask-secret.ts')).toEqual([]);
    // handlebars only for .hbs files and error hints: required when used (src/template/hbs-parse.ts).
    expect([...g.packages].filter((p) => ['listr2', 'diff', 'fflate', 'ssh2', 'mysql2', 'zx', 'handlebars'].includes(p))).toEqual([]);
    // Node builtins that only --step, pause or a module's run read: required when used (fs.promises is a lazy getter).
    expect([...g.packages].filter((p) => ['node:readline', 'node:fs/promises'].includes(p))).toEqual([]);
    expect(rel).toContain('modules/index.ts');
  });

  it('a run loads ssh2 and mysql2 only when it opens such a connection', () => {
    const g = staticGraph(join(src, 'cli/play-command.ts'));
    for (const entry of ['runner/run-playbook.ts', 'modules/index.ts', 'connection/factory.ts']) staticGraph(join(src, entry), g.files, g.packages);
    expect([...g.packages].filter((p) => /^(ssh2|mysql2)/.test(p))).toEqual([]);
    expect(g.files.has(join(src, 'connection/ssh-connect.ts'))).toBe(true);
  });
});
