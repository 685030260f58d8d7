// Builds a product zip laid out like a Carbon 4.4 pack, carrying the stand-in server and what it needs to run with node.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable, type ZipAttributes } from 'fflate';
import { resolveProduct, type Product } from './products.js';

const here = dirname(fileURLToPath(import.meta.url));
type Entry = [Uint8Array, ZipAttributes];

/** Walks up from this module to the first folder holding `rel` (works from sandbox/ and from dist/sandbox/). */
function findUp(rel: string): string {
  for (let d = here; ; d = dirname(d)) {
    if (existsSync(join(d, rel))) return join(d, rel);
    if (dirname(d) === d) throw new Error(`pack: cannot find ${rel} above ${here}`);
  }
}

const file = (data: string | Buffer, mode = 0o644): Entry => [typeof data === 'string' ? Buffer.from(data) : data, { os: 3, attrs: (0o100000 | mode) << 16 }];
const dir = (): Entry => [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }];

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

function configFiles(p: Product, t: (n: string) => string): Record<string, Entry> {
  const subst = (s: string) => s.replace(/\{\{NAME\}\}/g, p.name).replace(/\{\{VERSION\}\}/g, p.version).replace(/\{\{KEY\}\}/g, p.key.toUpperCase());
  const conf = p.ei ? 'conf' : 'repository/conf';
  const files: Record<string, Entry> = {
    // carbon.xml declares ISO-8859-1 and carries a non-ASCII character, so it is written in that encoding.
    [`${conf}/carbon.xml`]: file(Buffer.from(subst(t('carbon.xml')), 'latin1')),
    // The kernel's axis2.xml has CRLF line ends and no declaration.
    [`${conf}/axis2/axis2.xml`]: file(t('axis2.xml').replace(/\r?\n/g, '\r\n')),
    [`${conf}/registry.xml`]: file(t('registry.xml')),
    [`${conf}/user-mgt.xml`]: file(t('user-mgt.xml')),
    [`${conf}/datasources/master-datasources.xml`]: file(t('master-datasources.xml')),
    [`${conf}/tomcat/catalina-server.xml`]: file(t('catalina-server.xml')),
  };
  if (p.das) {
    files[`${conf}/event-processor.xml`] = file(t('event-processor.xml'));
    files[`${conf}/analytics/spark/spark-defaults.conf`] = file(t('spark-defaults.conf'));
    files[`${conf}/datasources/analytics-datasources.xml`] = file(t('analytics-datasources.xml'));
  }
  return files;
}

/** Writes `<outDir>/<wso2KEY-VERSION>.zip` and returns its path. */
export async function packProduct(opts: { product: 'as' | 'greg' | 'das' | 'ei' | string; outDir: string }): Promise<string> {
  const p = resolveProduct(opts.product);
  const templates = findUp('sandbox/carbon/templates');
  const t = (n: string) => readFileSync(join(templates, n), 'utf8');
  const entries: Record<string, Entry> = {
    ...configFiles(p, t),
    'bin/wso2server.sh': file(t('wso2server.sh'), 0o755),
    'bin/version.txt': file(`${p.name} ${p.version} (carbon-play stand-in)\n`),
    'dbscripts/mysql.sql': file(t('mysql.sql')),
    [p.ei ? 'lib/' : 'repository/components/lib/']: dir(),
    'repository/deployment/server/': dir(),
    'repository/logs/': dir(),
    'standin/package.json': file(JSON.stringify({ name: 'carbon-standin', private: true, type: 'module' }) + '\n'),
  };
  if (p.ei) entries['bin/integrator.sh'] = file(t('wso2server.sh'), 0o755);
  for (const [name, text] of Object.entries(await serverFiles())) entries[`standin/server/${name}`] = file(text);
  for (const [name, data] of Object.entries(nodeModules())) entries[`standin/node_modules/${name}`] = file(data);
  const zippable: Zippable = {};
  for (const [name, e] of Object.entries(entries)) zippable[`${p.dir}/${name}`] = e;
  zippable[`${p.dir}/`] = dir();
  await mkdir(opts.outDir, { recursive: true });
  const out = join(opts.outDir, `${p.dir}.zip`);
  await writeFile(out, zipSync(zippable, { level: 6 }));
  return out;
}
