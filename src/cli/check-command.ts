// `carbon-play check -i INV ...`: runs the project's playbooks/check.yaml over the inventory, contacting no host.
import { join } from 'node:path';
import { ExitCode } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import type { CliIo } from './parse-options.js';

/** The check playbook's location; its rules are plays of assert/fail tasks over hostvars and groups. */
export function checkPlaybookPath(root: string = projectRoot()): string {
  return join(root, 'playbooks', 'check.yaml');
}

/**
 * Options are the playbook command's (-i, -e, -l, -v, --json). A failed rule fails a host (exit 2):
 * for `check` that is a problem in the inventory, so it maps to the parse-error code, 4. `runCli` is the main command
 * (passed in, so that this file does not import the entry that imports it).
 */
export async function runCheckCommand(argv: string[], io: CliIo, runCli: (argv: string[], io: CliIo) => Promise<number>): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout('usage: carbon-play check -i INVENTORY [-i INVENTORY ...] [-e VARS]\n  validates the cluster described by the inventory (playbooks/check.yaml); exit 4 lists every problem\n');
    return ExitCode.ok;
  }
  const code = await runCli([checkPlaybookPath(), ...argv], io);
  return code === ExitCode.hostFailed ? ExitCode.parseError : code;
}
