// The private key a connection offers: read and checked once per file per run, and made quick to sign with.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParsedKey } from 'ssh2';
import type { SshSettings } from './ssh-settings.js';

type ParseKey = (data: Buffer, passphrase?: string) => ParsedKey | ParsedKey[] | Error;

/** Key files found usable in this run, parsed: hosts sharing a key read, check and prepare it once. */
const usableKeys = new Map<string, { passphrase: string | undefined; key: ParsedKey }>();

/**
 * ssh2 keeps a key as PEM text and hands that text to node's crypto at each signature, which parses it again:
 * ~4 ms of CPU per login here (0.3 ms with a parsed key object), 30 of them in a 30-host run. The same key, parsed
 * once, goes where the text was (ssh2's own field, found by its name; left as it is when not found).
 */
function prepareForSigning(key: ParsedKey): ParsedKey {
  const field = Object.getOwnPropertySymbols(key).find((sym) => sym.description === 'Private key PEM');
  const pem = field ? (key as unknown as Record<symbol, unknown>)[field] : undefined;
  if (field && typeof pem === 'string') (key as unknown as Record<symbol, unknown>)[field] = createPrivateKey(pem);
  return key;
}

/**
 * The key to offer: an explicit key must be usable (`fail` says why not); default keys are tried in turn and
 * skipped when absent or unusable.
 */
export function loadPrivateKey(parseKey: ParseKey, s: SshSettings, passphrase: string | undefined, fail: (reason: string) => Error): ParsedKey | undefined {
  for (const file of s.keyFiles) {
    const known = usableKeys.get(file);
    if (known && known.passphrase === passphrase) return known.key;
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch (e) {
      if (s.keyExplicit) throw fail(`cannot read private key ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const parsed = parseKey(buf, passphrase);
    // OpenSSH's format holds one key (ssh2 gives it as a list of one).
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (key instanceof Error || !key?.isPrivateKey()) {
      const message = key instanceof Error ? key.message : 'no private key in it';
      const why = /passphrase/i.test(message) && !passphrase ? 'it is encrypted: set CARBON_PLAY_SSH_PASSPHRASE' : message.replace(/^Cannot parse privateKey: /, '');
      if (s.keyExplicit) throw fail(`private key ${file} is not usable: ${why}`);
      continue;
    }
    usableKeys.set(file, { passphrase, key: prepareForSigning(key) });
    return key;
  }
  return undefined;
}
