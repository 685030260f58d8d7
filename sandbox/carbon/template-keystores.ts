// Key stores for the template pack (a real distribution brings its own): made with keytool, once per process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let made: { keyStore: Buffer; trustStore: Buffer } | undefined;

/**
 * wso2carbon.jks (alias wso2carbon, RSA 2048, self-signed) and client-truststore.jks holding its certificate, both
 * with WSO2's default password wso2carbon, as a distribution ships them.
 */
export function templateKeyStores(): { keyStore: Buffer; trustStore: Buffer } {
  if (made) return made;
  const dir = mkdtempSync(join(tmpdir(), 'cp-keystores-'));
  const kt = (...args: string[]) => {
    try { execFileSync('keytool', args, { stdio: 'pipe' }); } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
      throw new Error(err.code === 'ENOENT' ? 'pack: keytool is needed to make the pack\'s key stores (Debian: default-jre-headless; scripts/setup.sh installs it)'
        : `pack: keytool failed: ${err.stderr?.toString().trim() ?? err.message}`);
    }
  };
  try {
    const ks = join(dir, 'wso2carbon.jks');
    kt('-genkeypair', '-alias', 'wso2carbon', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', 'CN=localhost, O=carbon-play sandbox',
      '-keystore', ks, '-storetype', 'JKS', '-storepass', 'wso2carbon', '-keypass', 'wso2carbon');
    kt('-exportcert', '-alias', 'wso2carbon', '-keystore', ks, '-storepass', 'wso2carbon', '-file', join(dir, 'cert.der'));
    kt('-importcert', '-noprompt', '-alias', 'wso2carbon', '-file', join(dir, 'cert.der'), '-keystore', join(dir, 'client-truststore.jks'),
      '-storetype', 'JKS', '-storepass', 'wso2carbon');
    made = { keyStore: readFileSync(ks), trustStore: readFileSync(join(dir, 'client-truststore.jks')) };
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
