// Secure Vault in Carbon's XML files: svns:secretAlias resolved the way each reader of the file does it.
import { FatalError } from './log.js';
import { SECRET_MANAGER_CALLBACK_HANDLER, type SecretStore } from './secure-vault.js';
import type { XmlElement } from './xml.js';

export const SECURE_VAULT_NS = 'http://org.wso2.securevault/configuration';

const prefixOf = (qname: string) => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : undefined);
const localOf = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** Namespace bindings in scope at `el`, given its parent's. */
function scopeOf(el: XmlElement, parent: Map<string, string>): Map<string, string> {
  const own = Object.entries(el.qattrs ?? {}).filter(([k]) => k.startsWith('xmlns:'));
  if (own.length === 0) return parent;
  const scope = new Map(parent);
  for (const [k, v] of own) scope.set(k.slice(6), v);
  return scope;
}

/**
 * A namespace-aware parse (Xerces, as DataSourceUtils and the DOM readers use) refuses a prefix no ancestor binds,
 * with this message; a serializer that dropped the root's xmlns:svns makes every svns:secretAlias such a prefix.
 */
export function checkPrefixes(root: XmlElement, file: string, parent = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']])): void {
  const scope = scopeOf(root, parent);
  const qname = root.qname ?? root.name;
  const ep = prefixOf(qname);
  if (ep && ep !== 'xmlns' && !scope.has(ep)) throw new FatalError('DataSourceRepository', `${file}: The prefix "${ep}" for element "${qname}" is not bound.`);
  for (const a of Object.keys(root.qattrs ?? {})) {
    const ap = prefixOf(a);
    if (ap && ap !== 'xmlns' && !scope.has(ap)) {
      throw new FatalError('DataSourceRepository', `${file}: The prefix "${ap}" for attribute "${a}" associated with an element type "${qname}" is not bound.`);
    }
  }
  for (const c of root.children) checkPrefixes(c, file, scope);
}

/** The element's secretAlias attribute in the Secure Vault namespace (getAttributeNodeNS), if any. */
function aliasIn(el: XmlElement, scope: Map<string, string>): string | undefined {
  for (const [k, v] of Object.entries(el.qattrs ?? {})) {
    if (localOf(k) === 'secretAlias' && prefixOf(k) && scope.get(prefixOf(k) as string) === SECURE_VAULT_NS) return v;
  }
  return undefined;
}

/**
 * DataSourceUtils.secureLoadElement (checkSecureVault, as DataSourceManager reads the system datasource files): every
 * element with svns:secretAlias gets the resolved secret as its whole content, wherever it sits.
 */
export function resolveDataSourceAliases(root: XmlElement, store: SecretStore, parent = new Map<string, string>()): void {
  const scope = scopeOf(root, parent);
  const alias = aliasIn(root, scope);
  if (alias !== undefined) {
    root.text = store.resolve(alias);
    root.children = [];
  }
  for (const c of root.children) resolveDataSourceAliases(c, store, scope);
}

/** Protected tokens and their resolution, as SecretResolverFactory.create(root, true) builds them for one file. */
export interface FileResolver { isProtected(token: string): boolean; resolve(token: string): string }

const NOTHING_PROTECTED: FileResolver = { isProtected: () => false, resolve: () => '' };

/**
 * SecretResolverFactory.create(root, isCapLetter): the prefix the root binds to the Secure Vault namespace (none:
 * nothing is protected), the provider of a root <svns:SecureVault provider="..."/> (isCapLetter false, as axis2.xml's
 * reader asks: <svns:secureVault/>) or else carbon.secretProvider (a class it cannot make leaves the resolver
 * uninitialized), then every svns:secretAlias value and every "secretAlias:NAME" attribute value in the file as a
 * protected token. The Axiom reader visits every element too: Axiom 1.2.11's OMChildrenNamespaceIterator compares the
 * searched namespace with itself, so getChildrenWithNamespaceURI walks all children, not only svns ones.
 */
