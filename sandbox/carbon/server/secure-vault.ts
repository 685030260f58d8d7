// Carbon 4.4's Secure Vault secret store: secret-conf.properties, the key store password, cipher-text.properties decrypted.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseJavaProperties } from './java-properties.js';
import { KeyStoreError, loadKeyStore } from './keystore.js';
import { FatalError } from './log.js';
import { CipherError, decryptRsa } from './rsa-cipher.js';

/** What org.wso2.securevault.secret.SecretManager holds after init. */
export interface SecretStore {
  /** False: no secret-conf.properties, no repository, or no key store password (SecretManager.init returns early). */
  initialized: boolean;
  /** carbon.secretProvider: the handler an XML file's resolver uses unless it names one (SecretResolverFactory.create). */
  globalProvider?: string;
  /**
   * A callback's answer: SecretManager.getSecret, which is FileBaseSecretRepository.getSecret (the alias itself when
   * it has no secret). Not initialized, the callback handlers leave the secret unset: null, an empty text.
   */
  resolve(alias: string): string;
}

export const SECRET_MANAGER_CALLBACK_HANDLER = 'org.wso2.securevault.secret.handler.SecretManagerSecretCallbackHandler';
const DEFAULT_SECRET_CALLBACK_HANDLER = 'org.wso2.carbon.securevault.DefaultSecretCallbackHandler';
const FILE_REPOSITORY_PROVIDER = 'org.wso2.securevault.secret.repository.FileBaseSecretRepositoryProvider';

const notInitialized = (globalProvider?: string): SecretStore => ({ initialized: false, globalProvider, resolve: () => '' });

/**
 * org.wso2.carbon.securevault.DefaultSecretCallbackHandler with no console (a daemon): the key store password from
 * CARBON_HOME/password (then renamed to password-tmp), else password-tmp (then overwritten and deleted), else
 * password-persist; -Dpersist.password=true leaves the file alone. With -Dkey.password=true the private key's
 * password is the second line; otherwise both are the first.
 */
export function readKeyStorePasswords(home: string, props: Record<string, string>): { store?: string; key?: string } {
  const persist = props['persist.password']?.trim() === 'true';
  const separateKey = props['key.password']?.trim() === 'true';
  for (const name of ['password', 'password-tmp', 'password-persist']) {
    const file = join(home, name);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    if (!persist && name === 'password') renameSync(file, join(home, 'password-tmp'));
    if (!persist && name === 'password-tmp') { writeFileSync(file, '!@#$%^&*()SDFGHJZXCVBNM!@#$%^&*'); rmSync(file); }
    return { store: lines[0], key: separateKey ? lines[1] : lines[0] };
  }
  return {};
}

/** A path in secret-conf.properties: relative ones are under the working directory, which wso2server.sh makes CARBON_HOME. */
const underHome = (p: string, home: string) => (isAbsolute(p) ? p : join(home, p));

interface Context { home: string; props: Record<string, string>; conf: Map<string, string> }

/**
 * SecretInformation.getResolvedSecret: with a secretProvider the handler answers for the callback id written as the
 * value (DefaultSecretCallbackHandler: "identity.key.password" gets the key's password, any other id the store's);
 * without one the value is the password itself. A handler class Carbon does not ship resolves nothing here.
 */
function resolveKeyStoreSecret(ctx: Context, prefix: string, passwords: () => { store?: string; key?: string }): string | undefined {
  const value = ctx.conf.get(`${prefix}.password`);
  const provider = ctx.conf.get(`${prefix}.secretProvider`)?.trim();
  if (!provider) return value;
  if (provider !== DEFAULT_SECRET_CALLBACK_HANDLER) return undefined;
  return value?.trim() === 'identity.key.password' ? passwords().key : passwords().store;
}

function once<T>(f: () => T): () => T {
  let done: { v: T } | undefined;
  return () => (done ??= { v: f() }).v;
}

