// Assembles a WSO2 distribution (folder or zip, in a temp dir) from the real product files in ../shared/fixtures/wso2.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import { stockDeploymentDirs } from '../../sandbox/carbon/products.js';

/** ../shared/fixtures/wso2 from the project root; absent on a machine without the shared folder (tests then skip). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'wso2');
export const hasFixtures = existsSync(join(FIXTURES, 'PRODUCTS.md'));

/** The seeds' products, as PRODUCTS.md lists them. */
export const FIXTURE_VERSIONS = { as: '5.3.0', greg: '5.4.0', das: '3.2.0', ei: '6.4.0' } as const;
export type FixtureProduct = keyof typeof FIXTURE_VERSIONS;

const NAMES: Record<FixtureProduct, string> = {
  as: 'WSO2 Application Server', greg: 'WSO2 Governance Registry', das: 'WSO2 Data Analytics Server', ei: 'WSO2 Enterprise Integrator',
};

export interface AssembleOptions {
  form: 'folder' | 'zip';
  /** Where the distribution goes (a temp dir of the test). */
  dir: string;
  /** Another version's name for the same files (EI 6.6.0, whose files are not in the fixtures). */
  version?: string;
  /** Leave the start script out (a broken distribution). */
  noStartScript?: boolean;
}

function walk(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(join(root, r)).isDirectory() ? walk(root, r) : [r];
  });
}

/**
 * The fixture files of one product, plus what every real distribution has and the fixtures leave out: the empty
 * deployment, logs and driver folders and bin/version.txt. EI's fixtures have no bin/integrator.sh: the kernel's
 * wso2server.sh (DAS 3.2.0's, kernel 4.4.26) stands in for it, as EI's script is derived from it.
 */
export function assembleDistribution(product: FixtureProduct, o: AssembleOptions): string {
  const version = o.version ?? FIXTURE_VERSIONS[product];
  const top = `wso2${product}-${version}`;
  const src = join(FIXTURES, `${product}-${FIXTURE_VERSIONS[product]}`);
  const files = new Map<string, { path?: string; data?: Buffer; mode: number }>();
  for (const rel of walk(src)) files.set(rel, { path: join(src, rel), mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
  const ei = product === 'ei';
  // EI's integrator.sh is the kernel script relaunching itself (its start runs `nohup sh .../bin/integrator.sh`).
  const kernelScript = () => readFileSync(join(FIXTURES, 'das-3.2.0', 'bin', 'wso2server.sh'), 'latin1').replace(/bin\/wso2server\.sh/g, 'bin/integrator.sh');
  if (ei) files.set('bin/integrator.sh', { data: Buffer.from(kernelScript(), 'latin1'), mode: 0o755 });
  if (o.noStartScript) { files.delete('bin/wso2server.sh'); files.delete('bin/integrator.sh'); }
  const extra = { 'bin/version.txt': `${NAMES[product]} v${version}\n` };
  const stock = stockDeploymentDirs({ ei });
  const dirs = ['repository/deployment/server/', ...stock.map((d) => `repository/deployment/server/${d}`), 'repository/logs/', ei ? 'lib/' : 'repository/components/lib/'];
  mkdirSync(o.dir, { recursive: true });
  if (o.form === 'folder') {
    const home = join(o.dir, top);
    for (const d of dirs) mkdirSync(join(home, d), { recursive: true });
    for (const [rel, f] of files) {
      mkdirSync(dirname(join(home, rel)), { recursive: true });
      if (f.path) copyFileSync(f.path, join(home, rel)); else writeFileSync(join(home, rel), f.data!);
      chmodSync(join(home, rel), f.mode);
    }
    for (const [rel, text] of Object.entries(extra)) writeFileSync(join(home, rel), text);
    return home;
  }
  const z: Zippable = { [`${top}/`]: [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }] };
  for (const d of dirs) z[`${top}/${d}`] = [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }];
  for (const [rel, f] of files) z[`${top}/${rel}`] = [f.data ?? readFileSync(f.path!), { os: 3, attrs: (0o100000 | f.mode) << 16 }];
  for (const [rel, text] of Object.entries(extra)) z[`${top}/${rel}`] = [Buffer.from(text), { os: 3, attrs: (0o100644) << 16 }];
  const zip = join(o.dir, `${top}.zip`);
  writeFileSync(zip, zipSync(z));
  return zip;
}

/** Every fixture file of a product, relative to its top folder (what a pack must carry byte for byte). */
export function fixtureFiles(product: FixtureProduct): string[] {
  const src = join(FIXTURES, `${product}-${FIXTURE_VERSIONS[product]}`);
  return walk(src);
}
