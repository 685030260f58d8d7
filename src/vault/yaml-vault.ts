// `!vault |` values and vault-encrypted YAML files, for every loader: the YAML options and the file reader.
import { readFileSync } from 'node:fs';
import { parse, type ScalarTag } from 'yaml';
import { pyYamlOptions } from '../core/pyyaml-scalars.js';
import { CarbonPlayError } from '../core/errors.js';
import { isVaultText } from './envelope.js';
import { activeKeyring, type Keyring } from './keyring.js';

/** The `!vault` tag: its scalar is decrypted as the document is composed; a failure becomes a YAML error at the value. */
export function createVaultTag(keyring: Keyring = activeKeyring()): ScalarTag {
  return {
    tag: '!vault',
    resolve(text: string, onError: (message: string) => void): string {
      try {
        const value = keyring.decrypt(text.trim()).plaintext.toString('utf8');
        keyring.markSecret([value]);
        return value;
      } catch (err) {
        onError(`!vault value: ${err instanceof Error ? err.message : String(err)}`);
        return '';
      }
    },
  };
}

/**
 * Options to spread into yaml's parseDocument/parse: YAML 1.1's scalars as PyYAML reads them for Ansible (yes/no,
 * `0755`...) and the `!vault` tag bound to the active keyring. With `open: false` the tag is only recognised (its
 * text kept), for a first look at a file that decrypts nothing.
 */
export function vaultYamlOptions(o: { open?: boolean } = {}): ReturnType<typeof pyYamlOptions> {
  const vault: ScalarTag = o.open === false ? { tag: '!vault', resolve: (text: string) => text } : createVaultTag(activeKeyring());
  return pyYamlOptions([vault]);
}

/** True for the yaml error code a `!vault` failure produces, whose message is kept as it is. */
export function isVaultYamlError(code: string): boolean {
  return code === 'TAG_RESOLVE_FAILED';
}

/**
 * A YAML source's text: vault-encrypted files are decrypted with the active keyring (a wrong password is a parse
 * error; the caller names the file), and every value in them becomes a secret.
 */
export function readYamlText(file: string, keyring: Keyring = activeKeyring()): string {
  return openVaultedText(readFileSync(file, 'utf8'), keyring);
}

/** The plaintext of `text` when it is vault data, else `text` itself. */
export function openVaultedText(text: string, keyring: Keyring = activeKeyring()): string {
  if (!isVaultText(text)) return text;
  const plain = keyring.decrypt(text).plaintext.toString('utf8');
  keyring.markSecret(leafStrings(safeParse(plain, keyring)).filter((v) => !PLAIN_WORDS.test(v)));
  return plain;
}

/** Words that are YAML 1.1 booleans or null: never a secret, and masking them would hide ordinary output. */
const PLAIN_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

function safeParse(text: string, keyring: Keyring): unknown {
  try {
    // Read as the loaders read it: what is masked is the value they print (`0755` is 493, `1_000` is 1000).
    return parse(text, pyYamlOptions([createVaultTag(keyring)]));
  } catch {
    return text; // not YAML: the loader reports it; mask the whole text meanwhile
  }
}

/** Every string and number under a value: what a vault file reveals. */
function leafStrings(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leafStrings);
  return [];
}
