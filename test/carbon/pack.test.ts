// The product packs: Carbon 4.4 / EI 6.x / DAS layouts (a deployment folder that is not empty, as shipped), and config files carrying the real files' traps.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packProduct } from '../../sandbox/carbon/pack.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const out = makeTempDir('packs-');
const packs: Record<string, Record<string, Uint8Array>> = {};
const paths: Record<string, string> = {};
beforeAll(async () => {
  for (const p of ['as', 'ei', 'das']) {
    paths[p] = await packProduct({ product: p, outDir: out });
    packs[p] = unzipSync(readFileSync(paths[p]));
  }
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));
const text = (p: string, f: string, enc: BufferEncoding = 'utf8') => Buffer.from(packs[p][f]).toString(enc);

const layouts: { product: string; top: string; has: string[]; lacks: string[] }[] = [
  { product: 'as', top: 'wso2as-5.3.0/', lacks: ['bin/integrator.sh', 'repository/conf/event-processor.xml', 'conf/carbon.xml'],
    has: ['bin/wso2server.sh', 'repository/conf/carbon.xml', 'repository/conf/axis2/axis2.xml', 'repository/conf/registry.xml', 'repository/conf/user-mgt.xml',
      'repository/conf/datasources/master-datasources.xml', 'repository/conf/tomcat/catalina-server.xml', 'repository/components/lib/', 'repository/deployment/server/',
      'repository/deployment/server/webapps/', 'repository/deployment/server/axis2services/', 'repository/deployment/server/axis2modules/', 'repository/logs/', 'dbscripts/mysql.sql', 'standin/server/main.js', 'standin/node_modules/mysql2/package.json', 'standin/node_modules/fflate/package.json', 'standin/node_modules/iconv-lite/package.json'] },
  { product: 'ei', top: 'wso2ei-6.4.0/', lacks: ['repository/conf/carbon.xml', 'repository/components/lib/'],
    has: ['bin/integrator.sh', 'bin/wso2server.sh', 'conf/carbon.xml', 'conf/axis2/axis2.xml', 'conf/datasources/master-datasources.xml', 'lib/', 'repository/deployment/server/',
      'repository/deployment/server/synapse-configs/default/', 'dbscripts/mysql.sql'] },
  { product: 'das', top: 'wso2das-3.2.0/', lacks: [],
    has: ['repository/conf/event-processor.xml', 'repository/conf/analytics/spark/spark-defaults.conf', 'repository/conf/datasources/analytics-datasources.xml'] },
];

