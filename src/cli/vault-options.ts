// The vault options shared by every command (--vault-id, --vault-password-file, --ask-vault-pass) and their set-up.
import type { Command } from 'commander';
import { CarbonPlayError } from '../core/errors.js';
import type { Keyring } from '../vault/keyring.js';

export interface VaultCliOptions {
  vaultId: string[];
  vaultPasswordFile: string[];
  askVaultPass: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Ansible spells some of these two ways; commander takes one long name, so the other is rewritten first. */
const ALIASES: Record<string, string> = { '--ask-vault-password': '--ask-vault-pass', '--vault-pass-file': '--vault-password-file' };

export function normalizeVaultAliases(argv: string[]): string[] {
  return argv.map((a) => {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    return ALIASES[name] ? ALIASES[name] + (eq < 0 ? '' : a.slice(eq)) : a;
  });
}

export function addVaultOptions(p: Command): Command {
  return p
    .option('--vault-id <id>', 'vault identity LABEL@SOURCE (SOURCE: a password file, an executable, or prompt); repeatable', collect, [])
    .option('--vault-password-file <file>', 'vault password file, or an executable printing the password (repeatable)', collect, [])
    .option('-J, --ask-vault-pass', 'ask for the vault password', false);
}

/**
 * Reads every vault password (the options first, then ANSIBLE_VAULT_PASSWORD_FILE or the config's
 * vault_password_file, as Ansible adds the configured file to the given ones) and makes them the loaders' keyring.
 */
export async function setUpVault(o: VaultCliOptions, configured: { vaultPasswordFile?: string; vaultIdentityList?: string[] } = {}, opts: { promptWhenNone?: boolean; confirm?: boolean } = {}): Promise<Keyring> {
  // Loaded here, not at start-up: node:crypto only when a command runs.
  const { askSecret } = await import('../connection/ask-secret.js');
  const { createKeyring, setActiveKeyring } = await import('../vault/keyring.js');
  const { loadVaultSecrets } = await import('../vault/password-sources.js');
  const passwordFiles = [...o.vaultPasswordFile];
  if (configured.vaultPasswordFile && !passwordFiles.includes(configured.vaultPasswordFile)) passwordFiles.push(configured.vaultPasswordFile);
  const secrets = await loadVaultSecrets(
    { vaultIds: [...(configured.vaultIdentityList ?? []), ...o.vaultId], passwordFiles, askVaultPass: o.askVaultPass, ...opts },
    { ask: (prompt, option) => askSecret(prompt, option).catch((err: Error) => {
      // askSecret's hint is about SSH secrets; say where a vault password can come from instead.
      if (!/expected a terminal/.test(err.message)) throw err;
      throw new CarbonPlayError('options', `${option}: expected a terminal on stdin to ask for the vault password, got none (use --vault-password-file, --vault-id LABEL@FILE or ANSIBLE_VAULT_PASSWORD_FILE)`);
    }) },
  );
  const keyring = createKeyring(secrets);
  setActiveKeyring(keyring);
  return keyring;
}
