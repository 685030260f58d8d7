// Reads a Java key store (JKS, or PKCS12) as the JVM's KeyStore.load does, for the TLS ports: key, chain, password check.
import { createHash, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

export interface TlsIdentity { key?: string; cert?: string; pfx?: Buffer; passphrase?: string; alias: string }

/** A key store failure, with the JVM's own exception text (Carbon logs these). */
export class KeyStoreError extends Error {}

const TAMPERED = 'java.io.IOException: Keystore was tampered with, or password was incorrect';

/** Java's password bytes for JKS: each char as two big-endian bytes. */
function passwordBytes(p: string): Buffer {
  const b = Buffer.alloc(p.length * 2);
  for (let i = 0; i < p.length; i++) b.writeUInt16BE(p.charCodeAt(i), i * 2);
  return b;
}

/** A DER TLV at `at`: its content's start and end. */
function der(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  return { tag, start, end: start + len };
}

/** Sun's JKS key protection: a SHA-1 keystream over the password and a salt, then a SHA-1 check of the plain key. */
function unprotectKey(info: Buffer, password: string, alias: string): Buffer {
  // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
  const outer = der(info, 0);
  const alg = der(info, outer.start);
  const data = der(info, alg.end);
  const blob = info.subarray(data.start, data.end);
  const salt = blob.subarray(0, 20);
  const enc = blob.subarray(20, blob.length - 20);
  const check = blob.subarray(blob.length - 20);
  const pw = passwordBytes(password);
  const plain = Buffer.alloc(enc.length);
  let digest: Buffer = Buffer.from(salt);
  for (let i = 0; i < enc.length; i += 20) {
    digest = createHash('sha1').update(pw).update(digest).digest();
    for (let j = 0; j < 20 && i + j < enc.length; j++) plain[i + j] = enc[i + j] ^ digest[j];
  }
  if (!createHash('sha1').update(pw).update(plain).digest().equals(check)) {
    throw new KeyStoreError(`java.security.UnrecoverableKeyException: Cannot recover key (alias ${alias})`);
  }
  return plain;
}

const pem = (label: string, body: Buffer) => `-----BEGIN ${label}-----\n${body.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;

function readJks(raw: Buffer, password: string, alias: string | undefined, keyPassword: string): TlsIdentity {
  // KeyStore.load checks the whole file's SHA-1 (password + "Mighty Aphrodite" + content) before anything else.
  const body = raw.subarray(0, raw.length - 20);
  const digest = createHash('sha1').update(passwordBytes(password)).update('Mighty Aphrodite', 'utf8').update(body).digest();
  if (!digest.equals(raw.subarray(raw.length - 20))) throw new KeyStoreError(TAMPERED);
  const version = raw.readUInt32BE(4);
  const count = raw.readUInt32BE(8);
  let p = 12;
  const utf = () => { const n = raw.readUInt16BE(p); const s = raw.subarray(p + 2, p + 2 + n).toString('utf8'); p += 2 + n; return s; };
  const cert = () => { if (version === 2) utf(); const n = raw.readUInt32BE(p); const c = raw.subarray(p + 4, p + 4 + n); p += 4 + n; return c; };
  for (let i = 0; i < count; i++) {
    const tag = raw.readUInt32BE(p); p += 4;
    const name = utf(); p += 8;
    if (tag === 2) { cert(); continue; }
    const n = raw.readUInt32BE(p); const info = raw.subarray(p + 4, p + 4 + n); p += 4 + n;
    const chain: Buffer[] = [];
    const chainLen = raw.readUInt32BE(p); p += 4;
    for (let c = 0; c < chainLen; c++) chain.push(cert());
    if (alias !== undefined && name !== alias.toLowerCase()) continue;
    const pkcs8 = unprotectKey(Buffer.from(info), keyPassword, name);
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }) as string;
    return { key, cert: chain.map((c) => pem('CERTIFICATE', c)).join(''), alias: name };
  }
  throw new KeyStoreError(`java.security.KeyStoreException: no private key entry${alias ? ` with alias ${alias}` : ''} in the key store`);
}

/** Loads the store at `path` of `type` (JKS or PKCS12) with its password; the key's own password defaults to it. */
export function loadKeyStore(path: string, type: string, password: string, alias?: string, keyPassword = password): TlsIdentity {
  if (!existsSync(path)) throw new KeyStoreError(`java.io.FileNotFoundException: ${path} (No such file or directory)`);
  const raw = readFileSync(path);
  if (type.toUpperCase() === 'PKCS12') return { pfx: raw, passphrase: password, alias: alias ?? '' };
  if (raw.length < 32 || raw.readUInt32BE(0) !== 0xfeedfeed) throw new KeyStoreError('java.io.IOException: Invalid keystore format');
  return readJks(raw, password, alias, keyPassword);
}
