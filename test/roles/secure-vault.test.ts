// secure_vault: with carbon_secure_vault the deployed XML keeps aliases only, and the stand-in (Carbon's Secure Vault
// readers) gets every secret back from cipher-text.properties with the node's own key store; a second run changes nothing.
// Turned off again, the files are as if it had never been on.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataSources } from '../../sandbox/carbon/server/config.js';
import { loadSecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { resolveAxis2Aliases, resolveCatalinaAliases, resolveDataSourceAliases, resolveRealmAliases, resolveServerConfigAliases } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { readSenderSslProfiles } from '../../sandbox/carbon/server/ssl-profiles.js';
import { childAt, childrenOf, readXmlFile, textAt } from '../../sandbox/carbon/server/xml.js';
import { templateKeyStores } from '../../sandbox/carbon/template-keystores.js';
import { FIXTURES, hasFixtures } from '../carbon/fixture-dist.js';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

const INVENTORY = 'localhost ansible_connection=local\n';
const SECRETS = { db: 'Db-Pa55&<x', um: 'Um-Pa55"y', admin: 'Adm1n-Pa55' };
// The key stores' password (WSO2's shipped one): the runner masks it as a secret, so it must not show either.
const STORE_PASSWORD = 'wso2carbon';
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface Product { key: string; conf: string }
const AS: Product = { key: 'as-5.3.0', conf: 'repository/conf' };
// EI keeps its config under conf/, and its axis2.xml has the pass-through https listener's and sender's key stores.
const EI: Product = { key: 'ei-6.4.0', conf: 'conf' };

/** The template pack's axis2.xml, with EI's pass-through transports for EI (as the pack builder makes it). */
function templateAxis2(p: Product): string {
  const text = read(join(TEMPLATES, 'axis2.xml'));
  return p === EI ? text.replace('</axisconfig>', `${read(join(TEMPLATES, 'axis2-ei-transports.xml'))}</axisconfig>`) : text;
}

/** A CARBON_HOME from the product's real files when present (else the template pack's), with its key store. */
function makeHome(dir: string, p: Product = AS): string {
  const home = join(dir, `wso2${p.key}`);
  const src = (rel: string, tpl: string) => (hasFixtures ? read(join(FIXTURES, p.key, p.conf, rel)) : read(join(TEMPLATES, tpl)));
  writeFiles(join(home, p.conf), {
    'carbon.xml': src('carbon.xml', 'carbon.xml'),
    'user-mgt.xml': src('user-mgt.xml', 'user-mgt.xml'),
    'datasources/master-datasources.xml': src('datasources/master-datasources.xml', 'master-datasources.xml'),
    'tomcat/catalina-server.xml': src('tomcat/catalina-server.xml', 'catalina-server.xml'),
    'axis2/axis2.xml': hasFixtures ? read(join(FIXTURES, p.key, p.conf, 'axis2/axis2.xml')) : templateAxis2(p),
  });
  mkdirSync(join(home, 'repository/resources/security'), { recursive: true });
  mkdirSync(join(home, 'bin'), { recursive: true });
  const ks = join(home, 'repository/resources/security/wso2carbon.jks');
  if (hasFixtures) copyFileSync(join(FIXTURES, p.key, 'repository/resources/security/wso2carbon.jks'), ks);
  else writeFileSync(ks, templateKeyStores().keyStore);
  return home;
}

function site(home: string, algorithm: string, p: Product = AS, vault = true, extra: Record<string, unknown> = {}): string {
  return JSON.stringify([{
    hosts: 'all', gather_facts: false,
    vars: {
      ...extra,
      carbon_home: home, carbon_conf_dir: join(home, p.conf), carbon_secure_vault: vault, carbon_secure_vault_algorithm: algorithm,
      carbon_db_password: SECRETS.db, carbon_admin_password: SECRETS.admin,
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
/** A file's text outside comments: the real files keep commented samples with plain passwords. */
const liveText = (f: string) => readFileSync(f, 'latin1').replace(/<!--[\s\S]*?-->/g, '');
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

  // Passwords the products ship only in comments, enabled by an operator: EI's mailto sender (as its axis2.xml's
  // commented block) and a customSSLProfiles profile of the https sender (as WSO2's own test
  // product-ei v6.4.0 customSSLprofileWithsecurevault/axis2.xml writes one).
  // Element text as a file keeps it (a serializer writes `"` as is in text).
  const escapeText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const OPTIONAL = { mail: 'Mail-Pa55&<m', ks: 'Prof-ks"1', key: 'Prof-key1', ts: 'Prof-ts1' };
  const PROFILES_FILE = 'repository/deployment/server/multi_ssl_profiles.xml';
  const optionalVars = {
    carbon_mail_smtp_password: OPTIONAL.mail, carbon_ssl_profiles_file: PROFILES_FILE,
    carbon_axis2_ssl_profiles: { Profile1: { keystore_password: OPTIONAL.ks, key_password: OPTIONAL.key, truststore_password: OPTIONAL.ts } },
  };
  /** axis2.xml's https sender with an inline profile and a dynamicSSLProfilesConfig file holding the same one. */
  function enableOptional(home: string): void {
    const f = join(home, EI.conf, 'axis2/axis2.xml');
    const profile = `<parameter name="customSSLProfiles">
            <profile name="Profile1">
                <servers>localhost:9443</servers>
                <KeyStore>
                    <Location>repository/resources/security/wso2carbon.jks</Location>
                    <Type>JKS</Type>
                    <Password>${escapeText(OPTIONAL.ks)}</Password>
                    <KeyPassword>${OPTIONAL.key}</KeyPassword>
                </KeyStore>
                <TrustStore>
                    <Location>repository/resources/security/client-truststore.jks</Location>
                    <Type>JKS</Type>
                    <Password>${OPTIONAL.ts}</Password>
                </TrustStore>
            </profile>
        </parameter>`;
    const mail = `    <transportSender name="mailto" class="org.apache.axis2.transport.mail.MailTransportSender">
        <parameter name="mail.smtp.host">smtp.example.com</parameter>
        <parameter name="mail.smtp.user">synapse.demo.0</parameter>
        <parameter name="mail.smtp.password">${escapeText(OPTIONAL.mail)}</parameter>
    </transportSender>
`;
    let text = readFileSync(f, 'latin1');
    const sender = /<transportSender name="https"[^>]*>/.exec(text);
    text = sender ? text.replace(sender[0], `${sender[0]}\n        ${profile}`)
      : text.replace('</axisconfig>', `    <transportSender name="https" class="org.apache.synapse.transport.passthru.PassThroughHttpSSLSender">\n        ${profile}\n    </transportSender>\n</axisconfig>`);
    const dynamic = `<parameter name="dynamicSSLProfilesConfig">\n            <filePath>${PROFILES_FILE}</filePath>\n        </parameter>\n        `;
    writeFileSync(f, text.replace('<parameter name="customSSLProfiles">', dynamic + '<parameter name="customSSLProfiles">').replace('</axisconfig>', `${mail}</axisconfig>`), 'latin1');
    writeFiles(home, { [PROFILES_FILE]: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- profiles for the https sender -->\n${profile}\n` });
  }
  /** The mail and profile passwords as Carbon's Axis2 hands them to the senders. */
  function optionalPasswords(home: string, store: ReturnType<typeof loadSecretStore>): (string | null | undefined)[] {
    const axis2 = readXmlFile(join(home, EI.conf, 'axis2/axis2.xml'));
    resolveAxis2Aliases(axis2, store);
    const sender = (n: string) => childrenOf(axis2, 'transportSender').find((t) => t.attrs.name === n);
    const param = (n: string, t: string) => childrenOf(sender(t), 'parameter').find((x) => x.attrs.name === n);
    const prof = childAt(param('customSSLProfiles', 'https'), 'profile');
    // The dynamic file as Synapse's https sender reads it (its profiles replace the inline ones there).
    const [file] = readSenderSslProfiles(axis2, sender('https') as NonNullable<ReturnType<typeof sender>>, home, store);
    return [param('mail.smtp.password', 'mailto')?.text, textAt(prof, 'KeyStore', 'Password'), textAt(prof, 'KeyStore', 'KeyPassword'), textAt(prof, 'TrustStore', 'Password'),
      file?.keyStore?.password, file?.keyStore?.keyPassword, file?.trustStore?.password];
  }

  it('ei-6.4.0: the mailto sender\'s and an https sender SSL profile\'s passwords by Axis2\'s tokens, plain again when turned off', async () => {
    const dir = createPlayDir();
    dirs.push(dir);
    const home = makeHome(join(dir, 'on-off'), EI);
    const never = makeHome(join(dir, 'never'), EI);
    enableOptional(home);
    enableOptional(never);
    const conf = join(home, EI.conf);
    const on = await runPlay(dir, site(home, 'RSA', EI, true, optionalVars), INVENTORY, ['--diff', '--json']);
    expect(on.code, on.out + on.err).toBe(0);
    for (const s of Object.values(OPTIONAL)) expect(on.out + on.err).not.toContain(s);
    const text = liveText(join(conf, 'axis2/axis2.xml'));
    for (const s of Object.values(OPTIONAL)) expect(text).not.toContain(escapeText(s));
    expect(text).toContain('<parameter name="mail.smtp.password" svns:secretAlias="Axis2.Mailto.Parameter.Password">password</parameter>');
    expect(text).toContain('<KeyPassword svns:secretAlias="Axis2.Https.Sender.CustomSSLProfile.Profile1.KeyStore.KeyPassword">password</KeyPassword>');
    const fileText = read(join(home, PROFILES_FILE));
    for (const s of Object.values(OPTIONAL)) expect(fileText).not.toContain(escapeText(s));
    expect(fileText).toContain('<parameter name="customSSLProfiles" xmlns:svns="http://org.wso2.securevault/configuration">');
    const all = [OPTIONAL.mail, OPTIONAL.ks, OPTIONAL.key, OPTIONAL.ts, OPTIONAL.ks, OPTIONAL.key, OPTIONAL.ts];
    expect(optionalPasswords(home, loadSecretStore(home, conf, {}))).toEqual(all);
    const again = await runPlay(dir, site(home, 'RSA', EI, true, optionalVars), INVENTORY);
    expect(changedCounts(again.out), again.out + again.err).toEqual({ localhost: 0 });

    const off = await runPlay(dir, site(home, 'RSA', EI, false, optionalVars), INVENTORY, ['--diff', '--json']);
    expect(off.code, off.out + off.err).toBe(0);
    for (const s of Object.values(OPTIONAL)) expect(off.out + off.err).not.toContain(s);
    const plain = await runPlay(dir, site(never, 'RSA', EI, false, optionalVars), INVENTORY);
    expect(plain.code, plain.out + plain.err).toBe(0);
    for (const f of xmlFiles(join(never, EI.conf))) {
      const rel = relative(join(never, EI.conf), f);
      expect(readFileSync(join(conf, rel)).toString('latin1'), rel).toBe(readFileSync(f).toString('latin1'));
    }
    expect(read(join(home, PROFILES_FILE))).toBe(read(join(never, PROFILES_FILE)));
    expect(optionalPasswords(home, loadSecretStore(home, conf, {}))).toEqual(all);
    const offAgain = await runPlay(dir, site(home, 'RSA', EI, false, optionalVars), INVENTORY);
    expect(changedCounts(offAgain.out), offAgain.out + offAgain.err).toEqual({ localhost: 0 });
  });

  it('ei-6.4.0: without their secrets the mail and SSL profile passwords are not aliased; turned off, such an alias stops the run', async () => {
    const dir = createPlayDir();
    dirs.push(dir);
    const home = makeHome(dir, EI);
    enableOptional(home);
    const axis2 = join(home, EI.conf, 'axis2/axis2.xml');
    const on = await runPlay(dir, site(home, 'RSA', EI, true), INVENTORY);
    expect(on.code, on.out + on.err).toBe(0);
    // Given no secret, the role leaves them as the operator wrote them (it never reads a password out of the file).
    expect(liveText(axis2)).toContain(`<parameter name="mail.smtp.password">${escapeText(OPTIONAL.mail)}</parameter>`);
    expect(liveText(axis2)).toContain(`<KeyPassword>${OPTIONAL.key}</KeyPassword>`);
    const aliased = await runPlay(dir, site(home, 'RSA', EI, true, optionalVars), INVENTORY);
    expect(aliased.code, aliased.out + aliased.err).toBe(0);
    const before = readFileSync(axis2);
    const off = await runPlay(dir, site(home, 'RSA', EI, false), INVENTORY);
    expect(off.code).toBe(2);
    expect(off.out + off.err).toContain('holds Axis2.Mailto.Parameter.Password but its password is not set');
    expect(readFileSync(axis2).equals(before)).toBe(true);
    expect(existsSync(join(home, EI.conf, 'security/cipher-text.properties'))).toBe(true);
  });
});
