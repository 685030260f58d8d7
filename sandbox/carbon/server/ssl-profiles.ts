// The https sender's custom SSL profiles as EI's Synapse reads them, Secure Vault aliases included.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createFileResolver, SECURE_VAULT_NS } from './secure-vault-xml.js';
import type { SecretStore } from './secure-vault.js';
import { childAt, readXmlFile, textAt, type XmlElement } from './xml.js';

/** A password null when Synapse gets none (an alias nothing protects): the key store load then fails in Java. */
export interface ProfileStore { location: string; type: string; password: string | null; keyPassword?: string | null }
export interface SenderSslProfile { servers: string[]; keyStore?: ProfileStore; trustStore?: ProfileStore }

/** Each element's secretAlias in the Secure Vault namespace, whichever ancestor binds its prefix (Axiom's getAttribute(QName)). */
function aliasesIn(el: XmlElement, out = new Map<XmlElement, string>(), scope = new Map<string, string>()): Map<XmlElement, string> {
  const own = Object.entries(el.qattrs ?? {});
  const inner = new Map(scope);
  for (const [k, v] of own) if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
  const alias = own.find(([k]) => k.endsWith(':secretAlias') && inner.get(k.slice(0, -':secretAlias'.length)) === SECURE_VAULT_NS)?.[1];
  if (alias !== undefined && alias !== '') out.set(el, alias);
  for (const c of el.children) aliasesIn(c, out, inner);
  return out;
}

/**
 * ClientConnFactoryBuilder.getCustomSSLContexts (wso2-synapse 2.1.7-wso2v80, EI 6.4.0's) for one transportSender of
 * axis2.xml: loadDynamicSSLConfig puts the root of the `dynamicSSLProfilesConfig` parameter's filePath file (below
 * user.dir, CARBON_HOME for the start script) in place of an inline `customSSLProfiles`; the resolver is
 * SecretResolverFactory.create(profilesElement, true), which climbs to the document's root (org.wso2.securevault as
 * carbon-secvault's 1.x import, f697a91, has it): the root's svns binding, a root <svns:SecureVault provider> or else
 * carbon.secretProvider. getSecureVaultValue: an element with svns:secretAlias gets that alias's secret when the
 * resolver protects it, else null; without an alias, its text (as Axis2 may already have replaced it in axis2.xml).
 */
export function readSenderSslProfiles(axis2: XmlElement, sender: XmlElement, home: string, store: SecretStore): SenderSslProfile[] {
  const param = (name: string) => sender.children.find((p) => p.name === 'parameter' && p.attrs.name === name);
  let doc = axis2;
  let profiles = param('customSSLProfiles');
  const path = textAt(param('dynamicSSLProfilesConfig'), 'filePath');
  if (path !== undefined) {
    const full = isAbsolute(path) ? path : join(home, path);
    if (!existsSync(full)) throw new Error(`FileNotFoundException - Could not load customSSLProfiles from file path: ${path}`);
    doc = readXmlFile(full);
    profiles = doc;
  }
  if (!profiles) return [];
  const resolver = createFileResolver(doc, store, true);
  const aliases = aliasesIn(doc);
  const value = (el: XmlElement | undefined): string | null | undefined => {
    if (!el) return undefined;
    const alias = aliases.get(el);
    if (alias === undefined) return el.text;
    return resolver.isProtected(alias) ? resolver.resolve(alias) : null;
  };
  const storeOf = (el: XmlElement | undefined, withKey: boolean): ProfileStore | undefined => el && {
    location: textAt(el, 'Location') ?? '', type: textAt(el, 'Type') ?? '', password: value(childAt(el, 'Password')) ?? null,
    ...(withKey ? { keyPassword: value(childAt(el, 'KeyPassword')) ?? null } : {}),
  };
  return profiles.children.filter((p) => p.name === 'profile').map((p) => ({
    servers: (textAt(p, 'servers') ?? '').split(',').map((s) => s.trim()),
    keyStore: storeOf(childAt(p, 'KeyStore'), true), trustStore: storeOf(childAt(p, 'TrustStore'), false),
  }));
}
