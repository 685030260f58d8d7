// The stand-in on the real product files: every port Carbon opens shifted by the offset, TLS from the named key
// stores, and an operator's key store mistake failing the start as Carbon's does.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasFixtures } from './fixture-dist.js';
import { freeOffset, get, runServer, unpack, type Node } from './harness.js';

/** The key store's certificate as keytool (the JDK's own reader) exports it. */
const keytoolCert = (nd: Node, store = 'repository/resources/security/wso2carbon.jks') =>
  execFileSync('keytool', ['-exportcert', '-alias', 'wso2carbon', '-keystore', join(nd.home, store), '-storepass', 'wso2carbon']);

const withOffset = (offset: number) => (s: string) => s.replace('<Offset>0</Offset>', `<Offset>${offset}</Offset>`);

describe.skipIf(!hasFixtures)('ports and TLS on the real files', () => {
  it('AS: 9763+offset plain, 9443+offset TLS with the certificate of catalina-server.xml\'s key store', async () => {
    const nd = await unpack('as', { real: true, driver: false });
    const offset = await freeOffset();
    nd.edit('carbon.xml', withOffset(offset));
    const r = await runServer(nd);
    try {
      expect(r.log).toMatch(/WSO2 Carbon started in \d+ sec/);
      expect((await get(9763 + offset)).status).toBe(200);
      const tls = await get(9443 + offset, undefined, undefined, true);
      expect(tls.status).toBe(200);
      expect(tls.cert!.equals(keytoolCert(nd))).toBe(true);
      expect(r.log).toMatch(new RegExp(`Mgt Console URL  : https://[^:]+:${9443 + offset}/carbon/`));
    } finally { await r.stop(); }
  });

  it('EI: pass-through 8280+offset and 8243+offset (TLS) besides the servlet ports', async () => {
    const nd = await unpack('ei', { real: true, driver: false });
    const offset = await freeOffset();
    nd.edit('carbon.xml', withOffset(offset));
    const r = await runServer(nd);
    try {
      expect(r.log).toContain(`Pass-through HTTP Listener started on 0.0.0.0:${8280 + offset}`);
      expect(r.log).toContain(`Pass-through HTTPS Listener started on 0.0.0.0:${8243 + offset}`);
      expect((await get(8280 + offset, '/services')).status).toBe(200);
      const tls = await get(8243 + offset, '/services', undefined, true);
      expect(tls.status).toBe(200);
      expect(tls.cert!.equals(keytoolCert(nd))).toBe(true);
    } finally { await r.stop(); }
  });

  const mistakes: { what: string; file: string; edit: (s: string) => string; error: RegExp }[] = [
    { what: 'wrong keystorePass in catalina-server.xml', file: 'tomcat/catalina-server.xml', edit: (s) => s.replace('keystorePass="wso2carbon"', 'keystorePass="secret"'),
      error: /ERROR - Connector Failed to initialize https-nio-\d+ \(catalina-server\.xml Connector port 9443, key store .*wso2carbon\.jks\): java\.io\.IOException: Keystore was tampered with, or password was incorrect/ },
    { what: 'wrong primary key store password in carbon.xml', file: 'carbon.xml', edit: (s) => s.replace(/(<KeyStore>[\s\S]*?<Password>)wso2carbon(<\/Password>)/, '$1secret$2'),
      error: /ERROR - KeyStoreManager Error loading the primary key store .*wso2carbon\.jks \(carbon\.xml Security\/KeyStore\): java\.io\.IOException: Keystore was tampered with, or password was incorrect/ },
    { what: 'key store file missing', file: 'carbon.xml', edit: (s) => s.replace(/(<KeyStore>[\s\S]*?<Location>[^<]*)wso2carbon\.jks/, '$1missing.jks'),
      error: /java\.io\.FileNotFoundException: .*\/repository\/resources\/security\/missing\.jks \(No such file or directory\)/ },
  ];
  it.each(mistakes)('fails the start: $what', async ({ file, edit, error }) => {
    const nd = await unpack('as', { real: true, driver: false });
    const offset = await freeOffset();
    nd.edit('carbon.xml', withOffset(offset));
    nd.edit(file, edit);
    const r = await runServer(nd);
    await r.stop();
    expect(r.log).toMatch(error);
    expect(r.log).not.toMatch(/WSO2 Carbon started/);
    await expect(get(9763 + offset)).rejects.toThrow();
  });
});