describe('packProduct', () => {
  // The e2e of `-e carbon_version=6.6.0` needs a 6.6.0 pack where the real files are absent.
  it('names another release of a product when given a version: zip, top folder and version.txt', async () => {
    const zip = await packProduct({ product: 'ei', outDir: out, version: '6.6.0' });
    expect(zip).toBe(join(out, 'wso2ei-6.6.0.zip'));
    const files = unzipSync(readFileSync(zip));
    expect(Object.keys(files).every((f) => f.startsWith('wso2ei-6.6.0/'))).toBe(true);
    expect(Buffer.from(files['wso2ei-6.6.0/bin/version.txt']).toString()).toContain('WSO2 Enterprise Integrator 6.6.0');
    expect(Object.keys(files)).toContain('wso2ei-6.6.0/conf/carbon.xml');
  });

  it.each(layouts)('lays out $product like the real product', ({ product, top, has, lacks }) => {
    for (const f of has) expect(Object.keys(packs[product])).toContain(top + f);
    for (const f of lacks) expect(Object.keys(packs[product])).not.toContain(top + f);
  });

  it('carbon.xml: ISO-8859-1 bytes, default namespace, HostName and MgtHostName only in comments, Ports/Offset', () => {
    const raw = packs.as['wso2as-5.3.0/repository/conf/carbon.xml'];
    expect(Buffer.from(raw).includes(Buffer.from([0xa9]))).toBe(true);
    const s = text('as', 'wso2as-5.3.0/repository/conf/carbon.xml', 'latin1');
    expect(s).toMatch(/^<\?xml version="1\.0" encoding="ISO-8859-1"\?>/);
    expect(s).toContain('<Server xmlns="http://wso2.org/projects/carbon/carbon.xml">');
    expect(s.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/HostName/);
    expect(s).toContain('<!--HostName>www.wso2.org</HostName-->');
    expect(s).toMatch(/<Ports>\s*(<!--[^>]*-->\s*)?<Offset>0<\/Offset>/);
    expect(s).toContain('<DeploymentSynchronizer>');
  });

  it('axis2.xml: CRLF, no declaration, clustering start tag over two lines, multicast, placeholder member', () => {
    const s = text('ei', 'wso2ei-6.4.0/conf/axis2/axis2.xml');
    expect(s.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(s.startsWith('<?xml')).toBe(false);
    expect(s).toMatch(/<clustering class="org\.wso2\.carbon\.core\.clustering\.hazelcast\.HazelcastClusteringAgent"\r\n\s+enable="false">/);
    expect(s).toContain('<groupManagement enable="false">');
    expect(s).toContain('<parameter name="membershipScheme">multicast</parameter>');
    expect(s).toMatch(/<member>\s*<hostName>127\.0\.0\.1<\/hostName>\s*<port>4000<\/port>\s*<\/member>/);
    expect(s).toMatch(/<parameter name="properties">\s*<property name="backendServerURL"[^>]*\/>\s*<property name="mgtConsoleURL"[^>]*\/>\s*<\/parameter>/);
    expect(text('as', 'wso2as-5.3.0/repository/conf/axis2/axis2.xml')).toMatch(/<parameter name="properties">\s*<property name="backendServerURL"[^>]*\/>\s*<property name="mgtConsoleURL"[^>]*\/>\s*<property name="subDomain" value="worker"\/>/);
    expect(s).toMatch(/<transportReceiver name="https" class="org\.apache\.synapse\.transport\.passthru\.PassThroughHttpSSLListener">\s*<parameter name="port" locked="false">8243<\/parameter>/);
  });

  it('registry, datasources, catalina and the SQL script carry the real files\' shape', () => {
    const reg = text('as', 'wso2as-5.3.0/repository/conf/registry.xml').replace(/<!--[\s\S]*?-->/g, '');
    expect(reg).toContain('<dbConfig name="wso2registry">');
    expect(reg).not.toMatch(/<mount|<remoteInstance/);
    const ds = text('as', 'wso2as-5.3.0/repository/conf/datasources/master-datasources.xml');
    expect(ds).toMatch(/^<datasources-configuration xmlns:svns=/);
    expect(ds).toMatch(/<name>WSO2_CARBON_DB<\/name>[\s\S]*<name>jdbc\/WSO2CarbonDB<\/name>[\s\S]*jdbc:h2:/);
    const cat = text('as', 'wso2as-5.3.0/repository/conf/tomcat/catalina-server.xml');
    expect(cat.startsWith("<?xml version='1.0' encoding='utf-8'?>")).toBe(true);
    expect(cat.replace(/<!--[\s\S]*?-->/g, '')).not.toContain('proxyPort');
    const um = text('as', 'wso2as-5.3.0/repository/conf/user-mgt.xml');
    expect(um).toContain('<Property name="dataSource">jdbc/WSO2CarbonDB</Property>');
    expect(um.match(/MaxUserNameListLength/g)).toHaveLength(2);
    const sql = text('as', 'wso2as-5.3.0/dbscripts/mysql.sql');
    expect(sql).toMatch(/CREATE TABLE IF NOT EXISTS REG_RESOURCE/);
    expect(sql).toMatch(/CREATE TABLE UM_USER \(/);
    expect(sql).toMatch(/^CREATE INDEX /m);
    expect(sql).not.toMatch(/DELIMITER/);
  });

  it('marks the scripts executable and names the product in bin/version.txt', () => {
    const listing = execFileSync('zipinfo', [paths.ei, 'wso2ei-6.4.0/bin/*', 'wso2ei-6.4.0/dbscripts/*'], { encoding: 'utf8' });
    expect(listing).toMatch(/^-rwxr-xr-x .* wso2ei-6\.4\.0\/bin\/integrator\.sh$/m);
    expect(listing).toMatch(/^-rwxr-xr-x .* wso2ei-6\.4\.0\/bin\/wso2server\.sh$/m);
    expect(listing).toMatch(/^-rw-r--r-- .* wso2ei-6\.4\.0\/dbscripts\/mysql\.sql$/m);
    expect(text('das', 'wso2das-3.2.0/bin/version.txt')).toMatch(/^WSO2 Data Analytics Server 3\.2\.0/);
    expect(text('ei', 'wso2ei-6.4.0/bin/integrator.sh')).toMatch(/^#!\/usr\/bin\/env bash/);
  });
});