export function createFileResolver(root: XmlElement, store: SecretStore, isCapLetter = true): FileResolver {
  const prefix = Object.entries(root.qattrs ?? {}).find(([k, v]) => k.startsWith('xmlns:') && v.startsWith(SECURE_VAULT_NS))?.[0].slice(6);
  if (!prefix) return NOTHING_PROTECTED;
  const declared = root.children.find((c) => c.qname === `${prefix}:${isCapLetter ? 'SecureVault' : 'secureVault'}`)?.attrs.provider;
  const provider = declared ?? store.globalProvider;
  if (provider?.trim() !== SECRET_MANAGER_CALLBACK_HANDLER) return NOTHING_PROTECTED;
  const tokens = new Set<string>();
  const collect = (el: XmlElement) => {
    for (const [k, v] of Object.entries(el.qattrs ?? {})) {
      if (k === `${prefix}:secretAlias` && v !== '') tokens.add(v);
      const m = /^secretAlias:([^:]*)$/.exec(v);
      if (m) tokens.add(m[1]);
    }
    el.children.forEach(collect);
  };
  root.children.forEach(collect);
  return { isProtected: (t) => tokens.has(t), resolve: (t) => store.resolve(t) };
}

/**
 * ServerConfiguration.readChildElements (carbon.xml): an element's text is replaced when "Carbon." + its path below
 * the root (Security.KeyStore.Password) is a protected token. The alias written is only what makes the token
 * protected: an alias other than the element's own path protects nothing and the placeholder text is used.
 */
export function resolveServerConfigAliases(root: XmlElement, store: SecretStore, tokenPrefix = 'Carbon.'): void {
  const resolver = createFileResolver(root, store);
  const walk = (el: XmlElement, path: string[]) => {
    const token = tokenPrefix + path.join('.');
    if (el.text.trim() !== '' && resolver.isProtected(token)) el.text = resolver.resolve(token);
    for (const c of el.children) walk(c, [...path, c.name]);
  };
  for (const c of root.children) walk(c, [c.name]);
}

/**
 * RealmConfigXMLProcessor (user-mgt.xml): the admin password under token UserManager.AdminUser.Password, realm
 * properties under UserManager.Configuration.Property.NAME, user store properties under UserStoreManager.Property.NAME.
 */
export function resolveRealmAliases(root: XmlElement, store: SecretStore): void {
  const resolver = createFileResolver(root, store);
  const swap = (el: XmlElement | undefined, token: string) => { if (el && resolver.isProtected(token)) el.text = resolver.resolve(token); };
  for (const realm of root.children.filter((c) => c.name === 'Realm')) {
    const conf = realm.children.find((c) => c.name === 'Configuration');
    swap(conf?.children.find((c) => c.name === 'AdminUser')?.children.find((c) => c.name === 'Password'), 'UserManager.AdminUser.Password');
    for (const p of conf?.children.filter((c) => c.name === 'Property') ?? []) swap(p, `UserManager.Configuration.Property.${p.attrs.name ?? ''}`);
    for (const usm of realm.children.filter((c) => c.name === 'UserStoreManager')) {
      for (const p of usm.children.filter((c) => c.name === 'Property')) swap(p, `UserStoreManager.Property.${p.attrs.name ?? ''}`);
    }
  }
}

/**
 * ServerManager.resolveSecuredConfig (catalina-server.xml, only when SecretManager is initialized): an attribute's value
 * is replaced when the node names from the root down, then the attribute's (Server.Service.Connector.keystorePass),
 * form a protected token; every connector's attribute shares that one token.
 */
export function resolveCatalinaAliases(root: XmlElement, store: SecretStore): void {
  if (!store.initialized) return;
  const resolver = createFileResolver(root, store);
  const walk = (el: XmlElement, path: string) => {
    for (const a of Object.keys(el.qattrs ?? {})) {
      const token = `${path}.${a}`;
      if (!resolver.isProtected(token)) continue;
      const v = resolver.resolve(token);
      (el.qattrs as Record<string, string>)[a] = v;
      el.attrs[localOf(a)] = v;
    }
    for (const c of el.children) walk(c, `${path}.${c.qname ?? c.name}`);
  };
  walk(root, root.qname ?? root.name);
}

