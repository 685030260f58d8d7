// `carbon-play inventory ...`: parses ansible-inventory's options and hands them to runInventoryCommand.
import { Command, CommanderError } from 'commander';
import { commanderExit } from './report-error.js';
import type { CliIo } from './parse-options.js';
import { addVaultOptions, normalizeVaultAliases, setUpVault, type VaultCliOptions } from './vault-options.js';

export async function runInventoryCli(argv: string[], io: CliIo): Promise<number> {
  const p = new Command('carbon-play inventory')
    .description("Show the inventory as ansible-inventory does")
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .option('--list', 'all hosts and groups as JSON')
    .option('--host <name>', 'one host\'s variables as JSON')
    .option('--graph [group]', 'the group tree')
    .option('-l, --limit <pattern>', 'only these hosts');
  addVaultOptions(p)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    p.parse(normalizeVaultAliases(argv), { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    throw err;
  }
  const { readConfigFile } = await import('./config-file.js');
  const cfg = readConfigFile();
  await setUpVault(p.opts<VaultCliOptions>(), cfg);
  const { runInventoryCommand } = await import('./inventory-command.js');
  const opts = p.opts<{ inventory: string[] }>();
  // As ansible-inventory: without -i, the config's inventory (ANSIBLE_INVENTORY, inventory = ...).
  const inventory = opts.inventory.length > 0 ? opts.inventory : cfg.inventory ?? [];
  return runInventoryCommand({ ...opts, inventory }, (s) => io.stdout(s + '\n'), (s) => io.stderr(s + '\n'));
}
