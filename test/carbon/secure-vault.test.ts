// Secure Vault in the stand-in: secret-conf.properties and cipher-text.properties (encrypted by the JDK as the cipher tool
// does) resolved into the real product files' svns:secretAlias elements, and every way a start fails as Carbon's does.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataSources } from '../../sandbox/carbon/server/config.js';
import { FatalError } from '../../sandbox/carbon/server/log.js';
import { loadSecretStore, type SecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { checkPrefixes, resolveAxis2Aliases, resolveCatalinaAliases, resolveDataSourceAliases, resolveRealmAliases, resolveServerConfigAliases } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { childAt, childrenOf, parseXml, textAt } from '../../sandbox/carbon/server/xml.js';
import { FIXTURES, hasFixtures } from './fixture-dist.js';
import { hasJava, runJava, testKeyStore } from './java-side.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SECRETS: Record<string, string> = {
  'Datasources.WSO2_CARBON_DB.Configuration.Password': 'db&Pa55<ü',
  'Carbon.Security.KeyStore.Password': 'wso2carbon',
  'UserManager.AdminUser.Password': 'adm1n!',
  'Server.Service.Connector.keystorePass': 'wso2carbon',
  'Axis2.Https.Listener.KeyStore.Password': 'ks-listener',
  'Axis2.Https.Listener.KeyStore.KeyPassword': 'key-listener',
  'Axis2.Https.Listener.TrustStore.Password': 'ts-listener',
  'Axis2.Https.Sender.KeyStore.Password': 'ks-sender',
  'Axis2.Https.Sender.TrustStore.Password': 'ts-sender',
};
const OAEP = 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding';
const dirs: string[] = [];
let encrypted: Record<string, Record<string, string>> = {};

// The cipher tool's output, made once by the JDK: every secret under "RSA" (its default) and under OAEP.
beforeAll(() => {
  if (!hasJava) return;
  const ks = testKeyStore();
  const entries = Object.entries(SECRETS);
  const answers = runJava(ks, [...entries, ...entries].map(([, v], i) => ({ op: 'E', transformation: i < entries.length ? 'RSA' : OAEP, data: Buffer.from(v) })));
  encrypted = { RSA: {}, [OAEP]: {} };
  entries.forEach(([k], i) => { encrypted.RSA[k] = answers[i]; encrypted[OAEP][k] = answers[entries.length + i]; });
});
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface HomeSpec {
  noSecretConf?: boolean;
  secretConf?: (lines: string[]) => string[];
  cipherText?: string;
  algorithm?: string;
  passwordFile?: { name: string; text: string } | null;
}

/** A CARBON_HOME with the key store, secret-conf.properties as the cipher tool writes it, cipher-text.properties, a password file. */
function makeHome(spec: HomeSpec = {}): string {
  const ks = testKeyStore();
  const home = makeTempDir('sv-home-');
  dirs.push(home);
  mkdirSync(join(home, 'repository/conf/security'), { recursive: true });
  mkdirSync(join(home, 'repository/resources/security'), { recursive: true });
  copyFileSync(ks.file, join(home, 'repository/resources/security/wso2carbon.jks'));
  const algorithm = spec.algorithm ?? 'RSA';
  const conf = [
    'carbon.secretProvider=org.wso2.securevault.secret.handler.SecretManagerSecretCallbackHandler',
    'secretRepositories=file',
    'secretRepositories.file.provider=org.wso2.securevault.secret.repository.FileBaseSecretRepositoryProvider',
    'secretRepositories.file.location=repository/conf/security/cipher-text.properties',
    ...(spec.algorithm ? [`secretRepositories.file.algorithm=${algorithm}`] : []),
    'keystore.identity.location=repository/resources/security/wso2carbon.jks',
    'keystore.identity.type=JKS',
    'keystore.identity.alias=wso2carbon',
    'keystore.identity.store.password=identity.store.password',
    'keystore.identity.store.secretProvider=org.wso2.carbon.securevault.DefaultSecretCallbackHandler',
    'keystore.identity.key.password=identity.key.password',
    'keystore.identity.key.secretProvider=org.wso2.carbon.securevault.DefaultSecretCallbackHandler',
  ];
  if (!spec.noSecretConf) {
    writeFileSync(join(home, 'repository/conf/security/secret-conf.properties'), (spec.secretConf ?? ((l) => l))(conf).join('\n') + '\n');
  }
  const text = spec.cipherText ?? Object.entries(encrypted[algorithm]).map(([k, v]) => `${k}=${v}`).join('\n');
  writeFileSync(join(home, 'repository/conf/security/cipher-text.properties'), text + '\n');
  const pw = spec.passwordFile === undefined ? { name: 'password', text: `${ks.password}\n` } : spec.passwordFile;
  if (pw) writeFileSync(join(home, pw.name), pw.text);
  return home;
}

