// The das role on a DAS-shaped CARBON_HOME in a temp dir: event-processor modes, Spark masters, analytics datasources, CARBON_HOME link.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

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

/** The enable attribute of each <mode>, by name. */
function modes(xml: string): Record<string, string> {
  return Object.fromEntries([...xml.matchAll(/<mode name="(\w+)" enable="(\w+)"/g)].map((m) => [m[1], m[2]]));
}

const cases = [
  { what: 'a receiver: HA only, its own eventSync host, persistence off', vars: { das_event_processor_mode: 'HA' },
    modes: { SingleNode: 'false', HA: 'true', Distributed: 'false' }, has: ['<hostName>10.9.0.7</hostName>', '<persistence enable="false">'], presenter: undefined },
  { what: 'a presenter: Distributed only, presenter enabled', vars: { das_event_processor_mode: 'Distributed', das_presenter: true },
    modes: { SingleNode: 'false', HA: 'false', Distributed: 'true' }, has: [], presenter: 'true' },
  { what: 'an analyzer: Distributed worker, presenter disabled', vars: { das_event_processor_mode: 'Distributed' },
    modes: { SingleNode: 'false', HA: 'false', Distributed: 'true' }, has: [], presenter: 'false' },
  // The pack already runs as a single node: nothing to change, so no restart either.
  { what: 'a single node', vars: { das_event_processor_mode: 'SingleNode' }, restarts: false,
    modes: { SingleNode: 'true', HA: 'false', Distributed: 'false' }, has: [], presenter: undefined },
];

describe('das role', () => {
  it.each(cases)('configures $what, and a second run changes nothing', async (c) => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const first = await runPlay(dir, site(home, c.vars), INVENTORY);
    expect(first.code, first.out + first.err).toBe(0);
    if (c.restarts === false) expect(first.out).not.toContain('restart requested');
    else expect(first.out).toContain('restart requested');
    const ep = read(join(home, 'repository/conf/event-processor.xml'));
    expect(modes(ep)).toEqual(c.modes);
    for (const s of c.has) expect(ep).toContain(s);
    if (c.presenter) {
      const distributed = ep.slice(ep.indexOf('<mode name="Distributed"'));
      expect(distributed).toMatch(new RegExp(`<presenter enable="${c.presenter}"`));
    }
    const again = await runPlay(dir, site(home, c.vars), INVENTORY);
    expect(again.code, again.out).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
    expect(again.out).not.toContain('restart requested');
  });

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
    expect(spark).toMatch(/^carbon\.spark\.master\.count\t2$/m);
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
