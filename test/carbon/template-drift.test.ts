// The project's templates (used only where ../shared/fixtures/wso2 is missing) against the real files: every element
// path a role writes (its xml tasks' literal xpaths) or the stand-in reads resolves in a template pack exactly when it
// resolves in the real product's file, so the stand-in and the roles cannot pass on a model WSO2 never shipped.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packProduct } from '../../sandbox/carbon/pack.js';
import { parseXml, type XmlElement } from '../../sandbox/carbon/server/xml.js';
import { FIXTURES, FIXTURE_VERSIONS, hasFixtures, type FixtureProduct } from './fixture-dist.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Paths the stand-in reads (sandbox/carbon/server/config.ts, transports.ts, das.ts), by file under the conf folder. */
const STANDIN_READS: Record<string, string[]> = {
  'carbon.xml': ['/Server/Ports/Offset', '/Server/HostName', '/Server/MgtHostName', '/Server/Security/KeyStore/Location', '/Server/Security/KeyStore/Type',
    '/Server/Security/KeyStore/Password', '/Server/Security/KeyStore/KeyAlias', '/Server/Security/KeyStore/KeyPassword'],
  'axis2/axis2.xml': ['/axisconfig/clustering', "/axisconfig/clustering/parameter[@name='membershipScheme']", "/axisconfig/clustering/parameter[@name='domain']",
    "/axisconfig/clustering/parameter[@name='localMemberHost']", "/axisconfig/clustering/parameter[@name='localMemberPort']",
    "/axisconfig/clustering/parameter[@name='properties']/property[@name='subDomain']", '/axisconfig/clustering/members/member/hostName',
    '/axisconfig/clustering/members/member/port', "/axisconfig/transportReceiver[@name='http']/parameter[@name='port']",
    "/axisconfig/transportReceiver[@name='https']/parameter[@name='port']", "/axisconfig/transportReceiver[@name='https']/parameter[@name='keystore']/KeyStore/Location"],
  'registry.xml': ['/wso2registry/currentDBConfig', '/wso2registry/dbConfig/dataSource', '/wso2registry/readOnly', '/wso2registry/remoteInstance', '/wso2registry/mount'],
  'user-mgt.xml': ["/UserManager/Realm/Configuration/Property[@name='dataSource']", '/UserManager/Realm/UserStoreManager'],
  'datasources/master-datasources.xml': ['/datasources-configuration/datasources/datasource/name', '/datasources-configuration/datasources/datasource/jndiConfig/name',
    '/datasources-configuration/datasources/datasource/definition/configuration/url', '/datasources-configuration/datasources/datasource/definition/configuration/username',
    '/datasources-configuration/datasources/datasource/definition/configuration/password', '/datasources-configuration/datasources/datasource/definition/configuration/driverClassName'],
  'tomcat/catalina-server.xml': ['/Server/Service/Connector'],
  'event-processor.xml': ["/*/mode[@name='Single']", "/*/mode[@name='HA']/eventSync/hostName", "/*/mode[@name='HA']/nodeType/presenter", "/*/mode[@name='Distributed']/nodeType/presenter"],
};