const load = (home: string, props: Record<string, string> = {}): SecretStore => loadSecretStore(home, join(home, 'repository/conf'), props);

/** The product's master-datasources.xml with its WSO2_CARBON_DB password protected as the cipher tool leaves it. */
function protectedDataSources(alias: string, dropNamespace = false): string {
  const real = join(FIXTURES, 'as-5.3.0/repository/conf/datasources/master-datasources.xml');
  const base = hasFixtures ? readFileSync(real, 'utf8') : '<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration"><datasources><datasource><name>WSO2_CARBON_DB</name><definition type="RDBMS"><configuration><url>jdbc:h2:x</url><username>wso2carbon</username><password>wso2carbon</password></configuration></definition></datasource></datasources></datasources-configuration>';
  const out = base.replace(/<password>wso2carbon<\/password>/, `<password svns:secretAlias="${alias}">password</password>`);
  return dropNamespace ? out.replace(' xmlns:svns="http://org.wso2.securevault/configuration"', '') : out;
}

const dsPassword = (xml: string, store: SecretStore) => {
  const root = parseXml(xml);
  checkPrefixes(root, 'master-datasources.xml');
  resolveDataSourceAliases(root, store);
  return readDataSources(root, 'master-datasources.xml').find((d) => d.name === 'WSO2_CARBON_DB')?.password;
};

