// The das role on DAS 3.2.0's real event-processor.xml and spark-defaults.conf (read back as DAS reads them), and on a DAS-shaped home: analytics datasources, CARBON_HOME link.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';
import { copyProductFiles, hasFixtures, readEventProcessorMode, readSparkDefaults } from './real-files.js';

const INVENTORY = 'localhost ansible_connection=local ansible_host=10.9.0.7\n';

function carbonHome(dir: string): string {
  const home = join(dir, 'wso2das-3.1.0');
  writeFiles(home, {
    'repository/conf/event-processor.xml': read(join(TEMPLATES, 'event-processor.xml')),
    'repository/conf/analytics/spark/spark-defaults.conf': read(join(TEMPLATES, 'spark-defaults.conf')),
    'repository/conf/datasources/analytics-datasources.xml': read(join(TEMPLATES, 'analytics-datasources.xml')),
    'bin/wso2server.sh': read(join(TEMPLATES, 'wso2server.sh')),
  });
  return home;
}

function site(home: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'all',
    vars: { carbon_home: home, ...vars },
    roles: ['das'],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

const REAL_EP = 'repository/conf/event-processor.xml';
const SPARK = 'repository/conf/analytics/spark/spark-defaults.conf';
const DAS_FILES = [REAL_EP, SPARK, 'repository/conf/datasources/analytics-datasources.xml', 'bin/wso2server.sh'];

// Each node of seed 003 as the guide sets it, read back as DAS 3.2 reads it: HA is the mode in effect (the first
// enabled), with HA's own persistence off, HA's own presenter flag, and eventSync/management on the node's address.
const cases = [
  { what: 'a receiver (HA and Distributed on, persistence off)', vars: { das_ha: true, das_distributed: true, das_ha_persistence: false },
    want: { mode: 'HA', worker: true, presenter: false, persistence: false, eventSyncHost: '10.9.0.7', managementHost: '10.9.0.7' } },
  { what: 'a presenter', vars: { das_ha: true, das_distributed: true, das_ha_persistence: false, das_presenter: true },
    want: { mode: 'HA', worker: true, presenter: true, persistence: false, eventSyncHost: '10.9.0.7', managementHost: '10.9.0.7' } },
  { what: 'a Distributed-only presenter', vars: { das_distributed: true, das_presenter: true },
    want: { mode: 'Distributed', worker: true, presenter: true, persistence: false, eventSyncHost: undefined, managementHost: undefined } },
  { what: 'HA with persistence kept on', vars: { das_ha: true, das_ha_persistence: true },
    want: { mode: 'HA', worker: true, presenter: false, persistence: true, eventSyncHost: '10.9.0.7', managementHost: '10.9.0.7' } },
  // The pack already runs as a single node: nothing to change, so no restart either.
  { what: 'a single node', vars: {}, restarts: false,
    want: { mode: 'SingleNode', worker: true, presenter: false, persistence: false, eventSyncHost: undefined, managementHost: undefined } },
];

describe.skipIf(!hasFixtures)('das role on DAS 3.2.0\'s event-processor.xml', () => {
  it.each(cases)('configures $what as DAS reads it, and a second run changes nothing', async (c) => {
    const dir = createPlayDir();
    const home = join(dir, 'wso2das-3.2.0');
    copyProductFiles('das-3.2.0', DAS_FILES, home);
    const first = await runPlay(dir, site(home, c.vars), INVENTORY);
    expect(first.code, first.out + first.err).toBe(0);
    if (c.restarts === false) expect(first.out).not.toContain('restart requested');
    else expect(first.out).toContain('restart requested');
    expect(readEventProcessorMode(join(home, REAL_EP))).toEqual(c.want);
    const again = await runPlay(dir, site(home, c.vars), INVENTORY);
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
    expect(again.out).not.toContain('restart requested');
  });

  it('spark-defaults.conf: two Spark masters and the DAS symbolic link, as Spark reads the file', async () => {
    const dir = createPlayDir();
    const home = join(dir, 'wso2das-3.2.0');
    copyProductFiles('das-3.2.0', DAS_FILES, home);
    const vars = { das_spark_master_count: 2, das_carbon_home_link: join(dir, 'das') };
    const run = await runPlay(dir, site(home, vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const conf = readSparkDefaults(read(join(home, SPARK)));
    expect(conf.get('carbon.spark.master.count')).toBe('2');
    expect(conf.get('carbon.das.symbolic.link')).toBe(join(dir, 'das'));
    expect(conf.get('spark.executor.memory')).toBe('1g');
    const again = await runPlay(dir, site(home, vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });
});

describe('das role', () => {
  it('sets the Spark master count, the analytics datasources and the CARBON_HOME link', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const link = join(dir, 'das');
    const vars = {
      das_spark_master_count: 2,
      das_carbon_home_link: link,
      carbon_db_host_name: 'carbondb.example',
      das_analytics_datasources: [{ name: 'WSO2_ANALYTICS_EVENT_STORE_DB', database: 'EVENT_STORE' }],
    };
    const run = await runPlay(dir, site(home, vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const spark = read(join(home, 'repository/conf/analytics/spark/spark-defaults.conf'));
    expect(spark.match(/carbon\.spark\.master\.count/g)).toHaveLength(1);
    expect(readSparkDefaults(spark).get('carbon.spark.master.count')).toBe('2');
    expect(spark).toContain('spark.executor.memory');
    const ds = read(join(home, 'repository/conf/datasources/analytics-datasources.xml'));
    expect(ds).toContain('jdbc:mysql://carbondb.example:3306/EVENT_STORE');
    expect(ds).toContain('<defaultAutoCommit>false</defaultAutoCommit>');
    // The other analytics datasource (not in the list) is left as it was.
    expect(ds).toContain('jdbc:h2:repository/database/ANALYTICS_PROCESSED_DATA_STORE');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(home);
    const script = read(join(home, 'bin/wso2server.sh'));
    expect(script).toMatch(new RegExp(`^CARBON_HOME=.*\\nexport CARBON_HOME=${link}$`, 'm'));
    const again = await runPlay(dir, site(home, vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  it('puts the export where a Carbon-shaped start script reads it: right after its conditional assignment', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const link = join(dir, 'das');
    // The shape of Carbon 4.x's wso2server.sh: CARBON_HOME kept from the environment, else derived
    // from the script's folder, then read at once by the lines that follow.
    const script = join(home, 'bin/wso2server.sh');
    writeFileSync(script, [
      '#!/bin/sh',
      'PRGDIR=`dirname "$0"`',
      '',
      '# keep a CARBON_HOME given by the environment',
      '[ -z "$CARBON_HOME" ] && CARBON_HOME=`cd "$PRGDIR/.." ; pwd`',
      '',
      'AXIS2_HOME=$CARBON_HOME',
      'CLASSPATH="$CARBON_HOME/lib"',
      'echo "home=$CARBON_HOME axis2=$AXIS2_HOME classpath=$CLASSPATH"',
      '',
    ].join('\n'));
    chmodSync(script, 0o755);
    const vars = { das_carbon_home_link: link };
    const run = await runPlay(dir, site(home, vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    expect(read(script)).toMatch(/^\[ -z "\$CARBON_HOME" \] && CARBON_HOME=.*\nexport CARBON_HOME=.*\n\nAXIS2_HOME/m);
    const env = { ...process.env };
    delete env.CARBON_HOME;
    expect(execFileSync('sh', [script], { env }).toString().trim()).toBe(`home=${link} axis2=${link} classpath=${link}/lib`);
    const again = await runPlay(dir, site(home, vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  it('takes the analytics pool settings from variables, an entry\'s own value first', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const vars = {
      das_datasource_max_active: 80, das_datasource_max_wait: 30000, das_datasource_validation_query: 'SELECT 2', das_datasource_validation_interval: 15000,
      das_analytics_datasources: [
        { name: 'WSO2_ANALYTICS_EVENT_STORE_DB', database: 'EVENT_STORE' },
        { name: 'WSO2_ANALYTICS_PROCESSED_DATA_STORE_DB', database: 'PROCESSED', max_active: 120, test_on_borrow: 'false' },
      ],
    };
    const run = await runPlay(dir, site(home, vars), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    const ds = read(join(home, 'repository/conf/datasources/analytics-datasources.xml'));
    const block = (name: string) => ds.slice(ds.indexOf(`<name>${name}</name>`), ds.indexOf('</datasource>', ds.indexOf(`<name>${name}</name>`)));
    expect(block('WSO2_ANALYTICS_EVENT_STORE_DB')).toMatch(/<maxActive>80<\/maxActive>\s+<maxWait>30000<\/maxWait>\s+<testOnBorrow>true<\/testOnBorrow>\s+<validationQuery>SELECT 2<\/validationQuery>\s+<validationInterval>15000<\/validationInterval>\s+<defaultAutoCommit>false<\/defaultAutoCommit>/);
    expect(block('WSO2_ANALYTICS_PROCESSED_DATA_STORE_DB')).toMatch(/<maxActive>120<\/maxActive>[\s\S]*<testOnBorrow>false<\/testOnBorrow>/);
  });

  it('leaves the link and the start script alone when no link is asked for', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const before = read(join(home, 'bin/wso2server.sh'));
    const run = await runPlay(dir, site(home, {}), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    expect(read(join(home, 'bin/wso2server.sh'))).toBe(before);
    expect(existsSync(join(dir, 'das'))).toBe(false);
  });
});
