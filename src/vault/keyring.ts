// The vault secrets of a run: decrypts vault data with the right password and remembers every value it revealed.
import { CarbonPlayError } from '../core/errors.js';
import { decryptAes256, encryptAes256, prepareKeys } from './aes256.js';
import { formatEnvelope, isVaultText, parseEnvelope } from './envelope.js';

export interface VaultSecret {
  /** The vault id label (`default` unless `--vault-id LABEL@...` named one). */
  id: string;
  password: Buffer;
}

export interface Keyring {
  readonly secrets: readonly VaultSecret[];
  /** Plaintext of vault data. Throws a parse error (exit 4); the caller adds the file (and place) the data came from. */
  decrypt(text: string): { plaintext: Buffer; id: string };
  /** An envelope for `plaintext`, with the secret `encryptId` names (or the first one) and its label. */
  encrypt(plaintext: Buffer, encryptId?: string): string;
  /** Remembers values as secrets: they are masked wherever carbon-play prints. */
  markSecret(values: Iterable<string>): void;
  /** Every value decrypted from vault data so far (what renderers and error messages mask). */
  revealed(): string[];
}

export function createKeyring(secrets: VaultSecret[] = []): Keyring {
  const revealed = new Set<string>();
  return {
    secrets,
    decrypt(text) {
      if (!isVaultText(text)) throw new CarbonPlayError('parse', `expected vault data starting with '$ANSIBLE_VAULT', got other text`);
      const env = parseEnvelope(text);
      if (secrets.length === 0) {
        throw new CarbonPlayError('parse', `found vault-encrypted data but no vault password was given (use --vault-password-file, --vault-id or --ask-vault-pass)`);
      }
      for (const s of trialOrder(secrets, env.vaultId)) {
        const plaintext = decryptAes256(env.body, s.password);
        if (plaintext) return { plaintext, id: s.id };
      }
      throw new CarbonPlayError('parse', `decryption failed: no vault password given opens it (wrong password, or the data was altered)`);
    },
    encrypt(plaintext, encryptId) {
      const secret = encryptId === undefined ? secrets[0] : secrets.find((s) => s.id === encryptId);
      if (!secret) {
        throw new CarbonPlayError('options', encryptId === undefined
          ? 'expected a vault password to encrypt with, got none (use --vault-password-file, --vault-id or --ask-vault-pass)'
          : `--encrypt-vault-id: expected one of the given vault ids (${secrets.map((s) => s.id).join(', ') || 'none'}), got '${encryptId}'`);
      }
      if (isVaultText(plaintext.toString('latin1'))) throw new CarbonPlayError('options', 'expected plaintext to encrypt, got data that is already vault-encrypted');
      return formatEnvelope(encryptAes256(plaintext, secret.password), secret.id);
    },
    markSecret(values) {
      for (const v of values) if (v.trim() !== '') revealed.add(v);
    },
    revealed: () => [...revealed],
  };
}

/** As Ansible (vault_id_match off): the secrets labelled as the envelope first, then every other one. */
function trialOrder(secrets: readonly VaultSecret[], vaultId: string | undefined): VaultSecret[] {
  return [...secrets.filter((s) => s.id === vaultId), ...secrets.filter((s) => s.id !== vaultId)];
}

/** Vault data in a text: the whole text, or each `!vault` value's envelope (header, then lines of hex digits). */
const INLINE_ENVELOPE = /\$ANSIBLE_VAULT;[^\n]*\n(?:[ \t]*[0-9a-fA-F]+[ \t]*(?:\r?\n|$))+/g;

/**
 * Derives, on the thread pool, the keys that opening the vault data in `texts` will need first (the secret
 * keyring.decrypt tries first), so that a loader awaiting this while other work runs finds them ready.
 */
export async function prepareVaultKeys(texts: string[], keyring: Keyring = activeKeyring()): Promise<void> {
  if (keyring.secrets.length === 0) return;
  const envelopes = texts.flatMap((t) => (isVaultText(t) ? [t] : t.includes('$ANSIBLE_VAULT') ? [...t.matchAll(INLINE_ENVELOPE)].map((m) => m[0]) : []));
  await Promise.all(envelopes.map((text) => {
    try {
      const env = parseEnvelope(text);
      return prepareKeys(env.body, trialOrder(keyring.secrets, env.vaultId)[0]!.password);
    } catch {
      return undefined; // malformed: keyring.decrypt reports it where the data is used
    }
  }));
}

let active: Keyring = createKeyring();

/** The keyring loaders use: the command line sets it once its passwords are read, before anything is loaded. */
export function activeKeyring(): Keyring {
  return active;
}

export function setActiveKeyring(keyring: Keyring): void {
  active = keyring;
}
