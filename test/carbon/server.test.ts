// The stand-in's process and transports: ports and offsets, the login page, worker profile, start/stop, layouts, DAS roles.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freeOffset, get, runServer, unpack, waitForLog } from './harness.js';

const run = promisify(execFile);

/** Polls `ok` every 50 ms for up to 15 s. */
async function until(ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}


describe('stand-in server process', () => {
  it('listens on 9763+offset and 9443+offset from carbon.xml, answering the login page with its host name', async () => {
    const nd = await unpack('as');
    const offset = await freeOffset();
    nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`).replace('<!--HostName>www.wso2.org</HostName-->', '<HostName>as.example.test</HostName>'));
    const r = await runServer(nd);
    try {
      for (const [port, tls] of [[9763 + offset, false], [9443 + offset, true]] as const) {
        const page = await get(port, undefined, undefined, tls);
        expect(page.status).toBe(200);
        expect(page.body).toContain(`node: ${hostname()}`);
        expect(page.body).toContain('HostName: as.example.test');
      }
      expect(r.log).toMatch(new RegExp(`Mgt Console URL  : https://as\\.example\\.test:${9443 + offset}/carbon/`));
    } finally { await r.stop(); }
  });

  it('takes -DportOffset (command line, then JAVA_OPTS) over carbon.xml', async () => {
    const nd = await unpack('as');
    const [a, b] = [await freeOffset(), await freeOffset()];
    const r1 = await runServer(nd, [`-DportOffset=${a}`]);
    expect((await get(9763 + a)).status).toBe(200);
    await r1.stop();
    const r2 = await runServer(nd, [], { JAVA_OPTS: `-Xms256m -DportOffset=${b}` });
    expect((await get(9443 + b, undefined, undefined, true)).status).toBe(200);
    await r2.stop();
  });

  it('fails with an ERROR in the log when its port is taken', async () => {
    const nd = await unpack('as');
    const offset = await freeOffset();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(9763 + offset, '0.0.0.0', () => r()));
    try {
      const r = await runServer(nd, [`-DportOffset=${offset}`]);
      await r.stop();
      expect(r.code).toBe(1);
      expect(r.log).toMatch(new RegExp(`ERROR - Connector Failed to start http-nio-${9763 + offset} on port ${9763 + offset}: java.net.BindException: Address already in use`));
    } finally { blocker.close(); }
  });

  it('refuses writes to repository/deployment/server on a worker node, accepts them on a manager', async () => {
    const nd = await unpack('as');
    const offset = await freeOffset();
    const worker = await runServer(nd, [`-DportOffset=${offset}`, '-DworkerNode=true']);
    expect((await get(9763 + offset, '/carbon/deploy/app.war', 'PUT')).status).toBe(403);
    await worker.stop();
    expect(worker.log).toMatch(/Worker profile is active/);
    expect(worker.log).toMatch(/WARN - DeploymentInterceptor Refused to write app\.war/);
    expect(existsSync(join(nd.home, 'repository/deployment/server/app.war'))).toBe(false);
    const manager = await runServer(nd, [`-DportOffset=${offset}`]);
    expect((await get(9763 + offset, '/carbon/deploy/app.war', 'PUT')).status).toBe(201);
    await manager.stop();
    expect(readFileSync(join(nd.home, 'repository/deployment/server/app.war'), 'utf8')).toBe('artifact');
  });

  it('start daemonises and writes wso2carbon.pid, stop ends it and removes the pid file, version prints the product', async () => {
    const nd = await unpack('ei');
    const offset = await freeOffset();
    const script = join(nd.home, 'bin/integrator.sh');
    await run('bash', [script, 'start', `-DportOffset=${offset}`], { timeout: 5000 });
    let pid = 0;
    try {
      pid = Number(readFileSync(join(nd.home, 'wso2carbon.pid'), 'utf8'));
      expect(pid).toBeGreaterThan(0);
      expect(await waitForLog(nd, /WSO2 Carbon started in \d+ sec/)).toMatch(/Carbon Home : .*wso2ei-6\.4\.0/);
      expect((await get(9763 + offset)).status).toBe(200);
    } finally {
      await run('bash', [script, 'stop'], { timeout: 20_000 });
    }
    expect(existsSync(join(nd.home, 'wso2carbon.pid'))).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(readFileSync(join(nd.home, 'repository/logs/wso2carbon.log'), 'utf8')).toMatch(/Shutdown hook triggered/);
    const { stdout } = await run('bash', [script, 'version']);
    expect(stdout).toMatch(/^WSO2 Enterprise Integrator 6\.4\.0/);
  });

  const dasCases: { name: string; ep: (s: string) => string; spark?: string; re: RegExp; ok: boolean }[] = [
    { name: 'HA mode', ep: (s) => s.replace('"Single" enable="true"', '"Single" enable="false"').replace('"HA" enable="false"', '"HA" enable="true"').replace('<hostName>0.0.0.0</hostName>\n            <port>11224', '<hostName>10.9.8.7</hostName>\n            <port>11224'), spark: 'carbon.spark.master.count  2\n', ok: true,
      re: /Event processor mode HA, eventSync host 10\.9\.8\.7; presenter disabled; persistence enabled: this node is a HA event-processing member[\s\S]*Spark master count 2/ },
    { name: 'HA worker with the shipped eventSync host 0.0.0.0', ep: (s) => s.replace('"Single" enable="true"', '"Single" enable="false"').replace('"HA" enable="false"', '"HA" enable="true"'), ok: false,
      re: /ERROR - CEPServiceComponent Hostname : 0\.0\.0\.0 defined for eventSync configuration is invalid/ },
    { name: 'Distributed presenter', ep: (s) => s.replace('"Single" enable="true"', '"Single" enable="false"').replace('"Distributed" enable="false"', '"Distributed" enable="true"').replace('<presenter enable="false">', '<presenter enable="true">'), ok: true,
      re: /Event processor mode Distributed; presenter enabled; persistence disabled: this node is a distributed presenter node/ },
    { name: 'HA and Distributed both enabled: the first in the file (HA) is the mode', ep: (s) => s.replace('"Single" enable="true"', '"Single" enable="false"').replace('"HA" enable="false"', '"HA" enable="TRUE"').replace('"Distributed" enable="false"', '"Distributed" enable="true"').replace('<hostName>0.0.0.0</hostName>\n            <port>11224', '<hostName>10.9.8.7</hostName>\n            <port>11224'), ok: true,
      re: /Event processor mode HA, eventSync host 10\.9\.8\.7/ },
    { name: 'spark master count not a number', ep: (s) => s, spark: 'spark.master  local\ncarbon.spark.master.count\ttwo\n', ok: false,
      re: /ERROR - SparkAnalyticsExecutor spark-defaults\.conf: expected carbon\.spark\.master\.count to be a whole number of at least 1, got 'two'/ },
    { name: 'spark master count 0', ep: (s) => s, spark: 'carbon.spark.master.count 0\n', ok: false, re: /carbon\.spark\.master\.count to be a whole number of at least 1, got '0'/ },
    { name: 'spark master count without a value', ep: (s) => s, spark: 'carbon.spark.master.count\n', ok: false, re: /carbon\.spark\.master\.count to be a whole number of at least 1, got ''/ },
    { name: 'HA without eventSync hostName', ep: (s) => s.replace('"Single" enable="true"', '"Single" enable="false"').replace('"HA" enable="false"', '"HA" enable="true"').replace('<hostName>0.0.0.0</hostName>\n            <port>11224', '<port>11224'), ok: false, re: /HA mode needs eventSync\/hostName/ },
  ];
  it.each(dasCases)('DAS: logs the role or fails: $name', async ({ ep, spark, re, ok }) => {
    const nd = await unpack('das');
    nd.edit('event-processor.xml', ep);
    if (spark) nd.write('analytics/spark/spark-defaults.conf', spark);
    const r = await runServer(nd, [`-DportOffset=${await freeOffset()}`]);
    await r.stop();
    expect(r.log).toMatch(re);
    expect(r.code).toBe(ok ? 0 : 1);
  });

  it('DAS: opens analytics-datasources.xml too (an unresolvable host there is fatal)', async () => {
    const nd = await unpack('das');
    nd.edit('datasources/analytics-datasources.xml', (f) => f.replace('jdbc:h2:repository/database/ANALYTICS_EVENT_STORE;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000', 'jdbc:mysql://analytics.test:3306/EVENT_STORE?useSSL=false&amp;autoReconnect=true')
      .replace(/org\.h2\.Driver/, 'org.mariadb.jdbc.Driver'));
    const r = await runServer(nd, [`-DportOffset=${await freeOffset()}`], { CARBON_STANDIN_HOSTS_FILE: '/dev/null' });
    await r.stop();
    expect(r.code).toBe(1);
    // Not the user store's datasource: tomcat-jdbc's pool lines only, no realm lines.
    expect(r.log).toMatch(/ERROR - ConnectionPool Unable to create initial connections of pool\.\njava\.sql\.SQLException: Communications link failure: java\.net\.UnknownHostException: analytics\.test\s*$/);
  });

  it.each([
    { name: 'Ports/Offset in carbon.xml not a number', args: [] as string[], edit: (s: string) => s.replace('<Offset>0</Offset>', '<Offset>two</Offset>'),
      re: /ERROR - CarbonServerManager Ports\/Offset in carbon\.xml must be a number, got 'two'/ },
    { name: 'Ports/Offset in carbon.xml negative', args: [] as string[], edit: (s: string) => s.replace('<Offset>0</Offset>', '<Offset>-1</Offset>'),
      re: /Ports\/Offset in carbon\.xml must be a number, got '-1'/ },
    { name: '-DportOffset not a number', args: ['-DportOffset=1o'], edit: (s: string) => s, re: /ERROR - CarbonServerManager .*-DportOffset expects a number, got '1o'/ },
  ])('fails before listening on a bad port offset: $name', async ({ args, edit, re }) => {
    const nd = await unpack('as');
    nd.edit('carbon.xml', edit);
    const r = await runServer(nd, args);
    await r.stop();
    expect(r.code).toBe(1);
    expect(r.log).toMatch(re);
    expect(r.log).toMatch(/FATAL - CarbonServerManager WSO2 Carbon initialization Failed\s*$/);
    expect(r.log).not.toMatch(/Starting ProtocolHandler/);
  });

  it('restart stops the running server and starts it again with the config as it is now; a broken config then fails', async () => {
    const nd = await unpack('as');
    const script = join(nd.home, 'bin/wso2server.sh');
    const pidFile = join(nd.home, 'wso2carbon.pid');
    const logFile = join(nd.home, 'repository/logs/wso2carbon.log');
    const [a, b] = [await freeOffset(), await freeOffset()];
    const started = (n: number) => async () => (readFileSync(logFile, 'utf8').match(/WSO2 Carbon started in/g) ?? []).length >= n;
    await run('bash', [script, 'start', `-DportOffset=${a}`], { timeout: 5000 });
    const first = Number(readFileSync(pidFile, 'utf8'));
    try {
      await until(started(1));
      expect((await get(9763 + a)).status).toBe(200);
      // The offset now comes from carbon.xml: restart must pick the change up.
      nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${b}</Offset>`));
      await run('bash', [script, 'restart'], { timeout: 20_000 });
      const second = Number(readFileSync(pidFile, 'utf8'));
      expect(second).not.toBe(first);
      expect(() => process.kill(first, 0)).toThrow();
      await until(started(2));
      expect((await get(9763 + b)).status).toBe(200);
      await expect(get(9763 + a)).rejects.toThrow();
      nd.edit('carbon.xml', (s) => s.replace(`<Offset>${b}</Offset>`, '<Offset>x</Offset>'));
      await run('bash', [script, 'restart'], { timeout: 20_000 });
      await until(async () => /Ports\/Offset in carbon\.xml must be a number, got 'x'[\s\S]*FATAL - CarbonServerManager WSO2 Carbon initialization Failed/.test(readFileSync(logFile, 'utf8')));
      expect(() => process.kill(second, 0)).toThrow();
      expect(readFileSync(logFile, 'utf8').match(/Shutdown hook triggered/g)).toHaveLength(2);
    } finally {
      await run('bash', [script, 'stop'], { timeout: 20_000 });
    }
  });

  it('fails on a config file that does not parse, naming the file', async () => {
    const nd = await unpack('as');
    nd.edit('registry.xml', (f) => f.replace('</dbConfig>', '</dbconfig>'));
    const r = await runServer(nd, [`-DportOffset=${await freeOffset()}`]);
    await r.stop();
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/ERROR - CarbonServerManager Cannot parse .*registry\.xml: malformed XML: expected <\/dbConfig>, got <\/dbconfig>/);
  });

  // DeploymentSynchronizerComponent logs a rejected configuration and swallows it: the server still starts.
  it('logs a deployment synchronizer Carbon would reject (no SvnUrl) and starts anyway', async () => {
    const nd = await unpack('as');
    const offset = await freeOffset();
    nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`)
      .replace('<Enabled>false</Enabled>', '<Enabled>true</Enabled>').replace(/<SvnUrl>[^<]*<\/SvnUrl>/, ''));
    const r = await runServer(nd);
    try {
      expect(r.log).toMatch(/ERROR - SVNBasedArtifactRepository SVN URL must be specified for the SVN based deployment synchronizer\n[^\n]* ERROR - DeploymentSynchronizerComponent Error while initializing a deployment synchronizer for the super tenant Carbon repository\norg\.wso2\.carbon\.deployment\.synchronizer\.DeploymentSynchronizerException: SVN URL must be specified/);
      expect(r.log).toMatch(/WSO2 Carbon started in \d+ sec/);
    } finally { await r.stop(); }
  });
});
