// Entry of the command line: subcommands, option parsing, and the mapping of every failure to an exit code.
import { CommanderError } from 'commander';
import { ExitCode } from '../core/errors.js';
import { parsePlaybookOptions, type CliIo } from './parse-options.js';
import type { CliDeps } from './play-command.js';
import { commanderExit, reportError } from './report-error.js';

export type { CliDeps } from './play-command.js';

type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

/** Subcommands load their code only when used: `--version` stays lean. */
const subcommands: Record<string, Subcommand> = {
  inventory: async (argv, io) => (await import('./inventory-cli.js')).runInventoryCli(argv, io),
  sandbox: async (argv) => (await import('./sandbox-command.js')).runSandboxCommand(argv),
  check: async (argv, io) => (await import('./check-command.js')).runCheckCommand(argv, io, runCli),
  vault: async (argv, io) => (await import('./vault-command.js')).runVaultCommand(argv, io),
};

export async function runCli(argv: string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  let verbosity = countVerbosity(argv);
  try {
    const sub = subcommands[argv[0] ?? ''];
    if (sub) return await sub(argv.slice(1), io);
    let opts;
    try {
      opts = parsePlaybookOptions(argv, io);
    } catch (err) {
      if (err instanceof CommanderError) return commanderExit(err);
      throw err;
    }
    verbosity = opts.verbose;
    if (opts.playbooks.length === 0) {
      io.stderr('error: expected at least one PLAYBOOK argument, got none (see --help)\n');
      return ExitCode.badOptions;
    }
    const { runPlaybookCommand } = await import('./play-command.js');
    return await runPlaybookCommand(opts, io, deps);
  } catch (err) {
    return reportError(err, io, verbosity, await redactVaultValues());
  }
}

/** Masks what vault data revealed, should an error quote a value. */
async function redactVaultValues(): Promise<(s: string) => string> {
  const { activeKeyring } = await import('../vault/keyring.js');
  const { createRedactor } = await import('../runner/redact.js');
  const redactor = createRedactor();
  redactor.add(activeKeyring().revealed());
  return redactor.redactText;
}

function countVerbosity(argv: string[]): number {
  return argv.reduce((n, a) => n + (/^-v+$/.test(a) ? a.length - 1 : a === '--verbose' ? 1 : 0), 0);
}
