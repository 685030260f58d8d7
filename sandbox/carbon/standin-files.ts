// The stand-in's own files every pack carries under standin/: the server's JavaScript, its node modules, the "JVM".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface PackFile { data: Uint8Array; mode: number }

/** Walks up from this module to the first folder holding `rel` (works from sandbox/ and from dist/sandbox/). */
export function findUp(rel: string): string {
  for (let d = here; ; d = dirname(d)) {
    if (existsSync(join(d, rel))) return join(d, rel);
    if (dirname(d) === d) throw new Error(`pack: cannot find ${rel} above ${here}`);
  }
}

/** The server's JavaScript: compiled files next to this module (dist), else the sources transpiled here. */
async function serverFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const built = join(here, 'server');
  const js = existsSync(join(built, 'main.js')) ? readdirSync(built).filter((f) => f.endsWith('.js')) : [];
  if (js.length > 0) {
    for (const f of js) out[f] = readFileSync(join(built, f), 'utf8');
    return out;
  }
  const ts = (await import('typescript')).default;
  const src = findUp('sandbox/carbon/server');
  for (const f of readdirSync(src).filter((n) => n.endsWith('.ts'))) {
    const r = ts.transpileModule(readFileSync(join(src, f), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    out[f.replace(/\.ts$/, '.js')] = r.outputText;
  }
  return out;
}

/** mysql2 and fflate with their dependencies, copied from the project's node_modules. */
function nodeModules(): Record<string, Buffer> {
  const root = dirname(dirname(findUp('node_modules/mysql2/package.json')));
  const seen = new Set<string>();
  const out: Record<string, Buffer> = {};
  const addTree = (base: string, rel: string) => {
    for (const name of readdirSync(join(base, rel))) {
      const p = join(base, rel, name);
      if (statSync(p).isDirectory()) { if (name !== 'node_modules') addTree(base, join(rel, name)); }
      else if (!/\.(d\.ts|d\.mts|d\.cts|map|md)$/.test(name)) out[join(rel, name)] = readFileSync(p);
    }
  };
  const visit = (pkg: string) => {
    if (seen.has(pkg)) return;
    seen.add(pkg);
    const meta = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    addTree(root, pkg);
    for (const d of Object.keys(meta.dependencies ?? {})) visit(d);
  };
  visit('mysql2');
  visit('fflate');
  return out;
}

/**
 * The "JVM" a pack's start script launches: it answers `-version` as a Java 8 does (WSO2's scripts grep for 1.7/1.8)
 * and otherwise runs the stand-in with every argument the script gives Java (-D options, -classpath, Bootstrap...).
 */
const JAVA_SHIM = `#!/bin/sh
# carbon-play stand-in for the JVM: WSO2's start script runs this as $JAVA_HOME/bin/java.
if [ "$1" = "-version" ]; then
  echo 'java version "1.8.0_202"' >&2
  echo 'carbon-play stand-in (node), not a Java runtime' >&2
  exit 0
fi
here=$(cd "$(dirname "$0")/../.." && pwd)
exec "\${NODE_BIN:-node}" "$here/server/main.js" "$@"
`;

/** Relative path (under the pack's top folder) of the folder a start script must use as JAVA_HOME. */
export const STANDIN_JAVA_HOME = 'standin/jre';

/** Every file of standin/, keyed by its path under the pack's top folder. */
export async function standinFiles(): Promise<Record<string, PackFile>> {
  const out: Record<string, PackFile> = {
    'standin/package.json': { data: Buffer.from(JSON.stringify({ name: 'carbon-standin', private: true, type: 'module' }) + '\n'), mode: 0o644 },
    [`${STANDIN_JAVA_HOME}/bin/java`]: { data: Buffer.from(JAVA_SHIM), mode: 0o755 },
  };
  for (const [name, text] of Object.entries(await serverFiles())) out[`standin/server/${name}`] = { data: Buffer.from(text), mode: 0o644 };
  for (const [name, data] of Object.entries(nodeModules())) out[`standin/node_modules/${name}`] = { data, mode: 0o644 };
  return out;
}
