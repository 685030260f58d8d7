// Registry writes through registry.xml's mounts: a writable mount stores in the shared database, a read-only one refuses.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { READ_ONLY_PUT } from '../../sandbox/carbon/server/registry.js';
import { freeOffset, renderDataSources, runServer, unpack, type DsSpec, type Node } from './harness.js';

let db: Mariadb;
let admin: Connection;
const hostsFile = join(tmpdir(), `carbon-reg-hosts-${process.pid}`);
const env = { CARBON_STANDIN_HOSTS_FILE: hostsFile };

beforeAll(async () => {
  db = await startTestMariadb();
  admin = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword, multipleStatements: true });
  writeFileSync(hostsFile, '127.0.0.1\tlocalhost\n127.0.0.1\tcarbondb.test\n');
});
afterAll(async () => { await admin?.end(); await db?.stop(); rmSync(hostsFile, { force: true }); });

async function createDb(name: string, jndi: string, dsName: string): Promise<DsSpec> {
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET latin1; CREATE USER u_${name}@'%' IDENTIFIED BY 'pw_${name}'; GRANT ALL ON ${name}.* TO u_${name}@'%';`);
  return { name: dsName, jndi, url: `jdbc:mysql://carbondb.test:${db.port}/${name}?useSSL=false`, user: `u_${name}`, password: `pw_${name}` };
}

/** A node with its own local registry and user store, mounting /_system/config from the shared database (seed 000's shape). */
async function node(local: DsSpec, gov: DsSpec, readOnly: boolean): Promise<{ nd: Node; port: number }> {
  const nd = await unpack('as');
  nd.write('datasources/master-datasources.xml', renderDataSources([local, gov]));
  const offset = await freeOffset();
  nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`));
  nd.edit('registry.xml', (s) => s.replace('<versionResourcesOnChange>', `<dbConfig name="govregistry"><dataSource>${gov.jndi}</dataSource></dbConfig>
<remoteInstance url="https://gov"><id>gov</id><dbConfig>govregistry</dbConfig><readOnly>${readOnly}</readOnly></remoteInstance>
<mount path="/_system/config" overwrite="true"><instanceId>gov</instanceId><targetPath>/_system/asConfig</targetPath></mount>
<versionResourcesOnChange>`));
  return { nd, port: 9763 + offset };
}

async function call(port: number, method: 'GET' | 'PUT', path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/registry/resource${path}`, { method, body, headers: { 'content-type': 'application/xml' } });
  return { status: res.status, text: await res.text() };
}

describe('registry mounts', () => {
  it('a writable mount stores in the shared database; a read-only mount reads it and refuses writes with Carbon\'s reason', async () => {
    const gov = await createDb('regshared', 'jdbc/WSO2GovDB', 'WSO2_GOV_DB');
    const master = await node(await createDb('regmaster', 'jdbc/WSO2CarbonDB', 'WSO2_CARBON_DB'), gov, false);
    const slave = await node(await createDb('regslave', 'jdbc/WSO2CarbonDB', 'WSO2_CARBON_DB'), gov, true);
    const m = await runServer(master.nd, ['-Dsetup'], env);
    const s = await runServer(slave.nd, ['-Dsetup'], env);
    try {
      expect(m.log).toMatch(/WSO2 Carbon started in/);
      expect(s.log).toMatch(/WSO2 Carbon started in/);
      expect(await call(master.port, 'PUT', '/_system/config/app.xml', '<app>1</app>')).toEqual({ status: 201, text: '/_system/config/app.xml\n' });
      // Stored where the mount points: the shared database, under the target path.
      const [rows] = await admin.query("SELECT p.REG_PATH_VALUE AS p, r.REG_NAME AS n FROM regshared.REG_RESOURCE r JOIN regshared.REG_PATH p ON p.REG_PATH_ID = r.REG_PATH_ID");
      expect(rows).toEqual([{ p: '/_system/asConfig', n: 'app.xml' }]);
      expect(await call(slave.port, 'GET', '/_system/config/app.xml')).toEqual({ status: 200, text: '<app>1</app>' });
      // UserRegistry.put on a read-only registry context writes nothing.
      expect(await call(slave.port, 'PUT', '/_system/config/app.xml', '<app>2</app>')).toEqual({ status: 403, text: `${READ_ONLY_PUT}\n` });
      expect(s.log).toContain(`WARN - UserRegistry ${READ_ONLY_PUT} (put /_system/config/app.xml, mount /_system/config)`);
      expect(await call(master.port, 'GET', '/_system/config/app.xml')).toEqual({ status: 200, text: '<app>1</app>' });
      // The slave's own registry (no mount) stays writable, in its local database.
      expect((await call(slave.port, 'PUT', '/_system/local/x.txt', 'x')).status).toBe(201);
      expect(await call(master.port, 'GET', '/_system/local/x.txt')).toMatchObject({ status: 404 });
    } finally {
      await m.stop();
      await s.stop();
    }
  });

  it('registry.xml\'s own <readOnly>true</readOnly> makes the local registry refuse writes too', async () => {
    const gov = await createDb('regshared2', 'jdbc/WSO2GovDB', 'WSO2_GOV_DB');
    const n = await node(await createDb('reglocal2', 'jdbc/WSO2CarbonDB', 'WSO2_CARBON_DB'), gov, false);
    // The first <readOnly> is the top-level one (the remote instance's comes later in the file).
    n.nd.edit('registry.xml', (s) => s.replace('<readOnly>false</readOnly>', '<readOnly>true</readOnly>'));
    const r = await runServer(n.nd, ['-Dsetup'], env);
    try {
      expect(r.log).toMatch(/WSO2 Carbon started in/);
      expect(await call(n.port, 'PUT', '/_system/local/y.txt', 'y')).toEqual({ status: 403, text: `${READ_ONLY_PUT}\n` });
      expect((await call(n.port, 'PUT', '/_system/config/y.txt', 'y')).status).toBe(201);
    } finally {
      await r.stop();
    }
  });
});
