// The vault envelope: `$ANSIBLE_VAULT;1.1;AES256` (or `;1.2;AES256;LABEL`) over hex lines of 80 characters.
import { CarbonPlayError } from '../core/errors.js';

export const VAULT_HEADER = '$ANSIBLE_VAULT';

export interface VaultEnvelope {
  version: string;
  cipher: string;
  /** The label of a 1.2 envelope; undefined for 1.1. */
  vaultId?: string;
  /** The hex body, lines joined. */
  body: string;
}

/** Vault data starts with the header, as Ansible's is_encrypted tests it (leading whitespace is not vault data). */
export function isVaultText(text: string): boolean {
  return text.startsWith(VAULT_HEADER);
}

/** Throws a parse error when the header or body is malformed. */
export function parseEnvelope(text: string): VaultEnvelope {
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.trim().split(';').map((p) => p.trim());
  if (header[0] !== VAULT_HEADER || header.length < 3) {
    throw vaultFormatError(`expected a header '$ANSIBLE_VAULT;1.1;AES256', got '${lines[0]!.slice(0, 60)}'`);
  }
  const [, version, cipher, vaultId] = header as [string, string, string, string | undefined];
  if (version !== '1.1' && version !== '1.2') throw vaultFormatError(`expected format version 1.1 or 1.2, got '${version}'`);
  if (cipher !== 'AES256') throw vaultFormatError(`expected cipher AES256, got '${cipher}'`);
  const body = lines.slice(1).map((l) => l.trim()).join('');
  return { version, cipher, ...(vaultId ? { vaultId } : {}), body };
}

/** Ansible's format_vaulttext_envelope: a label other than `default` makes the envelope 1.2; ends with a newline. */
export function formatEnvelope(body: string, vaultId?: string): string {
  const labelled = vaultId !== undefined && vaultId !== '' && vaultId !== 'default';
  const header = labelled ? `${VAULT_HEADER};1.2;AES256;${vaultId}` : `${VAULT_HEADER};1.1;AES256`;
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  return lines.join('\n') + '\n';
}

/** The callers add the file (and place) the data came from. */
export function vaultFormatError(reason: string): CarbonPlayError {
  return new CarbonPlayError('parse', `vault format error: ${reason}`);
}
