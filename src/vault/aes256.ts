// Ansible Vault's AES256 cipher with Node's crypto: PBKDF2-SHA256 (10000 rounds) keys, AES-256-CTR, HMAC-SHA256.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { vaultFormatError } from './envelope.js';

const ROUNDS = 10000;
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const BLOCK = 16;

/*
 * PBKDF2 is most of what opening vault data costs (10,000 rounds, tens of ms). Keys derived in this process are
 * kept in memory, by the password's Buffer and the salt: data opened twice (a vars file read by two loaders)
 * derives once, and prepareKeys can derive them ahead, on libuv's thread pool, while the main thread does other work.
 */
const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>();

function keptKeys(password: Buffer): Map<string, Buffer> {
  let kept = derivedKeys.get(password);
  if (!kept) derivedKeys.set(password, (kept = new Map()));
  return kept;
}

/** 80 bytes from the password and salt: the AES key, the HMAC key, then the counter's start. */
function deriveKeys(password: Buffer, salt: Buffer): { aesKey: Buffer; hmacKey: Buffer; iv: Buffer } {
  const kept = keptKeys(password);
  let derived = kept.get(salt.toString('hex'));
  if (!derived) kept.set(salt.toString('hex'), (derived = pbkdf2Sync(password, salt, ROUNDS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256')));
  return { aesKey: derived.subarray(0, KEY_LENGTH), hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH), iv: derived.subarray(2 * KEY_LENGTH) };
}

/**
 * Derives off the main thread the keys decryptAes256(body, password) will need. Resolves when they are kept
 * (never rejects: malformed data or a failure is left for decryptAes256 to meet and report).
 */
export function prepareKeys(body: string, password: Buffer): Promise<void> {
  let salt: Buffer;
  try {
    salt = splitBody(body).salt;
  } catch {
    return Promise.resolve();
  }
  const kept = keptKeys(password);
  if (kept.has(salt.toString('hex'))) return Promise.resolve();
  return new Promise((resolve) => {
    pbkdf2(password, salt, ROUNDS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256', (err, derived) => {
      if (!err && !kept.has(salt.toString('hex'))) kept.set(salt.toString('hex'), derived);
      resolve();
    });
  });
}

/** The envelope body for `plaintext`: hex of `hex(salt)\nhex(hmac)\nhex(ciphertext)`. The salt is random unless given. */
export function encryptAes256(plaintext: Buffer, password: Buffer, salt: Buffer = randomBytes(32)): string {
  const { aesKey, hmacKey, iv } = deriveKeys(password, salt);
  // Ansible pads to the AES block with PKCS#7 even though CTR needs no padding; the bytes must match.
  const pad = BLOCK - (plaintext.length % BLOCK);
  const padded = Buffer.concat([plaintext, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-ctr', aesKey, iv);
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest('hex');
  const inner = [salt.toString('hex'), hmac, ciphertext.toString('hex')].join('\n');
  return Buffer.from(inner, 'latin1').toString('hex');
}

/**
 * The plaintext of an envelope body, or undefined when this password's HMAC does not match (a wrong password
 * and tampered data look the same, by design). Throws a parse error when the body is not vault data at all.
 */
export function decryptAes256(body: string, password: Buffer): Buffer | undefined {
  const { salt, hmac, ciphertext } = splitBody(body);
  const { aesKey, hmacKey, iv } = deriveKeys(password, salt);
  const expected = createHmac('sha256', hmacKey).update(ciphertext).digest();
  if (hmac.length !== expected.length || !timingSafeEqual(hmac, expected)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', aesKey, iv);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > padded.length || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw vaultFormatError('expected PKCS#7 padding after decryption, got none');
  }
  return padded.subarray(0, padded.length - pad);
}

function splitBody(body: string): { salt: Buffer; hmac: Buffer; ciphertext: Buffer } {
  const inner = unhex(body, 'the body').toString('latin1');
  const parts = inner.split('\n');
  if (parts.length !== 3) throw vaultFormatError(`expected salt, HMAC and ciphertext on three lines, got ${parts.length}`);
  const [salt, hmac, ciphertext] = parts.map((p, i) => unhex(p, ['the salt', 'the HMAC', 'the ciphertext'][i]!));
  if (ciphertext!.length === 0 || ciphertext!.length % BLOCK !== 0) throw vaultFormatError(`expected whole AES blocks of ciphertext, got ${ciphertext!.length} bytes`);
  return { salt: salt!, hmac: hmac!, ciphertext: ciphertext! };
}

function unhex(text: string, what: string): Buffer {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw vaultFormatError(`expected hexadecimal digits in ${what}, got other characters`);
  return Buffer.from(text, 'hex');
}
