// Running playbooks from the command line: load and validate everything, list or run, render, map to an exit code.
import { CarbonPlayError, ErrorList, ExitCode } from '../core/errors.js';
import type { Inventory } from '../inventory/types.js';
import type { Playbook } from '../playbook/types.js';
import { readConfigFile } from './config-file.js';
import { setUpVault } from './vault-options.js';
import { resolveRunSettings } from './run-settings.js';
import { withDefaultVars } from '../inventory/with-default-vars.js';
import { parseExtraVars } from './extra-vars.js';
import type { CliIo, PlaybookCliOptions } from './parse-options.js';
import { reportError } from './report-error.js';
import type { AnyModule } from '../modules/types.js';
import type { ConnectionFactory } from '../connection/types.js';

/** What tests (and embedders) may replace; the defaults are the real loaders, registry and connections. */
export interface CliDeps {
  loadInventory?: (sources: string[], opts?: { sealedVars?: boolean }) => Promise<Inventory>;
  loadPlaybook?: (file: string, opts: { rolesPath: string[]; extraVars: Record<string, unknown> }) => Promise<Playbook>;
  findModule?: (name: string) => AnyModule | undefined;
  connections?: ConnectionFactory;
  /** --step's questions (a line from stdin by default). */
  askLine?: (prompt: string) => Promise<string>;
  /** pause's prompts (the terminal by default; none when stdin is not a terminal). */
  askUser?: (prompt: string, echo: boolean) => Promise<string>;
  /** Where SIGINT comes from (process by default). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export async function runPlaybookCommand(o: PlaybookCliOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const cfg = readConfigFile();
  // Vault passwords first: -e @file, the inventory and the playbooks may all hold vault data.
  const keyring = await setUpVault(o, cfg);
  const extraVars = await parseExtraVars(o.extraVars);
  const settings = resolveRunSettings(o, cfg);
  const loadInventory = deps.loadInventory ?? (await import('../inventory/load-inventory.js')).loadInventory;
  const loadPlaybook = deps.loadPlaybook ?? (await import('../playbook/load-playbook.js')).loadPlaybook;
  // The inventory and every playbook are loaded and validated before any host is contacted; all their errors are reported together.
  // The playbooks load while the inventory waits for its vault keys (derived on the thread pool); its errors still come first.
  // A syntax check, like ansible-playbook's, does not open the vault data in group_vars/host_vars: it needs no
  // password for them (a CI job checking playbooks has none), and spends no key derivation on them.
  const inventoryLoad = settle(loadInventory(settings.inventory, { sealedVars: o.syntaxCheck === true }));
  const playbooks: Playbook[] = [];
  const playbookErrors: CarbonPlayError[] = [];
  let playbookFailure: { error: unknown } | undefined;
  for (const file of o.playbooks) {
    try {
      playbooks.push(await loadPlaybook(file, { rolesPath: settings.rolesPath(file), extraVars }));
    } catch (err) {
      if (err instanceof ErrorList) playbookErrors.push(...err.errors);
      else {
        playbookFailure = { error: err };
        break;
      }
    }
  }
  const inventoryLoaded = await inventoryLoad;
  // An unexpected failure is thrown as before: the inventory's first, as when it was loaded first.
  if ('error' in inventoryLoaded && !(inventoryLoaded.error instanceof ErrorList)) throw inventoryLoaded.error;
  if (playbookFailure) throw playbookFailure.error;
  const errors = [...('error' in inventoryLoaded ? (inventoryLoaded.error as ErrorList).errors : []), ...playbookErrors];
  const loaded = 'value' in inventoryLoaded ? inventoryLoaded.value : undefined;
  if (errors.length > 0 || !loaded) throw new ErrorList(errors);
  const inventory = withDefaultVars(loaded, settings.hostDefaults);
  if (o.limit) checkPattern(() => inventory.select(o.limit!), '--limit');
  const loadWarnings = playbooks.flatMap((pb) => pb.warnings ?? []);
  if (o.syntaxCheck || o.listHosts || o.listTasks || o.listTags) for (const w of loadWarnings) io.stderr(`[WARNING]: ${w}\n`);
  if (o.syntaxCheck) {
    for (const pb of playbooks) io.stdout(`\nplaybook: ${pb.file}\n`);
    return ExitCode.ok;
  }
  if (o.listHosts || o.listTasks || o.listTags) {
    const req = { hosts: o.listHosts, tasks: o.listTasks, tags: o.listTags, limit: o.limit, onlyTags: o.tags, skipTags: o.skipTags, extraVars };
    const { formatPlaybookListing } = await import('./list-play.js');
    for (const pb of playbooks) io.stdout(formatPlaybookListing(pb, inventory, req));
    return ExitCode.ok;
  }
  // What only a real run needs is loaded now: --syntax-check and the listings never pay for it.
  const [{ askSecret }, { chooseOutputMode, createRenderer }, { createRedactor, findSecretValues }, { runPlaybook }, { settleJobs }, { createLineAsker, createStepConfirm }] = await Promise.all([
    import('../connection/ask-secret.js'), import('../output/create-renderer.js'), import('../runner/redact.js'), import('../runner/run-playbook.js'), import('../runner/async-jobs.js'),
    import('./step-prompt.js'),
  ]);
  // Asked once, before any output: nothing is echoed, and stdin that is not a terminal is refused.
  const password = o.askPass ? await askSecret('SSH password: ', '--ask-pass') : undefined;
  const passphrase = o.askKeyPassphrase ? await askSecret('SSH key passphrase: ', '--ask-key-passphrase') : undefined;
  const becomePassword = settings.askBecomePass ? await askSecret('BECOME password: ', '--ask-become-pass') : undefined;
  // --step asks between tasks: the plain view, whose lines the prompt can follow.
  // A pause that waits for Enter answers at the terminal: the plain view too, which the prompt can follow.
  const stdinIsTerminal = Boolean(process.stdin.isTTY);
  const asksUser = deps.askUser !== undefined || (stdinIsTerminal && playbooks.some(usesModule('pause')));
  const renderer = createRenderer(chooseOutputMode(o.json, io.isTTY && !o.step && !asksUser), { write: io.stdout, verbosity: o.verbose, diff: o.diff });
  for (const message of [...(cfg.notes ?? []), ...loadWarnings]) renderer.sink({ type: 'warning', message });
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
  const timeout = settings.timeout;
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
  const stepper = (o.step || asksUser) && !deps.askLine ? createLineAsker(o.json ? io.stderr : io.stdout) : undefined;
  const askLine = deps.askLine ?? stepper?.ask;
  const confirmTask = o.step && askLine ? createStepConfirm(askLine) : undefined;
  // The renderer writes once per event-loop turn: one turn first, so the task's header is out before the question.
  const afterOutput = () => new Promise((resolve) => setImmediate(resolve));
  const askUser = deps.askUser ?? (asksUser && askLine
    ? async (prompt: string, echo: boolean) => (await afterOutput(), echo ? askLine(`${prompt} `) : askSecret(`${prompt} `, 'pause'))
    : undefined);
  let code: number = ExitCode.ok;
  try {
    for (const pb of playbooks) {
      const summary = await runPlaybook(pb, inventory, {
        connections, sink: renderer.sink, forks: settings.forks, check: o.check, diff: o.diff, limit: o.limit, tags: o.tags, skipTags: o.skipTags,
        startAtTask: o.startAtTask, extraVars, verbosity: o.verbose, fullResults: Boolean(o.json), signal: ac.signal, killSignal: kill.signal, findModule: deps.findModule, becomePassword,
        secrets: keyring.revealed(), confirmTask, askUser, gathering: settings.gathering,
      });
      code = worse(code, summary.exitCode);
      if (summary.interrupted) break;
    }
  } catch (err) {
    // Unexpected failures inside the run still must not print a secret.
    const redactor = createRedactor();
    redactor.add(findSecretValues(extraVars));
    redactor.add([password, passphrase, becomePassword].filter((v): v is string => Boolean(v)));
    redactor.add(keyring.revealed());
    for (const h of inventory.hosts.keys()) redactor.add(findSecretValues(inventory.hostVars(h)));
    await renderer.done();
    return reportError(err, io, o.verbose, redactor.redactText);
  } finally {
    signals.off('SIGINT', onSigint);
    stepper?.close();
    // Background jobs (async, poll: 0) still running finish first: Ansible's would go on on the host.
    await settleJobs(connections);
    // Once per command: the playbooks of one command share their connections.
    await connections.closeAll();
  }
  await renderer.done();
  return code;
}

/** A promise's outcome as a value (so that it is never an unhandled rejection while other work runs). */
function settle<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return p.then((value) => ({ value }), (error: unknown) => ({ error }));
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

/** Whether a loaded playbook has a task of this module anywhere (plays, roles, blocks, handlers). */
function usesModule(name: string): (pb: Playbook) => boolean {
  return (pb) => {
    const seen = new Set<unknown>();
    const walk = (v: unknown): boolean => {
      if (v === null || typeof v !== 'object' || seen.has(v)) return false;
      seen.add(v);
      if ((v as { module?: unknown }).module === name) return true;
      return Object.values(v as Record<string, unknown>).some(walk);
    };
    return walk(pb.plays);
  };
}
