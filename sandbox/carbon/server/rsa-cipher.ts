// RSA as javax.crypto.Cipher does it for the transformations Secure Vault names (SunJCE's RSACipher): PKCS#1 v1.5 and OAEP.
import { constants, createHash, privateDecrypt, publicEncrypt, randomBytes, type KeyLike } from 'node:crypto';

type Padding = { kind: 'pkcs1' } | { kind: 'none' } | { kind: 'oaep'; hash: string };

/** A Java exception's own text: Carbon logs these when a cipher text does not decrypt. */
export class CipherError extends Error {}

const OAEP = /^OAEPWITH(SHA-?1|SHA-224|SHA-256|SHA-384|SHA-512)ANDMGF1PADDING$/;

/**
 * "RSA" alone is RSA/ECB/PKCS1Padding in SunJCE; the mode must be ECB (NONE has no provider); names are case-insensitive. In
 * OAEPWith<digest>AndMGF1Padding the digest is OAEP's only: MGF1 stays SHA-1 (RSACipher's default OAEPParameterSpec).
 */
export function parseTransformation(transformation: string): Padding {
  const parts = transformation.trim().toUpperCase().split('/');
  const bad = () => new CipherError(`java.security.NoSuchAlgorithmException: Cannot find any provider supporting ${transformation.trim()}`);
  if (parts[0] !== 'RSA' || (parts.length !== 1 && parts.length !== 3)) throw bad();
  if (parts.length === 1) return { kind: 'pkcs1' };
  if (parts[1] !== 'ECB') throw bad();
  if (parts[2] === 'PKCS1PADDING') return { kind: 'pkcs1' };
  if (parts[2] === 'NOPADDING') return { kind: 'none' };
  if (parts[2] === 'OAEPPADDING') return { kind: 'oaep', hash: 'sha1' };
  const m = OAEP.exec(parts[2]);
  if (!m) throw bad();
  return { kind: 'oaep', hash: m[1].replace('-', '').toLowerCase() };
}

function mgf1(seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0, got = 0; got < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash('sha1').update(seed).update(c).digest();
    out.push(block);
    got += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((v, i) => v ^ b[i]));
const decryptionError = () => new CipherError('javax.crypto.BadPaddingException: Decryption error');

function unpadPkcs1(em: Buffer): Buffer {
  if (em[0] !== 0 || em[1] !== 2) throw decryptionError();
  const zero = em.indexOf(0, 2);
  if (zero < 10) throw decryptionError();
  return em.subarray(zero + 1);
}

function unpadOaep(em: Buffer, hash: string): Buffer {
  const lHash = createHash(hash).digest();
  const h = lHash.length;
  if (em.length < 2 * h + 2 || em[0] !== 0) throw decryptionError();
  const maskedSeed = em.subarray(1, 1 + h);
  const maskedDb = em.subarray(1 + h);
  const seed = xor(maskedSeed, mgf1(maskedDb, h));
  const db = xor(maskedDb, mgf1(seed, maskedDb.length));
  if (!db.subarray(0, h).equals(lHash)) throw decryptionError();
  const one = db.indexOf(1, h);
  if (one < 0 || db.subarray(h, one).some((b) => b !== 0)) throw decryptionError();
  return db.subarray(one + 1);
}

function padOaep(message: Buffer, k: number, hash: string): Buffer {
  const lHash = createHash(hash).digest();
  const h = lHash.length;
  if (message.length > k - 2 * h - 2) throw new CipherError(`javax.crypto.IllegalBlockSizeException: Data must not be longer than ${k - 2 * h - 2} bytes`);
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * h - 2), Buffer.from([1]), message]);
  const seed = randomBytes(h);
  const maskedDb = xor(db, mgf1(seed, db.length));
  return Buffer.concat([Buffer.from([0]), xor(seed, mgf1(maskedDb, h)), maskedDb]);
}

/** The modulus length in bytes: a raw RSA operation takes and gives exactly that many. */
function modulusBytes(key: KeyLike): number {
  const probe = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(0));
  return probe.length;
}

/** Cipher.getInstance(transformation).init(DECRYPT_MODE, privateKey).doFinal(cipherText). */
export function decryptRsa(transformation: string, privateKey: KeyLike, cipherText: Buffer): Buffer {
  const padding = parseTransformation(transformation);
  const k = modulusBytes(privateKey);
  if (cipherText.length > k) throw new CipherError(`javax.crypto.IllegalBlockSizeException: Data must not be longer than ${k} bytes`);
  // Node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809): the raw operation, then the padding checked here.
  const block = Buffer.concat([Buffer.alloc(k - cipherText.length), cipherText]);
  let em: Buffer;
  try { em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block); } catch { throw decryptionError(); }
  if (padding.kind === 'none') return em;
  return padding.kind === 'pkcs1' ? unpadPkcs1(em) : unpadOaep(em, padding.hash);
}

/** Cipher.getInstance(transformation).init(ENCRYPT_MODE, certificate).doFinal(plain), as the cipher tool encrypts. */
export function encryptRsa(transformation: string, publicKey: KeyLike, plain: Buffer): Buffer {
  const padding = parseTransformation(transformation);
  if (padding.kind === 'pkcs1') return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plain);
  const k = modulusBytes(publicKey);
  const em = padding.kind === 'none' ? Buffer.concat([Buffer.alloc(k - plain.length), plain]) : padOaep(plain, k, padding.hash);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em);
}
