// How the e2e tests give a sandbox its product packs: from the real WSO2 files in ../shared/fixtures/wso2 when that
// folder exists (assembled into a distribution zip, then `sandbox up --pack-from`), else the project's template packs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleDistribution, FIXTURE_VERSIONS, hasFixtures, type FixtureProduct } from '../carbon/fixture-dist.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Whether these tests run on packs built from the real files. */
export const realPacks = hasFixtures;

/** Each product's CARBON_HOME on a sandbox host (the template packs carry the same names and versions). */
export const productHome = (p: FixtureProduct) => `/opt/wso2/wso2${p}-${FIXTURE_VERSIONS[p]}`;

/** The pack's file name, as carbon_pack_src names it. */
export const packName = (p: FixtureProduct) => `wso2${p}-${FIXTURE_VERSIONS[p]}.zip`;

/**
 * The `sandbox up` options that put every product's pack into the sandbox's packs/ folder, and the `sandbox pack`
 * commands still needed after it (template packs: `up` builds one product only).
 */
export function packOptions(products: FixtureProduct[]): { up: string[]; after: string[][] } {
  if (!realPacks) return { up: ['--product', products[0]!], after: products.slice(1).map((p) => ['sandbox', 'pack', '--product', p]) };
  const work = makeTempDir('cp-e2e-dist-');
  return { up: products.flatMap((p) => ['--pack-from', assembleDistribution(p, { form: 'zip', dir: work })]), after: [] };
}

/**
 * Seed 001 imports the pack's dbscripts/apimgt/mysql.sql into wso2apim; the stand-in G-Reg pack has only the kernel
 * script, so the test adds a small API-manager-shaped one (unguarded, as the real ones are: a second import would fail).
 */
export function addApimgtScript(pack: string): void {
  const top = execFileSync('unzip', ['-Z1', pack], { encoding: 'utf8' }).split('\n')[0]!.split('/')[0]!;
  const work = makeTempDir('cp-apimgt-');
  mkdirSync(join(work, top, 'dbscripts', 'apimgt'), { recursive: true });
  writeFileSync(join(work, top, 'dbscripts', 'apimgt', 'mysql.sql'), 'CREATE TABLE AM_SUBSCRIBER (SUBSCRIBER_ID INTEGER AUTO_INCREMENT, USER_ID VARCHAR(255) NOT NULL, PRIMARY KEY (SUBSCRIBER_ID));\nCREATE INDEX IDX_AM_SUBSCRIBER ON AM_SUBSCRIBER(USER_ID);\n');
  // zip adds the entry and keeps every other one as it is (the start scripts' executable bits included).
  execFileSync('zip', ['-q', pack, `${top}/dbscripts/apimgt/mysql.sql`], { cwd: work });
}
