// `packFromDistribution`: real distributions (zip and folder) packed byte for byte with only the JVM launch swapped;
// bad input is one line and writes nothing; a fixture-built pack starts and stops through WSO2's own script.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { packFromDistribution } from '../../sandbox/carbon/pack-from.js';
import { SWAP_MARK } from '../../sandbox/carbon/start-script.js';
import { readZipModes } from '../../sandbox/carbon/zip-modes.js';
import { assembleDistribution, FIXTURE_VERSIONS, fixtureFiles, FIXTURES, hasFixtures, type FixtureProduct } from './fixture-dist.js';
import { freeOffset, waitForLog } from './harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const work = makeTempDir('cp-pack-from-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(work, String(n++));

/** The swapped script minus the two inserted lines is WSO2's script, byte for byte. */
function unswap(script: Uint8Array): Buffer {
  const lines = Buffer.from(script).toString('latin1').split('\n');
  expect(lines[1]).toBe(SWAP_MARK);
  expect(lines[2]).toMatch(/^JAVA_HOME=.*standin\/jre"; JAVACMD=""; export JAVA_HOME$/);
  return Buffer.from([lines[0], ...lines.slice(3)].join('\n'), 'latin1');
}

const cases: { product: FixtureProduct; form: 'zip' | 'folder'; version?: string; script: string }[] = [
  { product: 'as', form: 'zip', script: 'bin/wso2server.sh' },
  { product: 'as', form: 'folder', script: 'bin/wso2server.sh' },
  { product: 'greg', form: 'zip', script: 'bin/wso2server.sh' },
  { product: 'das', form: 'folder', script: 'bin/wso2server.sh' },
  { product: 'ei', form: 'zip', script: 'bin/integrator.sh' },
  { product: 'ei', form: 'folder', version: '6.6.0', script: 'bin/integrator.sh' },
];

describe.skipIf(!hasFixtures)('packFromDistribution on the real product files', () => {
  it.each(cases.map((c) => ({ ...c, label: `${c.product} ${c.version ?? FIXTURE_VERSIONS[c.product]} ${c.form}` })))('$label: every file kept, named after the distribution, only the JVM swapped', async ({ product, form, version, script }) => {
    const from = assembleDistribution(product, { form, dir: fresh(), version });
    const out = fresh();
    const zip = await packFromDistribution({ from, outDir: out });
    const top = `wso2${product}-${version ?? FIXTURE_VERSIONS[product]}`;
    expect(zip).toBe(join(out, `${top}.zip`));
    const raw = readFileSync(zip);
    const entries = unzipSync(raw);
    const src = join(FIXTURES, `${product}-${FIXTURE_VERSIONS[product]}`);
    for (const f of fixtureFiles(product)) {
      const packed = entries[`${top}/${f}`];
      expect(packed, f).toBeDefined();
      expect(Buffer.compare(Buffer.from(f.endsWith('.sh') ? unswap(packed) : packed), readFileSync(join(src, f))), f).toBe(0);
    }
    expect(Buffer.from(entries[`${top}/bin/version.txt`]).toString()).toContain(version ?? FIXTURE_VERSIONS[product]);
    expect(entries[`${top}/standin/server/main.js`]).toBeDefined();
    const modes = readZipModes(raw);
    expect((modes.get(`${top}/${script}`)! & 0o777).toString(8)).toBe('755');
    expect((modes.get(`${top}/standin/jre/bin/java`)! & 0o777).toString(8)).toBe('755');
    expect(modes.get(`${top}/repository/deployment/server/`)! & 0o170000).toBe(0o040000);
  });

  it('the pack starts and stops through WSO2\'s own script: -DportOffset and -DworkerNode reach the stand-in', async () => {
    const zip = await packFromDistribution({ from: assembleDistribution('as', { form: 'zip', dir: fresh() }), outDir: fresh() });
    const base = fresh();
    mkdirSync(base);
    execFileSync('unzip', ['-q', zip, '-d', base]);
    const home = join(base, 'wso2as-5.3.0');
    const offset = await freeOffset();
    const env = { ...process.env, JAVA_HOME: '/nonexistent-jvm', CARBON_STANDIN_HOSTS_FILE: '/etc/hosts' };
    const said = execFileSync(join(home, 'bin/wso2server.sh'), ['start', `-DportOffset=${offset}`, '-DworkerNode=true'], { env, encoding: 'utf8' });
    expect(said).toBe('');
    const node = { home, conf: join(home, 'repository/conf'), lib: '', edit: () => undefined, write: () => undefined };
    const log = await waitForLog(node, /WSO2 Carbon started in \d+ sec|Cannot start/);
    try {
      expect(log).toMatch(/WSO2 Carbon started in \d+ sec/);
      expect(log).toContain(`Starting ProtocolHandler ["http-nio-${9763 + offset}"]`);
      expect(log).toContain(`Starting ProtocolHandler ["https-nio-${9443 + offset}"]`);
      expect(log).toContain('Worker profile is active');
      expect(execFileSync(join(home, 'bin/wso2server.sh'), ['start'], { env, encoding: 'utf8' })).toContain('Process is already running');
    } finally {
      const pid = Number(readFileSync(join(home, 'wso2carbon.pid'), 'utf8'));
      execFileSync(join(home, 'bin/wso2server.sh'), ['stop'], { env });
      for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    }
  });
});

describe('packFromDistribution refuses what is not a WSO2 distribution, writing nothing', () => {
  const folder = (name: string, files: Record<string, string>) => {
    const d = join(fresh(), name);
    for (const [rel, text] of Object.entries(files)) { mkdirSync(join(d, rel, '..'), { recursive: true }); writeFileSync(join(d, rel), text); }
    return d;
  };
  const script = '#!/bin/sh\nJAVACMD="$JAVA_HOME/bin/java"\n$JAVACMD org.wso2.carbon.bootstrap.Bootstrap $*\n';
  const garbage = join(fresh() + '-x.zip');
  writeFileSync(garbage, 'not a zip at all');
  const bad: { what: string; from: string; error: RegExp }[] = [
    { what: 'missing path', from: join(work, 'nope.zip'), error: /nope\.zip: no such file or folder/ },
    { what: 'unreadable zip', from: garbage, error: /cannot read .* as a zip/ },
    { what: 'wrongly named folder', from: folder('myapp', { 'repository/conf/carbon.xml': '<Server/>', 'bin/wso2server.sh': script }), error: /its folder is 'myapp', expected a name like wso2ei-6\.6\.0/ },
    { what: 'no carbon.xml', from: folder('wso2as-5.3.0', { 'bin/wso2server.sh': script }), error: /neither repository\/conf\/carbon\.xml nor conf\/carbon\.xml/ },
    { what: 'no start script', from: folder('wso2as-5.3.0', { 'repository/conf/carbon.xml': '<Server/>' }), error: /has no start script \(bin\/wso2server\.sh or bin\/integrator\.sh\)/ },
    { what: 'script without a JVM launch', from: folder('wso2as-5.3.0', { 'repository/conf/carbon.xml': '<Server/>', 'bin/wso2server.sh': '#!/bin/sh\necho hi\n' }), error: /does not launch Java through JAVA_HOME/ },
  ];
  it.each(bad)('$what', async ({ from, error }) => {
    const out = fresh();
    const err = await packFromDistribution({ from, outDir: out }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(error);
    expect(err?.message).toMatch(/^--pack-from: /);
    expect(err?.message).not.toContain('\n');
    expect(existsSync(out)).toBe(false);
  });
});
