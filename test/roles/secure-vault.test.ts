// secure_vault: with carbon_secure_vault the deployed XML keeps aliases only, and the stand-in (Carbon's Secure Vault
// readers) gets every secret back from cipher-text.properties with the node's own key store; a second run changes nothing.
// Turned off again, the files are as if it had never been on.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataSources } from '../../sandbox/carbon/server/config.js';
import { loadSecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { resolveAxis2Aliases, resolveCatalinaAliases, resolveDataSourceAliases, resolveRealmAliases, resolveServerConfigAliases } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { childAt, childrenOf, readXmlFile, textAt } from '../../sandbox/carbon/server/xml.js';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';
import { AS, EI, INVENTORY, SECRETS, escapeXml, liveText, makeHome, site, xmlFiles, type Product } from './secure-vault-home.js';

// The key stores' password (WSO2's shipped one): the runner masks it as a secret, so it must not show either.
const STORE_PASSWORD = 'wso2carbon';
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const OAEP = 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding';
const ROLE_FILES = ['security/secret-conf.properties', 'security/cipher-text.properties'];

/** Every key store password of axis2.xml's transports, as Carbon's AxisConfigBuilder hands them to the transports. */
function axis2StorePasswords(home: string, p: Product, store: ReturnType<typeof loadSecretStore>): string[] {
  const axis2 = readXmlFile(join(home, p.conf, 'axis2/axis2.xml'));
  resolveAxis2Aliases(axis2, store);
  return axis2.children.filter((t) => t.name === 'transportReceiver' || t.name === 'transportSender').flatMap((t) =>
    childrenOf(t, 'parameter').filter((x) => x.attrs.name === 'keystore' || x.attrs.name === 'truststore')
      .flatMap((x) => x.children[0]?.children.filter((c) => c.name === 'Password' || c.name === 'KeyPassword').map((c) => c.text) ?? []));
}

describe('secure_vault role', () => {
  // openssl on the node encrypts; the stand-in decrypts as the JDK's Cipher does (OAEP: MGF1 stays SHA-1).
  it.each([
    { p: AS, algorithm: 'RSA' }, { p: AS, algorithm: OAEP }, { p: EI, algorithm: 'RSA' },
  ])('$p.key, $algorithm: no password left in the XML, and Carbon\'s readers resolve every alias to its secret', async ({ p, algorithm }) => {
    const dir = createPlayDir();
    dirs.push(dir);
    const home = makeHome(dir, p);
    const conf = join(home, p.conf);
    const axis2Before = readFileSync(join(conf, 'axis2/axis2.xml'));
    const run = await runPlay(dir, site(home, algorithm, p), INVENTORY);
    expect(run.code, run.out + run.err).toBe(0);
    for (const s of [...Object.values(SECRETS), STORE_PASSWORD]) expect(run.out + run.err).not.toContain(s);
    // Every result line readable: no word of a no_log task's output (once the cipher script's "changed") is masked later.
    expect(run.out).not.toMatch(/^undefined$/m);
    expect(run.out).toMatch(/^changed: \[localhost\] => secure_vault : cipher-text\.properties/m);
    for (const f of xmlFiles(conf)) {
      const text = liveText(f);
      for (const s of Object.values(SECRETS)) expect(text, f).not.toContain(escapeXml(s));
      // The key store passwords the files carried (axis2.xml's transport ones included) are aliases now.
      expect(text, f).not.toMatch(/<(Password|KeyPassword)>wso2carbon<|keystorePass="wso2carbon"/);
    }
    expect(statSync(join(home, 'password-persist')).mode & 0o777).toBe(0o600);
    const store = loadSecretStore(home, conf, {});
    expect(store.initialized).toBe(true);
    const ds = readXmlFile(join(conf, 'datasources/master-datasources.xml'));
    resolveDataSourceAliases(ds, store);
    const byName = Object.fromEntries(readDataSources(ds, 'master-datasources.xml').map((d) => [d.name, d.password]));
    expect(byName).toMatchObject({ WSO2_CARBON_DB: SECRETS.db, WSO2_UM_DB: SECRETS.um });
    const realm = readXmlFile(join(conf, 'user-mgt.xml'));
    resolveRealmAliases(realm, store);
    expect(textAt(realm, 'Realm', 'Configuration', 'AdminUser', 'Password')).toBe(SECRETS.admin);
    const carbon = readXmlFile(join(conf, 'carbon.xml'));
    resolveServerConfigAliases(carbon, store);
    expect(textAt(carbon, 'Security', 'KeyStore', 'Password')).toBe(STORE_PASSWORD);
    expect(textAt(carbon, 'Security', 'KeyStore', 'KeyPassword')).toBe(STORE_PASSWORD);
    expect(textAt(carbon, 'Security', 'TrustStore', 'Password')).toBe(STORE_PASSWORD);
    const catalina = readXmlFile(join(conf, 'tomcat/catalina-server.xml'));
    resolveCatalinaAliases(catalina, store);
    expect(childrenOf(childAt(catalina, 'Service'), 'Connector').map((c) => c.attrs.keystorePass).filter(Boolean)).toEqual([STORE_PASSWORD]);
    if (p === EI) {
      // The https listener's and sender's key store, key and trust store passwords.
      expect(axis2StorePasswords(home, p, store)).toEqual(Array(6).fill(STORE_PASSWORD));
      expect(read(join(conf, 'security/cipher-text.properties'))).toMatch(/^Axis2\.Https\.Sender\.TrustStore\.Password=/m);
    } else {
      // AS ships its transport key stores only in comments: axis2.xml has nothing to alias and stays as it was.
      expect(readFileSync(join(conf, 'axis2/axis2.xml')).equals(axis2Before)).toBe(true);
    }

    expect(read(join(conf, 'security/secret-conf.properties'))).toContain(`secretRepositories.file.algorithm=${algorithm}`);
    const again = await runPlay(dir, site(home, algorithm, p), INVENTORY);
    expect(again.code, again.out + again.err).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  // Off after on: every file as a run that never had it on leaves it, the role's files gone, plain passwords read
  // by Carbon's readers; a further run changes nothing. Output (JSON events and diffs included) shows no secret.
  it.each([AS, EI])('$key: carbon_secure_vault turned off restores the plain passwords and drops the aliases', async (p) => {
    const dir = createPlayDir();
    dirs.push(dir);
    const home = makeHome(join(dir, 'on-off'), p);
    const never = makeHome(join(dir, 'never'), p);
    const conf = join(home, p.conf);
    const on = await runPlay(dir, site(home, 'RSA', p), INVENTORY);
    expect(on.code, on.out + on.err).toBe(0);
    const off = await runPlay(dir, site(home, 'RSA', p, false), INVENTORY, ['--diff', '--json']);
    expect(off.code, off.out + off.err).toBe(0);
    for (const s of [...Object.values(SECRETS), STORE_PASSWORD]) expect(off.out + off.err).not.toContain(s);
    const plain = await runPlay(dir, site(never, 'RSA', p, false), INVENTORY);
    expect(plain.code, plain.out + plain.err).toBe(0);
    for (const f of xmlFiles(join(never, p.conf))) {
      const rel = relative(join(never, p.conf), f);
      expect(readFileSync(join(conf, rel)).toString('latin1'), rel).toBe(readFileSync(f).toString('latin1'));
    }
    for (const f of [...ROLE_FILES.map((r) => join(conf, r)), join(home, 'password-persist'), join(home, 'bin/carbon-play-cipher-text.sh')]) {
      expect(existsSync(f), f).toBe(false);
    }
    for (const f of xmlFiles(conf)) expect(liveText(f), f).not.toContain('secretAlias');
    // A node starting now: no Secure Vault, and every reader gets the plain password from the file itself.
    const store = loadSecretStore(home, conf, {});
    expect(store.initialized).toBe(false);
    const carbon = readXmlFile(join(conf, 'carbon.xml'));
    resolveServerConfigAliases(carbon, store);
    expect(textAt(carbon, 'Security', 'KeyStore', 'Password')).toBe(STORE_PASSWORD);
    const realm = readXmlFile(join(conf, 'user-mgt.xml'));
    resolveRealmAliases(realm, store);
    expect(textAt(realm, 'Realm', 'Configuration', 'AdminUser', 'Password')).toBe(SECRETS.admin);
    if (p === EI) expect(axis2StorePasswords(home, p, store)).toEqual(Array(6).fill(STORE_PASSWORD));

    const again = await runPlay(dir, site(home, 'RSA', p, false), INVENTORY);
    expect(again.code, again.out + again.err).toBe(0);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  it('turned off, a secret-conf.properties the role did not write stays, and the files beside it', async () => {
    const dir = createPlayDir();
    dirs.push(dir);
    const home = makeHome(dir);
    const own = { 'security/secret-conf.properties': 'carbon.secretProvider=org.wso2.securevault.secret.handler.SecretManagerSecretCallbackHandler\n', 'security/cipher-text.properties': 'Other.Alias=AAAA\n' };
    writeFiles(join(home, AS.conf), own);
    writeFiles(home, { 'password-persist': 'x\n' });
    const off = await runPlay(dir, site(home, 'RSA', AS, false), INVENTORY);
    expect(off.code, off.out + off.err).toBe(0);
    for (const [rel, text] of Object.entries(own)) expect(read(join(home, AS.conf, rel))).toBe(text);
    expect(existsSync(join(home, 'password-persist'))).toBe(true);
  });
});