describe.skipIf(!hasJava)('Secure Vault secret store (SecretManager)', () => {
  it.each(['RSA', OAEP])('decrypts cipher-text.properties with the identity key (%s) and consumes the password file', (algorithm) => {
    const home = makeHome({ algorithm });
    const store = load(home);
    expect(store.initialized).toBe(true);
    for (const [alias, secret] of Object.entries(SECRETS)) expect(store.resolve(alias)).toBe(secret);
    // DefaultSecretCallbackHandler renames `password` to `password-tmp`; a second start reads and deletes that one.
    expect(existsSync(join(home, 'password'))).toBe(false);
    expect(existsSync(join(home, 'password-tmp'))).toBe(true);
    expect(load(home).resolve('UserManager.AdminUser.Password')).toBe('adm1n!');
    expect(existsSync(join(home, 'password-tmp'))).toBe(false);
  });

  it('leaves password-persist, and the password file under -Dpersist.password=true', () => {
    const persist = makeHome({ passwordFile: { name: 'password-persist', text: 'wso2carbon' } });
    expect(load(persist).initialized).toBe(true);
    expect(existsSync(join(persist, 'password-persist'))).toBe(true);
    const kept = makeHome();
    expect(load(kept, { 'persist.password': 'true' }).initialized).toBe(true);
    expect(existsSync(join(kept, 'password'))).toBe(true);
  });

  it('an alias cipher-text.properties does not hold resolves to itself (FileBaseSecretRepository.getSecret)', () => {
    expect(load(makeHome()).resolve('Datasources.OTHER_DB.Configuration.Password')).toBe('Datasources.OTHER_DB.Configuration.Password');
  });

  const uninitialized: { what: string; spec: HomeSpec }[] = [
    { what: 'no secret-conf.properties', spec: { noSecretConf: true } },
    { what: 'no password file and no console', spec: { passwordFile: null } },
    { what: 'no secretRepositories', spec: { secretConf: (l) => l.filter((x) => !x.startsWith('secretRepositories=')) } },
    { what: 'secVault.enabled=false', spec: { secretConf: (l) => [...l, 'secVault.enabled=false'] } },
  ];
  it.each(uninitialized)('is not initialized with $what: an alias gets no secret (an empty text)', ({ spec }) => {
    const store = load(makeHome(spec));
    expect(store.initialized).toBe(false);
    expect(store.resolve('Datasources.WSO2_CARBON_DB.Configuration.Password')).toBe('');
  });

  const fatal: { what: string; spec: () => HomeSpec; error: RegExp }[] = [
    { what: 'a wrong key store password', spec: () => ({ passwordFile: { name: 'password', text: 'nope' } }), error: /Error loading keyStore from ' .*wso2carbon\.jks ' : java\.io\.IOException: Keystore was tampered with, or password was incorrect/ },
    { what: 'a tampered cipher text', spec: () => ({ cipherText: `UserManager.AdminUser.Password=${encrypted.RSA['UserManager.AdminUser.Password'].replace(/^..../, 'AAAA')}` }), error: /alias 'UserManager\.AdminUser\.Password'.*BadPaddingException: Decryption error/ },
    { what: 'a text encrypted under another transformation', spec: () => ({ algorithm: OAEP, cipherText: `X=${encrypted.RSA['Carbon.Security.KeyStore.Password']}` }), error: /alias 'X'.*OAEPWithSHA-256AndMGF1Padding.*BadPaddingException/ },
    { what: 'a plain text left in cipher-text.properties', spec: () => ({ cipherText: 'Carbon.Security.KeyStore.Password=[wso2carbon]' }), error: /alias 'Carbon\.Security\.KeyStore\.Password'/ },
    { what: 'an unknown repository provider', spec: () => ({ secretConf: (l) => l.map((x) => x.replace('FileBaseSecretRepositoryProvider', 'VaultProvider')) }), error: /A Secret Provider cannot be found for class name : org\.wso2\.securevault\.secret\.repository\.VaultProvider/ },
  ];
  it.each(fatal)('fails the start with $what', ({ spec, error }) => {
    const home = makeHome(spec());
    expect(() => load(home)).toThrow(FatalError);
    expect(() => load(makeHome(spec()))).toThrow(error);
  });
});

