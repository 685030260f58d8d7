// The https sender's custom SSL profiles as EI 6.4.0's Synapse reads them (wso2-synapse 2.1.7-wso2v80,
// ClientConnFactoryBuilder.getCustomSSLContexts / loadDynamicSSLConfig / getSecureVaultValue), after Axis2's own pass.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAxis2Aliases, SECURE_VAULT_NS } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { SECRET_MANAGER_CALLBACK_HANDLER, type SecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { readSenderSslProfiles } from '../../sandbox/carbon/server/ssl-profiles.js';
import { parseXml } from '../../sandbox/carbon/server/xml.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

// What cipher-text.properties holds, decrypted (the secret store itself is tested in secure-vault.test.ts);
// FileBaseSecretRepository answers an alias it does not hold with the alias itself.
const SECRETS: Record<string, string> = { 'P1.ks': 'ks-secret', 'P1.key': 'key-secret', 'P1.ts': 'ts-secret', 'Axis2.Https.Sender.CustomSSLProfile.P1.KeyStore.Password': 'axis2-ks' };
const STORE: SecretStore = { initialized: true, globalProvider: SECRET_MANAGER_CALLBACK_HANDLER, resolve: (a) => SECRETS[a] ?? a };

const alias = (a: string | undefined) => (a === undefined ? '' : ` svns:secretAlias="${a}"`);
/** One profile; each password either plain or aliased with the placeholder `password`, as the cipher tool leaves it. */
const profile = (a: { ks?: string; key?: string; ts?: string } = {}) => '<profile name="P1"><servers>a.example:443, b.example:8243</servers>' +
  `<KeyStore><Location>k.jks</Location><Type>JKS</Type><Password${alias(a.ks)}>${a.ks ? 'password' : 'plain-ks'}</Password><KeyPassword${alias(a.key)}>${a.key ? 'password' : 'plain-key'}</KeyPassword></KeyStore>` +
  `<TrustStore><Location>t.jks</Location><Type>JKS</Type><Password${alias(a.ts)}>${a.ts ? 'password' : 'plain-ts'}</Password></TrustStore></profile>`;
const NS = ` xmlns:svns="${SECURE_VAULT_NS}"`;
const axis2 = (senderParams: string, rootNs = NS) =>
  `<axisconfig name="AxisJava2.0"${rootNs}><transportSender name="https" class="org.apache.synapse.transport.passthru.PassThroughHttpSSLSender">${senderParams}</transportSender></axisconfig>`;
const dynamic = '<parameter name="dynamicSSLProfilesConfig"><filePath>repository/deployment/server/multi_ssl_profiles.xml</filePath><fileReadInterval>3600000</fileReadInterval></parameter>';
const ALL = { ks: 'P1.ks', key: 'P1.key', ts: 'P1.ts' };

const cases: { what: string; axis2: string; file?: string; store?: SecretStore; expected: (string | null)[] }[] = [
  { what: 'inline, plain passwords', axis2: axis2(`<parameter name="customSSLProfiles">${profile()}</parameter>`), expected: ['plain-ks', 'plain-key', 'plain-ts'] },
  { what: 'inline, each alias by its own secret (the resolver climbs to axisconfig, which binds svns)',
    axis2: axis2(`<parameter name="customSSLProfiles">${profile(ALL)}</parameter>`), expected: ['ks-secret', 'key-secret', 'ts-secret'] },
  { what: 'inline, an alias Axis2 already resolved by its token is read again by its alias',
    axis2: axis2(`<parameter name="customSSLProfiles">${profile({ ks: 'Axis2.Https.Sender.CustomSSLProfile.P1.KeyStore.Password' })}</parameter>`), expected: ['axis2-ks', 'plain-key', 'plain-ts'] },
  { what: 'the dynamic file, whose root binds svns: aliases resolved, the inline profiles ignored',
    axis2: axis2(`${dynamic}<parameter name="customSSLProfiles">${profile()}</parameter>`), file: `<parameter name="customSSLProfiles"${NS}>${profile(ALL)}</parameter>`,
    expected: ['ks-secret', 'key-secret', 'ts-secret'] },
  { what: 'the dynamic file without xmlns:svns on its root: axis2.xml\'s binding does not reach it, no password',
    axis2: axis2(dynamic), file: `<parameter name="customSSLProfiles">${profile(ALL).replace('<profile', `<profile${NS}`)}</parameter>`,
    expected: [null, null, null] },
  { what: 'Secure Vault not initialized: an aliased password is null', axis2: axis2(`<parameter name="customSSLProfiles">${profile({ ks: 'P1.ks' })}</parameter>`),
    store: { initialized: false, resolve: () => '' }, expected: [null, 'plain-key', 'plain-ts'] },
];

describe('https sender custom SSL profiles (Synapse ClientConnFactoryBuilder)', () => {
  it.each(cases)('$what', ({ axis2: xml, file, store = STORE, expected }) => {
    const home = makeTempDir('ssl-profiles-');
    dirs.push(home);
    if (file) {
      mkdirSync(join(home, 'repository/deployment/server'), { recursive: true });
      writeFileSync(join(home, 'repository/deployment/server/multi_ssl_profiles.xml'), file);
    }
    const root = parseXml(xml);
    // AxisConfigBuilder runs first, as when Carbon builds the Axis2 configuration; the sender reads after it.
    resolveAxis2Aliases(root, store);
    const sender = root.children.find((t) => t.name === 'transportSender');
    if (!sender) throw new Error('no sender');
    const [p] = readSenderSslProfiles(root, sender, home, store);
    expect(p.servers).toEqual(['a.example:443', 'b.example:8243']);
    expect([p.keyStore?.password, p.keyStore?.keyPassword, p.trustStore?.password]).toEqual(expected);
  });

  it('a dynamic file that is not there fails as Synapse logs it', () => {
    const home = makeTempDir('ssl-profiles-');
    dirs.push(home);
    const root = parseXml(axis2(dynamic));
    expect(() => readSenderSslProfiles(root, root.children[0], home, STORE)).toThrow('Could not load customSSLProfiles from file path: repository/deployment/server/multi_ssl_profiles.xml');
  });
});
