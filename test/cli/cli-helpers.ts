// Runs runCli in-process with hand-built playbooks, test modules and the local test factory; captures stdout/stderr.
import { runCli, type CliDeps } from '../../src/cli/run-cli.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { Playbook } from '../../src/playbook/types.js';
import { testModules } from '../runner/helpers.js';
import { createLocalFactory } from '../runner/local-factory.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(argv: string[], pb: Playbook | (() => Promise<Playbook>), inv: Inventory, extra: CliDeps = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, {
    loadInventory: async () => inv,
    loadPlaybook: typeof pb === 'function' ? pb : async () => pb,
    findModule: (n) => testModules[n],
    connections: createLocalFactory(),
    signals: { on: () => process, off: () => process } as never,
    ...extra,
  });
  return { code, out, err };
}