/** The fixed tokens of AxisConfigBuilder.resolveTransportPasswords, by transport direction (no mail token for receivers). */
const AXIS2_TOKENS = {
  transportReceiver: { keyStore: 'Axis2.Https.Listener.KeyStore.Password', key: 'Axis2.Https.Listener.KeyStore.KeyPassword', trustStore: 'Axis2.Https.Listener.TrustStore.Password', mail: undefined },
  transportSender: { keyStore: 'Axis2.Https.Sender.KeyStore.Password', key: 'Axis2.Https.Sender.KeyStore.KeyPassword', trustStore: 'Axis2.Https.Sender.TrustStore.Password', mail: 'Axis2.Mailto.Parameter.Password' },
} as const;

/** The token of a customSSLProfiles profile's password: "Sender" whatever the transport's direction, as Axis2 builds it. */
export const customSslProfileToken = (profile: string | undefined, store: 'KeyStore' | 'TrustStore', element: 'Password' | 'KeyPassword') =>
  `Axis2.Https.Sender.CustomSSLProfile.${profile ?? 'null'}.${store}.${element}`;

/**
 * AxisConfigBuilder.resolveTransportPasswords (Carbon 4.4's Axis2: the same code from wso2-axis2 1.6.1-wso2v12 to
 * wso2v35; EI 6.4.0 ships wso2v28), run for every transportReceiver and transportSender of axis2.xml whatever its
 * name, when the file's resolver (SecretResolverFactory.create(axisconfig, false)) is initialized, each password
 * replaced from a token that is protected somewhere in the file:
 * - the `keystore` parameter's first element's Password and KeyPassword, the `truststore` one's Password, by the
 *   direction's fixed token (Axis2.Https.Listener.* / Axis2.Https.Sender.*);
 * - every child element of a `customSSLProfiles` parameter (a profile) by its `name` attribute (Java's "null" when it
 *   has none): its KeyStore's Password and KeyPassword and its TrustStore's Password, by
 *   Axis2.Https.Sender.CustomSSLProfile.NAME.* (also for a receiver; a receiver's `SSLProfiles` is not read here);
 * - a sender's `mail.smtp.password` parameter by Axis2.Mailto.Parameter.Password (the parameter's value is set).
 * The alias an element carries only makes its token protected; an element is replaced by its place, not by its own alias.
 */
export function resolveAxis2Aliases(root: XmlElement, store: SecretStore): void {
  const resolver = createFileResolver(root, store, false);
  const swap = (el: XmlElement | undefined, token: string | undefined) => { if (el && token && resolver.isProtected(token)) { el.text = resolver.resolve(token); el.children = []; } };
  const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);
  for (const t of root.children) {
    const tokens = t.name === 'transportReceiver' || t.name === 'transportSender' ? AXIS2_TOKENS[t.name] : undefined;
    if (!tokens) continue;
    const paramOf = (name: string) => t.children.find((p) => p.name === 'parameter' && p.attrs.name === name);
    const ks = paramOf('keystore')?.children[0];
    swap(child(ks, 'Password'), tokens.keyStore);
    swap(child(ks, 'KeyPassword'), tokens.key);
    swap(child(paramOf('truststore')?.children[0], 'Password'), tokens.trustStore);
    for (const profile of paramOf('customSSLProfiles')?.children ?? []) {
      const name = profile.attrs.name;
      swap(child(child(profile, 'KeyStore'), 'Password'), customSslProfileToken(name, 'KeyStore', 'Password'));
      swap(child(child(profile, 'KeyStore'), 'KeyPassword'), customSslProfileToken(name, 'KeyStore', 'KeyPassword'));
      swap(child(child(profile, 'TrustStore'), 'Password'), customSslProfileToken(name, 'TrustStore', 'Password'));
    }
    swap(paramOf('mail.smtp.password'), tokens.mail);
  }
}