/** Attributes whose value must match too: what decides how a node behaves. */
const ATTRS: Record<string, [string, string][]> = {
  'axis2/axis2.xml': [["/axisconfig/transportReceiver[@name='http']", 'class'], ["/axisconfig/transportReceiver[@name='https']", 'class'], ['/axisconfig/clustering', 'class']],
  'tomcat/catalina-server.xml': [['/Server/Service/Connector', 'port']],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Literal xpaths of the roles' xml tasks, by conf file: templated predicates dropped (any such element), templated steps skipped. */
function roleXpaths(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of walk('roles').filter((p) => p.endsWith('.yml'))) {
    // An xml task names its file (path:) before its xpaths (an edits: list may follow): the last file named rules.
    let file: string | undefined;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (/^\s*- name:/.test(line)) file = undefined;
      file = /carbon_conf_dir\s*\}\}\/([\w./-]+\.xml)/.exec(line)?.[1] ?? file;
      const m = /xpath:\s*"?([^"\n,}]+)"?/.exec(line);
      if (!file || !m) continue;
      const steps = m[1].trim().split(/\/(?![^[]*\])/).slice(1).map((s) => s.replace(/\[(?!@\w+='[^'{]*'\])[^\]]*\]/g, ''));
      if (steps.some((s) => s.includes('{{'))) continue;
      (out[file] ??= []).push('/' + steps.join('/'));
    }
  }
  return out;
}

/** The elements at a simple path (`/a/b[@n='v']/c`, `*` any name), comments ignored, namespace prefixes dropped. */
function select(root: XmlElement, path: string): XmlElement[] {
  const steps = path.split(/\/(?![^[]*\])/).slice(1);
  let cur: XmlElement[] = [{ name: '#', attrs: {}, children: [root], text: '' }];
  for (const step of steps) {
    const m = /^([\w*.-]+)(?:\[@(\w+)='([^']*)'\])?$/.exec(step);
    if (!m) throw new Error(`unsupported path step '${step}' in ${path}`);
    cur = cur.flatMap((e) => e.children.filter((c) => (m[1] === '*' || c.name === m[1]) && (!m[2] || c.attrs[m[2]] === m[3])));
  }
  return cur;
}

const confFile = (entries: Record<string, Uint8Array>, top: string, rel: string) =>
  entries[`${top}/repository/conf/${rel}`] ?? entries[`${top}/conf/${rel}`];
const realFile = (product: FixtureProduct, rel: string) => {
  const base = join(FIXTURES, `${product}-${FIXTURE_VERSIONS[product]}`);
  for (const p of [join(base, 'repository/conf', rel), join(base, 'conf', rel)]) if (existsSync(p)) return readFileSync(p);
  return undefined;
};
const parse = (b: Uint8Array) => parseXml(Buffer.from(b).toString(/encoding="ISO-8859-1"/i.test(Buffer.from(b.subarray(0, 100)).toString('latin1')) ? 'latin1' : 'utf8'));

describe.skipIf(!hasFixtures)('templates have the real files\' structure on every path a role or the stand-in uses', () => {
  const fromRoles = roleXpaths();
  it('finds the roles\' xpaths (the scan itself works)', () => {
    expect(fromRoles['axis2/axis2.xml']).toContain("/axisconfig/clustering/parameter[@name='properties']/property[@name='subDomain']");
    expect(fromRoles['carbon.xml']).toContain('/Server/Ports/Offset');
  });

  it.each(Object.keys(FIXTURE_VERSIONS) as FixtureProduct[])('%s', async (product) => {
    const out = makeTempDir('cp-drift-');
    const entries = unzipSync(readFileSync(await packProduct({ product, outDir: out })));
    const top = `wso2${product}-${FIXTURE_VERSIONS[product]}`;
    const drift: string[] = [];
    const files = new Set([...Object.keys(STANDIN_READS), ...Object.keys(fromRoles)]);
    for (const rel of files) {
      const real = realFile(product, rel);
      const mine = confFile(entries, top, rel);
      if (!real) continue;
      if (!mine) { drift.push(`${rel}: in the real ${product} but not in the template pack`); continue; }
      const [r, t] = [parse(real), parse(mine)];
      if (r.name !== t.name) drift.push(`${rel}: root <${t.name}>, real <${r.name}>`);
      for (const path of new Set([...(STANDIN_READS[rel] ?? []), ...(fromRoles[rel] ?? [])])) {
        const [inReal, inMine] = [select(r, path).length > 0, select(t, path).length > 0];
        if (inReal !== inMine) drift.push(`${rel} ${path}: ${inReal ? 'in the real file, missing from the template' : 'in the template, not in the real file'}`);
      }
      for (const [path, attr] of ATTRS[rel] ?? []) {
        const [a, b] = [select(r, path).map((e) => e.attrs[attr]), select(t, path).map((e) => e.attrs[attr])];
        if (a.join() !== b.join()) drift.push(`${rel} ${path} @${attr}: template ${JSON.stringify(b)}, real ${JSON.stringify(a)}`);
      }
    }
    expect(drift.join("\n")).toBe("");
  });
});
