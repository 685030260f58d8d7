// Running playbooks from the command line: load and validate everything, list or run, render, map to an exit code.
import { dirname, join, resolve } from 'node:path';
import { CarbonPlayError, ErrorList, ExitCode } from '../core/errors.js';
import type { Playbook } from '../playbook/types.js';
import { chooseOutputMode, createRenderer } from '../output/create-renderer.js';
import { createRedactor, findSecretValues } from '../runner/redact.js';
import { runPlaybook } from '../runner/run-playbook.js';
import { projectRoot } from '../core/paths.js';
import { askSecret } from '../connection/ask-secret.js';
import { readConfigFile } from './config-file.js';
import { parseExtraVars } from './extra-vars.js';
import { formatPlaybookListing } from './list-play.js';
import type { CliIo, PlaybookCliOptions } from './parse-options.js';
import { reportError } from './report-error.js';
import type { Inventory } from '../inventory/types.js';
import type { ModuleDefinition } from '../modules/types.js';
import type { ConnectionFactory } from '../connection/types.js';

/** What tests (and embedders) may replace; the defaults are the real loaders, registry and connections. */
export interface CliDeps {
  loadInventory?: (sources: string[]) => Promise<Inventory>;
  loadPlaybook?: (file: string, opts: { rolesPath: string[]; extraVars: Record<string, unknown> }) => Promise<Playbook>;
  findModule?: (name: string) => ModuleDefinition<any, any, any> | undefined;
  connections?: ConnectionFactory;
  /** Where SIGINT comes from (process by default). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export async function runPlaybookCommand(o: PlaybookCliOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const extraVars = await parseExtraVars(o.extraVars);
  if (o.inventory.length === 0) throw new CarbonPlayError('options', 'expected -i/--inventory INVENTORY, got none');
  const loadInventory = deps.loadInventory ?? (await import('../inventory/load-inventory.js')).loadInventory;
  const loadPlaybook = deps.loadPlaybook ?? (await import('../playbook/load-playbook.js')).loadPlaybook;
  const inventory = await loadInventory(o.inventory);
  // Every playbook is loaded and validated before any host is contacted; all their errors are reported together.
  const playbooks: Playbook[] = [];
  const errors: CarbonPlayError[] = [];
  for (const file of o.playbooks) {
    try {
      playbooks.push(await loadPlaybook(file, { rolesPath: [join(dirname(resolve(file)), 'roles'), join(projectRoot(), 'roles')], extraVars }));
    } catch (err) {
      if (err instanceof ErrorList) errors.push(...err.errors);
      else throw err;
    }
  }
  if (errors.length > 0) throw new ErrorList(errors);
  if (o.limit) checkPattern(() => inventory.select(o.limit!), '--limit');
  if (o.syntaxCheck) {
    for (const pb of playbooks) io.stdout(`\nplaybook: ${pb.file}\n`);
    return ExitCode.ok;
  }
  if (o.listHosts || o.listTasks || o.listTags) {
    const req = { hosts: o.listHosts, tasks: o.listTasks, tags: o.listTags, limit: o.limit, onlyTags: o.tags, skipTags: o.skipTags, extraVars };
    for (const pb of playbooks) io.stdout(formatPlaybookListing(pb, inventory, req));
    return ExitCode.ok;
  }
  // Asked once, before any output: nothing is echoed, and stdin that is not a terminal is refused.
  const password = o.askPass ? await askSecret('SSH password: ', '--ask-pass') : undefined;
  const passphrase = o.askKeyPassphrase ? await askSecret('SSH key passphrase: ', '--ask-key-passphrase') : undefined;
  const becomePassword = o.askBecomePass ? await askSecret('BECOME password: ', '--ask-become-pass') : undefined;
  const renderer = createRenderer(chooseOutputMode(o.json, io.isTTY), { write: io.stdout, verbosity: o.verbose, diff: o.diff });
  // Two stages, as ansible-playbook: the first Ctrl-C stops new work, the second kills what runs and quits.
  const ac = new AbortController();
  const kill = new AbortController();
  const signals = deps.signals ?? process;
  const onSigint = () => {
    if (ac.signal.aborted) {
      kill.abort();
      process.exit(ExitCode.interrupted);
    }
    ac.abort();
    io.stderr('interrupted: letting running tasks finish (Ctrl-C again to quit now)\n');
  };
  signals.on('SIGINT', onSigint);
  const cfg = readConfigFile();
  const timeout = o.timeout ?? cfg.timeout;
  const connections = deps.connections ?? (await import('../connection/factory.js')).createConnectionFactory({
    ssh: {
      acceptNewHostKeys: o.acceptNewHostKeys,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      hostKeyChecking: cfg.hostKeyChecking,
      password,
      passphrase,
      warn: (message) => renderer.sink({ type: 'warning', message }),
    },
  });
  let code: number = ExitCode.ok;
  try {
    for (const pb of playbooks) {
      const summary = await runPlaybook(pb, inventory, {
        connections, sink: renderer.sink, forks: o.forks, check: o.check, diff: o.diff, limit: o.limit, tags: o.tags, skipTags: o.skipTags,
        startAtTask: o.startAtTask, extraVars, verbosity: o.verbose, signal: ac.signal, killSignal: kill.signal, findModule: deps.findModule, becomePassword,
      });
      code = worse(code, summary.exitCode);
      if (summary.interrupted) break;
    }
  } catch (err) {
    // Unexpected failures inside the run still must not print a secret.
    const redactor = createRedactor();
    redactor.add(findSecretValues(extraVars));
    redactor.add([password, passphrase, becomePassword].filter((v): v is string => Boolean(v)));
    for (const h of inventory.hosts.keys()) redactor.add(findSecretValues(inventory.hostVars(h)));
    await renderer.done();
    return reportError(err, io, o.verbose, redactor.redactText);
  } finally {
    signals.off('SIGINT', onSigint);
    // Once per command: the playbooks of one command share their connections.
    await connections.closeAll();
  }
  await renderer.done();
  return code;
}

/** 99 beats 2 beats 3 beats 0, as ansible-playbook reports the worst outcome. */
function worse(a: number, b: number): number {
  const rank = (c: number) => [ExitCode.ok, ExitCode.unreachable, ExitCode.hostFailed, ExitCode.interrupted].indexOf(c as never);
  return rank(b) > rank(a) ? b : a;
}

function checkPattern(fn: () => unknown, option: string): void {
  try {
    fn();
  } catch (err) {
    throw new CarbonPlayError('options', `${option}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
