// `carbon-play inventory ...`: parses ansible-inventory's options and hands them to runInventoryCommand.
import { Command, CommanderError } from 'commander';
import { commanderExit } from './report-error.js';
import type { CliIo } from './parse-options.js';

export async function runInventoryCli(argv: string[], io: CliIo): Promise<number> {
  const p = new Command('carbon-play inventory')
    .description("Show the inventory as ansible-inventory does")
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .option('--list', 'all hosts and groups as JSON')
    .option('--host <name>', 'one host\'s variables as JSON')
    .option('--graph [group]', 'the group tree')
    .option('-l, --limit <pattern>', 'only these hosts')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    p.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    throw err;
  }
  const { runInventoryCommand } = await import('./inventory-command.js');
  return runInventoryCommand(p.opts(), (s) => io.stdout(s + '\n'), (s) => io.stderr(s + '\n'));
}
