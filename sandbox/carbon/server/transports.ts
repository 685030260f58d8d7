// The ports a Carbon 4.4 node opens and the key stores behind its TLS ones, read from the real files' places.
import { isAbsolute, join } from 'node:path';
import { childAt, childrenOf, textAt, type XmlElement } from './xml.js';

export interface KeyStoreRef { file: string; type: string; password: string; alias?: string; keyPassword?: string; where: string }
export interface Transport { name: string; port: number; tls?: KeyStoreRef }

/**
 * `${carbon.home}` and other `${system.property}` tokens, replaced as CarbonUtils.replaceSystemVariablesInXml does
 * (carbon.home plus every -D property); an unknown token stays as written.
 */
export function resolveTokens(s: string, home: string, props: Record<string, string>): string {
  return s.replace(/\$\{([\w.-]+)\}/g, (all, name: string) => (name === 'carbon.home' ? home : props[name] ?? all));
}

/** A key store path: relative ones (axis2.xml's) are under CARBON_HOME, as Carbon resolves them. */
const storePath = (p: string, home: string) => (isAbsolute(p) ? p : join(home, p));

/** carbon.xml Security/KeyStore: the primary key store Carbon loads at start (KeyStoreManager.getPrimaryKeyStore). */
export function readPrimaryKeyStore(carbon: XmlElement | undefined, home: string, props: Record<string, string>): KeyStoreRef | undefined {
  const ks = childAt(carbon, 'Security', 'KeyStore');
  const loc = textAt(ks, 'Location');
  if (!ks || !loc) return undefined;
  const t = (n: string) => { const v = textAt(ks, n); return v === undefined ? undefined : resolveTokens(v, home, props); };
  return {
    file: storePath(resolveTokens(loc, home, props), home), type: t('Type') ?? 'JKS', password: t('Password') ?? '',
    alias: t('KeyAlias'), keyPassword: t('KeyPassword'), where: 'carbon.xml Security/KeyStore',
  };
}

/**
 * Tomcat's connectors (catalina-server.xml) and EI's pass-through listeners (axis2.xml transportReceiver http/https),
 * each shifted by the offset as CarbonUtils.getPortFromServerConfig and the pass-through listener do. An https
 * connector serves TLS from its keystoreFile/keystorePass (Tomcat's defaults when absent, as Tomcat would).
 */
export function readTransports(catalina: XmlElement | undefined, axis2: XmlElement | undefined, offset: number, home: string, props: Record<string, string>): Transport[] {
  const out: Transport[] = [];
  const connectors = catalina ? childrenOf(childAt(catalina, 'Service'), 'Connector') : [];
  const list = connectors.length > 0 ? connectors : [
    // No catalina-server.xml: Carbon's default servlet ports.
    { name: 'Connector', attrs: { port: '9763' }, children: [], text: '' },
    { name: 'Connector', attrs: { port: '9443', SSLEnabled: 'true', keystoreFile: '${carbon.home}/repository/resources/security/wso2carbon.jks', keystorePass: 'wso2carbon' }, children: [], text: '' },
  ];
  for (const c of list) {
    const a = (n: string) => (c.attrs[n] === undefined ? undefined : resolveTokens(c.attrs[n], home, props));
    const port = Number(a('port')) + offset;
    const ssl = a('SSLEnabled') === 'true';
    out.push({
      name: `${ssl ? 'https' : 'http'}-nio-${port}`, port,
      tls: ssl ? { file: storePath(a('keystoreFile') ?? join(process.env.HOME ?? '/root', '.keystore'), home), type: a('keystoreType') ?? 'JKS',
        password: a('keystorePass') ?? 'changeit', alias: a('keyAlias'), where: `catalina-server.xml Connector port ${a('port')}` } : undefined,
    });
  }
  for (const r of childrenOf(axis2, 'transportReceiver')) {
    const cls = r.attrs.class ?? '';
    if (!/PassThroughHttp(SSL)?Listener$/.test(cls)) continue;
    const param = (n: string) => childrenOf(r, 'parameter').find((p) => p.attrs.name === n);
    const port = Number(param('port')?.text.trim()) + offset;
    const ks = childAt(param('keystore'), 'KeyStore');
    const ssl = cls.endsWith('SSLListener');
    const t = (n: string) => { const v = textAt(ks, n); return v === undefined ? undefined : resolveTokens(v, home, props); };
    out.push({
      name: `Pass-through ${ssl ? 'HTTPS' : 'HTTP'} Listener`, port,
      tls: ssl ? { file: storePath(t('Location') ?? '', home), type: t('Type') ?? 'JKS', password: t('Password') ?? '', keyPassword: t('KeyPassword'),
        where: `axis2.xml transportReceiver ${r.attrs.name} keystore` } : undefined,
    });
  }
  return out;
}
