// Entry of the command line: subcommands, option parsing, and the mapping of every failure to an exit code.
import { CommanderError } from 'commander';
import { CarbonPlayError, ErrorList, ExitCode, exitCodeFor } from '../core/errors.js';
import type { Inventory } from '../inventory/types.js';
import type { ModuleDefinition } from '../modules/types.js';
import type { Playbook } from '../playbook/types.js';
import type { ConnectionFactory } from '../connection/types.js';
import { parsePlaybookOptions, type CliIo } from './parse-options.js';

/** What tests (and embedders) may replace; the defaults are the real loaders, registry and connections. */
export interface CliDeps {
  loadInventory?: (sources: string[]) => Promise<Inventory>;
  loadPlaybook?: (file: string, opts: { rolesPath: string[]; extraVars: Record<string, unknown> }) => Promise<Playbook>;
  findModule?: (name: string) => ModuleDefinition<any, any, any> | undefined;
  connections?: ConnectionFactory;
  /** --step's questions (a line from stdin by default). */
  askLine?: (prompt: string) => Promise<string>;
  /** Where SIGINT comes from (process by default). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

/** Subcommands load their code only when used: `--version` stays lean. */
const subcommands: Record<string, Subcommand> = {
  inventory: async (argv, io) => (await import('./inventory-cli.js')).runInventoryCli(argv, io),
  sandbox: async (argv) => (await import('./sandbox-command.js')).runSandboxCommand(argv),
  check: async (argv, io) => (await import('./check-command.js')).runCheckCommand(argv, io),
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

export function commanderExit(err: CommanderError): number {
  // commander has already written its one-line message (it names the option).
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
  return ExitCode.badOptions;
}

/** One line per error, no stack for user errors; unexpected errors show the stack only with -vvv. */
export function reportError(err: unknown, io: CliIo, verbosity: number, redact: (s: string) => string = (s) => s): number {
  if (err instanceof ErrorList) {
    for (const e of err.errors) io.stderr(`ERROR! ${redact(e.format())}\n`);
    return ExitCode.parseError;
  }
  if (err instanceof CarbonPlayError) {
    io.stderr(`ERROR! ${redact(err.format())}\n`);
    return exitCodeFor(err.kind);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr(`ERROR! unexpected error: ${redact(e.message)}\n`);
  if (verbosity >= 3 && e.stack) io.stderr(redact(e.stack) + '\n');
  return ExitCode.unexpected;
}

function countVerbosity(argv: string[]): number {
  return argv.reduce((n, a) => n + (/^-v+$/.test(a) ? a.length - 1 : a === '--verbose' ? 1 : 0), 0);
}