describe.skipIf(!hasJava)('svns:secretAlias in the product files', () => {
  it('master-datasources.xml: the alias\'s secret replaces the placeholder; an unknown alias is used as the password itself', () => {
    const store = load(makeHome());
    expect(dsPassword(protectedDataSources('Datasources.WSO2_CARBON_DB.Configuration.Password'), store)).toBe('db&Pa55<ü');
    expect(dsPassword(protectedDataSources('Datasources.WSO2_CARBON_DB.Password'), store)).toBe('Datasources.WSO2_CARBON_DB.Password');
    // The product's own sample alias (WSO2.DB.Password, with an empty text) resolves to itself as well.
    expect(dsPassword(protectedDataSources('WSO2.DB.Password'), store)).toBe('WSO2.DB.Password');
  });

  it('master-datasources.xml: a file whose xmlns:svns was dropped does not parse (Xerces)', () => {
    const store = load(makeHome());
    expect(() => dsPassword(protectedDataSources('Datasources.WSO2_CARBON_DB.Configuration.Password', true), store))
      .toThrow('The prefix "svns" for attribute "svns:secretAlias" associated with an element type "password" is not bound.');
  });

  it('master-datasources.xml without secret-conf.properties: the protected password is empty', () => {
    expect(dsPassword(protectedDataSources('Datasources.WSO2_CARBON_DB.Configuration.Password'), load(makeHome({ noSecretConf: true })))).toBe('');
  });

  const carbonXml = (alias: string, declare = true) => {
    const real = join(FIXTURES, 'as-5.3.0/repository/conf/carbon.xml');
    const base = hasFixtures ? readFileSync(real, 'latin1') : '<Server xmlns="http://wso2.org/projects/carbon/carbon.xml"><Security><KeyStore><Password>wso2carbon</Password></KeyStore></Security></Server>';
    const ns = declare ? '<Server xmlns="http://wso2.org/projects/carbon/carbon.xml" xmlns:svns="http://org.wso2.securevault/configuration"' : '<Server xmlns="http://wso2.org/projects/carbon/carbon.xml"';
    return base.replace(/<Server xmlns="http:\/\/wso2\.org\/projects\/carbon\/carbon\.xml"/, ns)
      .replace(/(<KeyStore>[\s\S]*?)<Password>wso2carbon<\/Password>/, `$1<Password svns:secretAlias="${alias}">password</Password>`);
  };
  const keyStorePassword = (xml: string, store: SecretStore) => {
    const root = parseXml(xml);
    resolveServerConfigAliases(root, store);
    return textAt(root, 'Security', 'KeyStore', 'Password');
  };
  it('carbon.xml: ServerConfiguration resolves the token of the element\'s own path only, with the namespace on the root', () => {
    const store = load(makeHome());
    expect(keyStorePassword(carbonXml('Carbon.Security.KeyStore.Password'), store)).toBe('wso2carbon');
    expect(keyStorePassword(carbonXml('KeyStorePassword'), store)).toBe('password');
    expect(keyStorePassword(carbonXml('Carbon.Security.KeyStore.Password', false), store)).toBe('password');
  });

  it('user-mgt.xml: the admin password (UserManager.AdminUser.Password)', () => {
    const real = join(FIXTURES, 'as-5.3.0/repository/conf/user-mgt.xml');
    const base = hasFixtures ? readFileSync(real, 'utf8') : '<UserManager><Realm><Configuration><AdminUser><UserName>admin</UserName><Password>admin</Password></AdminUser></Configuration></Realm></UserManager>';
    const xml = base.replace('<UserManager>', '<UserManager xmlns:svns="http://org.wso2.securevault/configuration">')
      .replace(/<Password>admin<\/Password>/, '<Password svns:secretAlias="UserManager.AdminUser.Password">password</Password>');
    const root = parseXml(xml);
    resolveRealmAliases(root, load(makeHome()));
    expect(textAt(root, 'Realm', 'Configuration', 'AdminUser', 'Password')).toBe('adm1n!');
  });

  it('catalina-server.xml: a protected keystorePass attribute, only when SecretManager is initialized', () => {
    const real = join(FIXTURES, 'as-5.3.0/repository/conf/tomcat/catalina-server.xml');
    const base = hasFixtures ? readFileSync(real, 'utf8') : '<Server><Service><Connector port="9443" keystorePass="wso2carbon"/></Service></Server>';
    const xml = base.replace(/<Server([\s>])/, '<Server xmlns:svns="http://org.wso2.securevault/configuration"$1')
      .replace(/keystorePass="wso2carbon"/, 'keystorePass="password" svns:secretAlias="Server.Service.Connector.keystorePass"');
    const pass = (store: SecretStore) => {
      const root = parseXml(xml);
      resolveCatalinaAliases(root, store);
      return childrenOf(childAt(root, 'Service'), 'Connector').map((c) => c.attrs.keystorePass).filter(Boolean);
    };
    expect(pass(load(makeHome()))).toEqual(['wso2carbon']);
    expect(pass(load(makeHome({ noSecretConf: true })))).toEqual(['password']);
  });

  // EI 6.4.0's axis2.xml: pass-through https listener and sender, each with a keystore and a truststore parameter.
  const axis2Xml = (aliases: Record<string, string>, rootNs = ' xmlns:svns="http://org.wso2.securevault/configuration"', extra = '') => {
    const real = join(FIXTURES, 'ei-6.4.0/conf/axis2/axis2.xml');
    const store = '<parameter name="keystore" locked="false"><KeyStore><Location>repository/resources/security/wso2carbon.jks</Location><Type>JKS</Type><Password>wso2carbon</Password><KeyPassword>wso2carbon</KeyPassword></KeyStore></parameter><parameter name="truststore" locked="false"><TrustStore><Location>repository/resources/security/client-truststore.jks</Location><Type>JKS</Type><Password>wso2carbon</Password></TrustStore></parameter>';
    const base = hasFixtures ? readFileSync(real, 'latin1') : `<axisconfig name="AxisJava2.0"><transportReceiver name="https" class="org.apache.synapse.transport.passthru.PassThroughHttpSSLListener">${store}</transportReceiver><transportSender name="https" class="org.apache.synapse.transport.passthru.PassThroughHttpSSLSender">${store}</transportSender></axisconfig>`;
    // Each live <Password>/<KeyPassword> in document order: listener key store, key, trust store, then the sender's.
    const slots = ['Axis2.Https.Listener.KeyStore.Password', 'Axis2.Https.Listener.KeyStore.KeyPassword', 'Axis2.Https.Listener.TrustStore.Password',
      'Axis2.Https.Sender.KeyStore.Password', 'Axis2.Https.Sender.KeyStore.KeyPassword', 'Axis2.Https.Sender.TrustStore.Password'];
    let i = 0;
    const live = base.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/</g, '\u0000'));
    const out = live.replace(/<(Password|KeyPassword)>wso2carbon<\/\1>/g, (all, el: string) => {
      const alias = aliases[slots[i++]];
      return alias === undefined ? all : `<${el} svns:secretAlias="${alias}">password</${el}>`;
    });
    expect(i).toBe(6);
    return out.replace(/\u0000/g, '<').replace('<axisconfig name="AxisJava2.0"', `<axisconfig name="AxisJava2.0"${rootNs}`).replace('</axisconfig>', `${extra}</axisconfig>`);
  };
  const stores = (xml: string, store: SecretStore) => {
    const root = parseXml(xml);
    resolveAxis2Aliases(root, store);
    const of = (kind: string, name: string) => {
      const t = childrenOf(root, kind).find((x) => x.attrs.name === 'https');
      const first = (p: string) => childrenOf(t, 'parameter').find((x) => x.attrs.name === p)?.children[0];
      return [textAt(first('keystore'), 'Password'), textAt(first('keystore'), 'KeyPassword'), textAt(first('truststore'), 'Password')];
    };
    return { listener: of('transportReceiver', 'https'), sender: of('transportSender', 'https') };
  };
  const own = Object.fromEntries(['Listener', 'Sender'].flatMap((d) => ['KeyStore.Password', 'KeyStore.KeyPassword', 'TrustStore.Password'].map((e) => [`Axis2.Https.${d}.${e}`, `Axis2.Https.${d}.${e}`])));
  const axis2Cases: { what: string; xml: () => string; home?: HomeSpec; listener: (string | undefined)[]; sender: (string | undefined)[] }[] = [
    { what: 'every store password by its Carbon token', xml: () => axis2Xml(own),
      // The sender's key password has no secret in cipher-text.properties: FileBaseSecretRepository answers the alias itself.
      listener: ['ks-listener', 'key-listener', 'ts-listener'], sender: ['ks-sender', 'Axis2.Https.Sender.KeyStore.KeyPassword', 'ts-sender'] },
    { what: 'an element is replaced by its place: any element\'s alias protects the token', xml: () => axis2Xml({ 'Axis2.Https.Listener.KeyStore.Password': 'Axis2.Https.Listener.TrustStore.Password', 'Axis2.Https.Listener.TrustStore.Password': 'Other.Alias' }),
      listener: ['password', 'wso2carbon', 'ts-listener'], sender: ['wso2carbon', 'wso2carbon', 'wso2carbon'] },
    { what: 'no xmlns:svns on the root: nothing is protected', xml: () => axis2Xml(own, ''),
      listener: ['password', 'password', 'password'], sender: ['password', 'password', 'password'] },
    { what: 'a root <svns:secureVault> naming a provider Carbon cannot make: nothing is protected', xml: () => axis2Xml(own, undefined, '<svns:secureVault provider="com.example.Nope"/>'),
      listener: ['password', 'password', 'password'], sender: ['password', 'password', 'password'] },
    { what: 'no secret-conf.properties: the resolver is not initialized', xml: () => axis2Xml(own), home: { noSecretConf: true },
      listener: ['password', 'password', 'password'], sender: ['password', 'password', 'password'] },
  ];
  it.each(axis2Cases)('axis2.xml (AxisConfigBuilder): $what', ({ xml, home, listener, sender }) => {
    expect(stores(xml(), load(makeHome(home)))).toEqual({ listener, sender });
  });
});
