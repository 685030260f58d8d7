// secure_vault: with carbon_secure_vault the deployed XML keeps aliases only, and the stand-in (Carbon's Secure Vault
// readers) gets every secret back from cipher-text.properties with the node's own key store; a second run changes nothing.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataSources } from '../../sandbox/carbon/server/config.js';
import { loadSecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { resolveCatalinaAliases, resolveDataSourceAliases, resolveRealmAliases, resolveServerConfigAliases } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { childAt, childrenOf, readXmlFile, textAt } from '../../sandbox/carbon/server/xml.js';
import { templateKeyStores } from '../../sandbox/carbon/template-keystores.js';
import { FIXTURES, hasFixtures } from '../carbon/fixture-dist.js';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

const INVENTORY = 'localhost ansible_connection=local\n';
const SECRETS = { db: 'Db-Pa55&<x', um: 'Um-Pa55"y', admin: 'Adm1n-Pa55' };
const CONF = 'repository/conf';

/** A CARBON_HOME from the real AS 5.3.0 files when present (else the template pack's), with its key store. */
function makeHome(dir: string): string {
  const home = join(dir, 'wso2as-5.3.0');
  const src = (rel: string, tpl: string) => (hasFixtures ? read(join(FIXTURES, 'as-5.3.0', rel)) : read(join(TEMPLATES, tpl)));
  writeFiles(home, {
    [`${CONF}/carbon.xml`]: src(`${CONF}/carbon.xml`, 'carbon.xml'),
    [`${CONF}/user-mgt.xml`]: src(`${CONF}/user-mgt.xml`, 'user-mgt.xml'),
    [`${CONF}/datasources/master-datasources.xml`]: src(`${CONF}/datasources/master-datasources.xml`, 'master-datasources.xml'),
    [`${CONF}/tomcat/catalina-server.xml`]: src(`${CONF}/tomcat/catalina-server.xml`, 'catalina-server.xml'),
  });
  mkdirSync(join(home, 'repository/resources/security'), { recursive: true });
  mkdirSync(join(home, 'bin'), { recursive: true });
  const ks = join(home, 'repository/resources/security/wso2carbon.jks');
  if (hasFixtures) copyFileSync(join(FIXTURES, 'as-5.3.0/repository/resources/security/wso2carbon.jks'), ks);
  else writeFileSync(ks, templateKeyStores().keyStore);
  return home;
}

function site(home: string, algorithm: string): string {
  return JSON.stringify([{
    hosts: 'all', gather_facts: false,
    vars: {
      carbon_home: home, carbon_secure_vault: true, carbon_secure_vault_algorithm: algorithm, carbon_db_password: SECRETS.db, carbon_admin_password: SECRETS.admin,
      carbon_datasources: [
        { name: 'WSO2_CARBON_DB', jndi: 'jdbc/WSO2CarbonDB', database: 'regdb' },
        { name: 'WSO2_UM_DB', jndi: 'jdbc/WSO2UMDB', database: 'umdb', password: SECRETS.um },
      ],
      carbon_datasources_absent: [],
    },
    roles: ['datasources', 'user_store', 'secure_vault'],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

const xmlFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? xmlFiles(join(dir, n)) : n.endsWith('.xml') ? [join(dir, n)] : []));
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('secure_vault role', () => {
  // openssl on the node encrypts; the stand-in decrypts as the JDK's Cipher does (OAEP: MGF1 stays SHA-1).
  it.each(['RSA', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding'])('%s: no password left in the XML, and Carbon\'s readers resolve every alias to its secret', async (algorithm) => {
    const dir = createPlayDir();
    const home = makeHome(dir);
    const run = await runPlay(dir, site(home, algorithm), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    for (const s of Object.values(SECRETS)) expect(run.out + run.err).not.toContain(s);
    for (const f of xmlFiles(join(home, CONF))) {
      const text = readFileSync(f, 'latin1');
      for (const s of Object.values(SECRETS)) expect(text, f).not.toContain(escapeXml(s));
      // The key store passwords the files carried are aliases now.
      expect(text, f).not.toMatch(/<(Password|KeyPassword)>wso2carbon<|keystorePass="wso2carbon"/);
    }
    expect(statSync(join(home, 'password-persist')).mode & 0o777).toBe(0o600);
    const store = loadSecretStore(home, join(home, CONF), {});
    expect(store.initialized).toBe(true);
    const ds = readXmlFile(join(home, CONF, 'datasources/master-datasources.xml'));
    resolveDataSourceAliases(ds, store);
    const byName = Object.fromEntries(readDataSources(ds, 'master-datasources.xml').map((d) => [d.name, d.password]));
    expect(byName).toMatchObject({ WSO2_CARBON_DB: SECRETS.db, WSO2_UM_DB: SECRETS.um });
    const realm = readXmlFile(join(home, CONF, 'user-mgt.xml'));
    resolveRealmAliases(realm, store);
    expect(textAt(realm, 'Realm', 'Configuration', 'AdminUser', 'Password')).toBe(SECRETS.admin);
    const carbon = readXmlFile(join(home, CONF, 'carbon.xml'));
    resolveServerConfigAliases(carbon, store);
    expect(textAt(carbon, 'Security', 'KeyStore', 'Password')).toBe('wso2carbon');
    expect(textAt(carbon, 'Security', 'KeyStore', 'KeyPassword')).toBe('wso2carbon');
    const catalina = readXmlFile(join(home, CONF, 'tomcat/catalina-server.xml'));
    resolveCatalinaAliases(catalina, store);
    expect(childrenOf(childAt(catalina, 'Service'), 'Connector').map((c) => c.attrs.keystorePass).filter(Boolean)).toEqual(['wso2carbon']);

    expect(read(join(home, CONF, 'security/secret-conf.properties'))).toContain(`secretRepositories.file.algorithm=${algorithm}`);
    const again = await runPlay(dir, site(home, algorithm), INVENTORY);
    expect(again.code, again.out + again.err).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });
});
