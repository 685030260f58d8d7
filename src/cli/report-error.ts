// How the command line reports a failure: one line per error on stderr, and the exit code it maps to.
import type { CommanderError } from 'commander';
import { CarbonPlayError, ErrorList, ExitCode, exitCodeFor } from '../core/errors.js';
import type { CliIo } from './parse-options.js';

/** The exit code for commander's own exits (help, version, bad option). */
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
