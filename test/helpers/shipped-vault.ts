// The sandbox demo's vault password shipped with the example inventories (inventory/.vault-pass), for tests that load them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';

export const SHIPPED_VAULT_PASS = join(fileURLToPath(new URL('../..', import.meta.url)), 'inventory', '.vault-pass');

/** The command-line options a run of the shipped inventories takes. */
export const shippedVaultArgs = (): string[] => ['--vault-password-file', SHIPPED_VAULT_PASS];

/** For tests that call the inventory loader directly: the shipped password becomes the loaders' keyring. */
export function useShippedVault(): void {
  setActiveKeyring(createKeyring([{ id: 'default', password: Buffer.from(readFileSync(SHIPPED_VAULT_PASS, 'utf8').trim()) }]));
}
