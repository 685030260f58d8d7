// The stand-in started on Secure Vault-protected files (real product files when present): secrets from cipher-text.properties
// open the key store and log in to MariaDB; an alias that does not resolve fails the start as Carbon's does.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mariadb } from '../../src/sandbox/mariadb.js';
import { startTestMariadb } from '../helpers/mariadb.js';
import { hasFixtures } from './fixture-dist.js';
import { freeOffset, renderDataSources, runServer, unpack, type DsSpec, type Node } from './harness.js';
import { hasJava, runJava } from './java-side.js';

let db: Mariadb;
let admin: Connection;
const hostsFile = join(tmpdir(), `sv-hosts-${process.pid}`);
const env = { CARBON_STANDIN_HOSTS_FILE: hostsFile };
const DB_ALIAS = 'Datasources.WSO2_CARBON_DB.Configuration.Password';
const KS_ALIAS = 'Carbon.Security.KeyStore.Password';

beforeAll(async () => {
  if (!hasJava) return;
  db = await startTestMariadb();
  admin = await createConnection({ host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword, multipleStatements: true });
  writeFileSync(hostsFile, '127.0.0.1\tlocalhost carbondb.test\n');
  await admin.query("CREATE DATABASE svdb CHARACTER SET latin1; CREATE USER u_sv@'%' IDENTIFIED BY 'V4ult&<ed'; GRANT ALL ON svdb.* TO u_sv@'%'");
});
afterAll(async () => { await admin?.end(); await db?.stop(); rmSync(hostsFile, { force: true }); });

/**
 * A node whose master-datasources.xml and carbon.xml keep only placeholders and aliases, as `ciphertool.sh -Dconfigure`
 * leaves them, with secret-conf.properties and cipher-text.properties the JDK encrypted with the node's own key store.
 */
async function protectedNode(opts: { dsAlias?: string; passwordFile?: boolean } = {}): Promise<Node> {
  const nd = await unpack('as', { real: hasFixtures });
  const ds: DsSpec = { name: 'WSO2_CARBON_DB', jndi: 'jdbc/WSO2CarbonDB', url: `jdbc:mysql://carbondb.test:${db.port}/svdb?useSSL=false`, user: 'u_sv', password: 'password' };
  nd.write('datasources/master-datasources.xml', renderDataSources([ds]).replace('<password>password</password>', `<password svns:secretAlias="${opts.dsAlias ?? DB_ALIAS}">password</password>`));
  const offset = await freeOffset();
  nd.edit('carbon.xml', (s) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`)
    .replace(/<Server xmlns="http:\/\/wso2\.org\/projects\/carbon\/carbon\.xml"/, '$& xmlns:svns="http://org.wso2.securevault/configuration"')
    .replace(/(<KeyStore>[\s\S]*?)<Password>wso2carbon<\/Password>/, `$1<Password svns:secretAlias="${KS_ALIAS}">password</Password>`));
  const store = join(nd.home, 'repository/resources/security/wso2carbon.jks');
  const [dbSecret, ksSecret] = runJava({ file: store, password: 'wso2carbon', alias: 'wso2carbon' }, [
    { op: 'E', transformation: 'RSA', data: Buffer.from('V4ult&<ed') }, { op: 'E', transformation: 'RSA', data: Buffer.from('wso2carbon') },
  ]);
  mkdirSync(join(nd.conf, 'security'), { recursive: true });
  nd.write('security/cipher-text.properties', `${DB_ALIAS}=${dbSecret}\n${KS_ALIAS}=${ksSecret}\n`);
  nd.write('security/secret-conf.properties', [
    'carbon.secretProvider=org.wso2.securevault.secret.handler.SecretManagerSecretCallbackHandler',
    'secretRepositories=file',
    'secretRepositories.file.provider=org.wso2.securevault.secret.repository.FileBaseSecretRepositoryProvider',
    'secretRepositories.file.location=repository/conf/security/cipher-text.properties',
    'keystore.identity.location=repository/resources/security/wso2carbon.jks',
    'keystore.identity.type=JKS', 'keystore.identity.alias=wso2carbon',
    'keystore.identity.store.password=identity.store.password',
    'keystore.identity.store.secretProvider=org.wso2.carbon.securevault.DefaultSecretCallbackHandler',
    'keystore.identity.key.password=identity.key.password',
    'keystore.identity.key.secretProvider=org.wso2.carbon.securevault.DefaultSecretCallbackHandler', '',
  ].join('\n'));
  if (opts.passwordFile !== false) writeFileSync(join(nd.home, 'password'), 'wso2carbon\n');
  return nd;
}

describe.skipIf(!hasJava)(`Secure Vault at start (${hasFixtures ? 'real AS 5.3.0 files' : 'template pack'})`, () => {
  it('starts with every password protected: the key store and the database open with the decrypted secrets', async () => {
    const nd = await protectedNode();
    const run = await runServer(nd, ['-Dsetup'], env);
    await run.stop();
    expect(run.log).toMatch(/INFO - DataSourceRepository Initialized data source WSO2_CARBON_DB/);
    expect(run.log).toMatch(/WSO2 Carbon started in \d+ sec/);
    expect(run.log).not.toContain('V4ult&<ed');
    // DefaultSecretCallbackHandler consumed the password file.
    expect(existsSync(join(nd.home, 'password'))).toBe(false);
  });

  it('an alias cipher-text.properties lacks is used as the password itself: the pool\'s login is denied', async () => {
    const run = await runServer(await protectedNode({ dsAlias: 'Datasources.WSO2_CARBON_DB.Password' }), ['-Dsetup'], env);
    await run.stop();
    expect(run.log).toMatch(/ERROR - ConnectionPool Unable to create initial connections of pool\.\njava\.sql\.SQLException: Access denied for user 'u_sv'@'[^']+' \(using password: YES\)\n[^\n]* ERROR - DefaultRealmService Cannot initialize the realm\.\n[^\n]* ERROR - Activator Cannot start User Manager Core bundle\s*$/);
    expect(run.log).not.toMatch(/WSO2 Carbon started/);
  });

  // The real wso2server.sh does not pass the JVM's exit code on: the log's last lines tell the failed start.
  it('without the key store password (no password file, no console) nothing resolves: the primary key store does not open', async () => {
    const run = await runServer(await protectedNode({ passwordFile: false }), ['-Dsetup'], env);
    await run.stop();
    expect(run.log).toMatch(/ERROR - KeyStoreManager Error loading the primary key store .*wso2carbon\.jks \(carbon\.xml Security\/KeyStore\): java\.io\.IOException: Keystore was tampered with, or password was incorrect/);
    expect(run.log).toMatch(/FATAL - CarbonServerManager WSO2 Carbon initialization Failed\s*$/);
  });
});
