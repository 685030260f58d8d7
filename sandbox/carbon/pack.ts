// Builds a product zip laid out like a Carbon 4.4 pack, carrying the stand-in server and what it needs to run with node.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable, type ZipAttributes } from 'fflate';
import { resolveProduct, stockDeploymentDirs, type Product } from './products.js';
import { findUp, standinFiles } from './standin-files.js';
import { templateKeyStores } from './template-keystores.js';

type Entry = [Uint8Array, ZipAttributes];

const file = (data: string | Buffer, mode = 0o644): Entry => [typeof data === 'string' ? Buffer.from(data) : data, { os: 3, attrs: (0o100000 | mode) << 16 }];
const dir = (): Entry => [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }];

function axis2(p: Pick<Product, 'ei'>, t: (n: string) => string): string {
  const text = t('axis2.xml');
  if (!p.ei) return text;
  // EI's axis2.xml carries subDomain only in comments (its manager/worker samples), and its service transports are
  // the pass-through listeners.
  const ei = text.replace(/ *<property name="subDomain"[^>]*\/>\r?\n/, '');
  const from = ei.indexOf('    <transportReceiver name="http"');
  const end = ei.lastIndexOf('</transportReceiver>') + '</transportReceiver>\n'.length;
  return ei.slice(0, from) + t('axis2-ei-transports.xml') + ei.slice(end);
}

/** The template pack's axis2.xml for a product of that layout (EI: pass-through transports), as packProduct writes it. */
export function templateAxis2(p: Pick<Product, 'ei'>): string {
  const templates = findUp('sandbox/carbon/templates');
  return axis2(p, (n) => readFileSync(join(templates, n), 'utf8'));
}

function configFiles(p: Product, t: (n: string) => string): Record<string, Entry> {
  const subst = (s: string) => s.replace(/\{\{NAME\}\}/g, p.name).replace(/\{\{VERSION\}\}/g, p.version).replace(/\{\{KEY\}\}/g, p.key.toUpperCase());
  const conf = p.ei ? 'conf' : 'repository/conf';
  const files: Record<string, Entry> = {
    // carbon.xml declares ISO-8859-1 and carries a non-ASCII character, so it is written in that encoding.
    [`${conf}/carbon.xml`]: file(Buffer.from(subst(t('carbon.xml')), 'latin1')),
    // The kernel's axis2.xml has CRLF line ends and no declaration; EI's service transports are the pass-through ones.
    [`${conf}/axis2/axis2.xml`]: file(axis2(p, t).replace(/\r?\n/g, '\r\n')),
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

/** Writes `<outDir>/<wso2KEY-VERSION>.zip` and returns its path; `version` names another release of the same layout. */
export async function packProduct(opts: { product: 'as' | 'greg' | 'das' | 'ei' | string; outDir: string; version?: string }): Promise<string> {
  const known = resolveProduct(opts.product);
  const p = opts.version ? { ...known, version: opts.version, dir: `wso2${known.key}-${opts.version}` } : known;
  const templates = findUp('sandbox/carbon/templates');
  const t = (n: string) => readFileSync(join(templates, n), 'utf8');
  const entries: Record<string, Entry> = {
    ...configFiles(p, t),
    'bin/wso2server.sh': file(t('wso2server.sh'), 0o755),
    'bin/version.txt': file(`${p.name} ${p.version} (carbon-play stand-in)\n`),
    'dbscripts/mysql.sql': file(t('mysql.sql')),
    [p.ei ? 'lib/' : 'repository/components/lib/']: dir(),
    'repository/deployment/server/': dir(),
    ...Object.fromEntries(stockDeploymentDirs(p).map((d) => [`repository/deployment/server/${d}`, dir()])),
    'repository/logs/': dir(),
    'repository/resources/security/wso2carbon.jks': file(templateKeyStores().keyStore),
    'repository/resources/security/client-truststore.jks': file(templateKeyStores().trustStore),
  };
  if (p.ei) entries['bin/integrator.sh'] = file(t('wso2server.sh'), 0o755);
  for (const [name, f] of Object.entries(await standinFiles())) entries[name] = file(Buffer.from(f.data), f.mode);
  const zippable: Zippable = {};
  for (const [name, e] of Object.entries(entries)) zippable[`${p.dir}/${name}`] = e;
  zippable[`${p.dir}/`] = dir();
  await mkdir(opts.outDir, { recursive: true });
  const out = join(opts.outDir, `${p.dir}.zip`);
  await writeFile(out, zipSync(zippable, { level: 6 }));
  return out;
}
