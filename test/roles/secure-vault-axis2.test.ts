// secure_vault on axis2.xml passwords the products ship only in comments, once an operator enables them: the mailto
// sender's mail.smtp.password and the https sender's custom SSL profiles (inline and in their dynamicSSLProfilesConfig
// file), read back as Carbon's Axis2 and EI's Synapse read them; off again, as if never on.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecretStore } from '../../sandbox/carbon/server/secure-vault.js';
import { resolveAxis2Aliases } from '../../sandbox/carbon/server/secure-vault-xml.js';
import { readSenderSslProfiles } from '../../sandbox/carbon/server/ssl-profiles.js';
import { childAt, childrenOf, readXmlFile, textAt } from '../../sandbox/carbon/server/xml.js';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';
import { EI, INVENTORY, liveText, makeHome, site, xmlFiles } from './secure-vault-home.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('secure_vault role: axis2.xml mail and SSL profile passwords', () => {
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