/** FileBaseSecretRepository.init: every non-empty value of cipher-text.properties decrypted with the identity key. */
function loadFileRepository(ctx: Context, id: string, privateKey: () => string): Map<string, string> {
  const location = underHome(ctx.conf.get(`${id}.location`) ?? 'cipher-text.properties', ctx.home);
  const secrets = new Map<string, string>();
  if (!existsSync(location)) return secrets;
  const transformation = ctx.conf.get(`${id}.algorithm`) ?? 'RSA';
  for (const [alias, value] of parseJavaProperties(readFileSync(location, 'latin1'))) {
    if (value.trim() === '') continue;
    try {
      secrets.set(alias, decryptRsa(transformation, privateKey(), Buffer.from(value.trim(), 'base64')).toString('utf8'));
    } catch (e) {
      if (!(e instanceof CipherError)) throw e;
      // BaseCipher wraps Java's exception in a SecureVaultException that ends SecretManager.init and the start.
      throw new FatalError('SecretManager', `Cannot decrypt the secret of alias '${alias}' in ${location} (${transformation}): ${e.message}`);
    }
  }
  return secrets;
}

/**
 * SecretManagerInitializer.init, then SecretManager.init: CONF/security/secret-conf.properties (absent: nothing is
 * protected), the identity key store opened with the password its secretProvider gives, then each repository of
 * secretRepositories; aliases are looked up in the first (the parent of the chain).
 */
export function loadSecretStore(home: string, confDir: string, props: Record<string, string>): SecretStore {
  // Carbon reads it under carbon.config.dir.path (EI's script: conf/); the stand-in reads every config file from the
  // one folder layout.ts settles on, so a pack whose script names another folder still finds it beside carbon.xml.
  const file = join(confDir, 'security', 'secret-conf.properties');
  if (!existsSync(file)) return notInitialized();
  const ctx: Context = { home, props, conf: parseJavaProperties(readFileSync(file, 'latin1')) };
  const get = (k: string) => ctx.conf.get(k)?.trim() || undefined;
  const globalProvider = get('carbon.secretProvider');
  if ((get('secVault.enabled') ?? 'true').toLowerCase() !== 'true') return notInitialized();
  const repositories = (get('secretRepositories') ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  if (repositories.length === 0) return notInitialized(globalProvider);
  const passwords = once(() => readKeyStorePasswords(home, props));
  const location = get('keystore.identity.location');
  const storePass = location ? resolveKeyStoreSecret(ctx, 'keystore.identity.store', passwords) : undefined;
  const keyPass = location ? resolveKeyStoreSecret(ctx, 'keystore.identity.key', passwords) : undefined;
  // validatePasswords: without both identity passwords (or a trust store one) SecretManager stays uninitialized.
  if (!storePass || !keyPass) return notInitialized(globalProvider);
  const storeFile = underHome(location as string, home);
  // IdentityKeyStoreWrapper.init opens the store at once: a wrong password or a missing file ends the start here.
  const privateKey = once(() => {
    try {
      return loadKeyStore(storeFile, get('keystore.identity.type') ?? 'JKS', storePass, get('keystore.identity.alias'), keyPass).key as string;
    } catch (e) {
      if (!(e instanceof KeyStoreError)) throw e;
      throw new FatalError('SecretManager', `Error loading keyStore from ' ${storeFile} ' : ${e.message}`);
    }
  });
  privateKey();
  const maps = repositories.map((repo) => {
    const id = `secretRepositories.${repo}`;
    const provider = get(`${id}.provider`);
    if (!provider) throw new FatalError('SecretManager', 'Repository provider cannot be null ');
    if (provider !== FILE_REPOSITORY_PROVIDER) throw new FatalError('SecretManager', `A Secret Provider cannot be found for class name : ${provider}`);
    return loadFileRepository(ctx, id, privateKey);
  });
  const first = maps[0];
  return { initialized: true, globalProvider, resolve: (alias) => first.get(alias) || alias };
}
