// axis2.xml's custom SSL profiles and mail sender password as Carbon 4.4's Axis2 resolves them before any transport
// reads them: wso2-axis2 1.6.1-wso2v28 (EI 6.4.0's), AxisConfigBuilder.resolveTransportPasswords.
import { describe, expect, it } from 'vitest';
import { customSslProfileToken, resolveAxis2Aliases, SECURE_VAULT_NS } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { SECRET_MANAGER_CALLBACK_HANDLER, type SecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { childrenOf, parseXml, textAt } from '../../sandbox/carbon/server/xml.js';

// cipher-text.properties decrypted (the secret store itself is tested in secure-vault.test.ts).
const SECRETS: Record<string, string> = {
  'Axis2.Mailto.Parameter.Password': 'mail-pw',
  'Axis2.Https.Sender.CustomSSLProfile.Profile1.KeyStore.Password': 'p1-ks',
  'Axis2.Https.Sender.CustomSSLProfile.Profile1.KeyStore.KeyPassword': 'p1-key',
  'Axis2.Https.Sender.CustomSSLProfile.Profile1.TrustStore.Password': 'p1-ts',
};
const STORE: SecretStore = { initialized: true, globalProvider: SECRET_MANAGER_CALLBACK_HANDLER, resolve: (a) => SECRETS[a] ?? a };

describe('axis2.xml (AxisConfigBuilder): SSL profiles and mail', () => {
  // wso2-axis2 1.6.1-wso2v28 (EI 6.4.0's), AxisConfigBuilder.resolveTransportPasswords: customSSLProfiles profiles by
  // their name attribute under Axis2.Https.Sender.CustomSSLProfile.NAME.* (as WSO2's own test
  // product-ei v6.4.0 CustomSSLProfileWithSecureVault aliases them), a sender's mail.smtp.password by
  // Axis2.Mailto.Parameter.Password; a receiver's SSLProfiles (ServerConnFactoryBuilder reads them raw) is not resolved.
  const alias = (token: string) => `svns:secretAlias="${token}"`;
  const profile = (name: string | undefined, token: (s: 'KeyStore' | 'TrustStore', e: 'Password' | 'KeyPassword') => string) =>
    `<profile${name === undefined ? '' : ` name="${name}"`}><servers>localhost:9443</servers>` +
    `<KeyStore><Location>k.jks</Location><Type>JKS</Type><Password ${alias(token('KeyStore', 'Password'))}>password</Password><KeyPassword ${alias(token('KeyStore', 'KeyPassword'))}>password</KeyPassword></KeyStore>` +
    `<TrustStore><Location>t.jks</Location><Type>JKS</Type><Password ${alias(token('TrustStore', 'Password'))}>password</Password></TrustStore></profile>`;
  const p1 = (s: 'KeyStore' | 'TrustStore', e: 'Password' | 'KeyPassword') => customSslProfileToken('Profile1', s, e);
  const mailXml = (transports: string) => `<axisconfig name="AxisJava2.0" xmlns:svns="${SECURE_VAULT_NS}">${transports}</axisconfig>`;
  const mailSender = `<transportSender name="mailto" class="org.apache.axis2.transport.mail.MailTransportSender"><parameter name="mail.smtp.user">synapse.demo.0</parameter><parameter name="mail.smtp.password" ${alias('Axis2.Mailto.Parameter.Password')}>password</parameter></transportSender>`;
  const profileCases: { what: string; xml: string; store?: SecretStore; expected: Record<string, (string | undefined)[]> }[] = [
    { what: 'a named profile of the https sender and the mailto sender\'s password, by their Carbon tokens',
      xml: mailXml(`<transportSender name="https" class="org.apache.synapse.transport.passthru.PassThroughHttpSSLSender"><parameter name="customSSLProfiles">${profile('Profile1', p1)}</parameter></transportSender>${mailSender}`),
      expected: { 'transportSender/https': ['p1-ks', 'p1-key', 'p1-ts'], 'transportSender/mailto': ['mail-pw'] } },
    { what: 'a profile without a name: its tokens are CustomSSLProfile.null.*, which nothing protects here',
      xml: mailXml(`<transportSender name="https" class="x"><parameter name="customSSLProfiles">${profile(undefined, p1)}</parameter></transportSender>`),
      expected: { 'transportSender/https': ['password', 'password', 'password'] } },
    { what: 'a receiver\'s customSSLProfiles use the Sender tokens too; its SSLProfiles and a receiver\'s mail.smtp.password are not read',
      xml: mailXml(`<transportReceiver name="https" class="x"><parameter name="customSSLProfiles">${profile('Profile1', p1)}</parameter></transportReceiver>` +
        `<transportReceiver name="ssl2" class="x"><parameter name="SSLProfiles">${profile('Profile1', p1)}</parameter><parameter name="mail.smtp.password" ${alias('Axis2.Mailto.Parameter.Password')}>password</parameter></transportReceiver>`),
      expected: { 'transportReceiver/https': ['p1-ks', 'p1-key', 'p1-ts'], 'transportReceiver/ssl2': ['password', 'password', 'password', 'password'] } },
    { what: 'Secure Vault not initialized (no secret-conf.properties): the placeholders stay', store: { initialized: false, resolve: () => '' },
      xml: mailXml(`<transportSender name="https" class="x"><parameter name="customSSLProfiles">${profile('Profile1', p1)}</parameter></transportSender>${mailSender}`),
      expected: { 'transportSender/https': ['password', 'password', 'password'], 'transportSender/mailto': ['password'] } },
  ];
  it.each(profileCases)('$what', ({ xml, store, expected }) => {
    const root = parseXml(xml);
    resolveAxis2Aliases(root, store ?? STORE);
    const got: Record<string, (string | undefined)[]> = {};
    for (const t of root.children) {
      const values: (string | undefined)[] = [];
      for (const param of childrenOf(t, 'parameter')) {
        if (param.attrs.name === 'mail.smtp.password') values.push(param.text);
        for (const prof of param.children.filter((c) => c.name === 'profile')) {
          values.push(textAt(prof, 'KeyStore', 'Password'), textAt(prof, 'KeyStore', 'KeyPassword'), textAt(prof, 'TrustStore', 'Password'));
        }
      }
      if (values.length > 0) got[`${t.name}/${t.attrs.name}`] = values;
    }
    expect(got).toEqual(expected);
  });
});
