// Runs a validated playbook against an inventory with the linear strategy; emits events, never prints.
import { ExitCode, toErrorInfo, type ExitCodeValue } from '../core/errors.js';
import type { Inventory } from '../inventory/types.js';
import type { PlayNode, Playbook, TaskNode } from '../playbook/types.js';
import { isTemplated, renderText } from '../template/index.js';
import { splitBatches } from './batches.js';
import { countPlayTasks } from './count-tasks.js';
import type { HostStats, RunnerEvent } from './events.js';
import { errorText } from './execute-item.js';
import { runHandlers } from './handlers.js';
import { resolveOptions, type RunPlaybookOptions, type RunSummary } from './options.js';
import { createRedactor, findSecretValues, redactError, redactEvent } from './redact.js';
import { runItems } from './run-items.js';
import { createSecretScopes } from './secret-scopes.js';
import { runTask } from './run-task.js';
import { renderPlayTitle } from './titles.js';
import { hostState, isActive, mapLimit, mergeTask, type Inherited, type PlayState, type RunState } from './state.js';

export async function runPlaybook(playbook: Playbook, inventory: Inventory, options: RunPlaybookOptions = {}): Promise<RunSummary> {
  // A factory passed in belongs to the caller, who closes it once for all its playbooks (no re-handshake between them).
  const ownsConnections = options.connections === undefined;
  const connections = options.connections ?? (await import('../connection/factory.js')).createConnectionFactory();
  const opts = resolveOptions(options, connections);
  const started = opts.clock();
  const redactor = createRedactor();
  redactor.add(findSecretValues(opts.extraVars));
  if (opts.becomePassword) redactor.add([opts.becomePassword]);
  redactor.add(options.secrets ?? []);
  let seq = 0;
  const run: RunState = {
    playbook, inventory, opts, redactor, secrets: createSecretScopes(redactor), hosts: new Map(),
    // The one place secrets are masked: every event passes here on its way to the renderers.
    emit: (e: RunnerEvent) => opts.sink(redactEvent(redactor, e)),
    nextTaskId: () => `t${++seq}`,
    waitingForStart: opts.startAtTask !== undefined,
    stopped: false,
    interrupted: () => opts.signal.aborted,
  };
  for (const h of inventory.hosts.keys()) redactor.add(findSecretValues(inventory.hostVars(h)));
  run.emit({ type: 'playbook_start', file: playbook.file, check: opts.check, diff: opts.diff });
  const seen = new Set<string>();
  try {
    for (const play of playbook.plays) {
      if (run.interrupted() || run.stopped) break;
      await runPlay(run, play, seen);
    }
  } catch (err) {
    // The other way out of the runner besides `emit`: what it learnt to hide stays hidden there too.
    throw redactError(redactor, err);
  } finally {
    if (ownsConnections) await opts.connections.closeAll();
  }
  const hosts: Record<string, HostStats> = {};
  for (const h of seen) hosts[h] = { ...hostState(run, h).stats };
  const durationMs = opts.clock() - started;
  const interrupted = run.interrupted();
  run.emit({ type: 'recap', hosts, durationMs, interrupted });
  return { hosts, durationMs, interrupted, exitCode: exitCodeOf(hosts, interrupted) };
}

export function exitCodeOf(hosts: Record<string, HostStats>, interrupted: boolean): ExitCodeValue {
  if (interrupted) return ExitCode.interrupted;
  const all = Object.values(hosts);
  if (all.some((s) => s.failed > 0)) return ExitCode.hostFailed;
  if (all.some((s) => s.unreachable > 0)) return ExitCode.unreachable;
  return ExitCode.ok;
}

/** The play's hosts: its pattern (templated with extra vars), intersected with --limit, without hosts already out. */
export function selectPlayHosts(inventory: Inventory, play: PlayNode, extraVars: Record<string, unknown>, limit?: string): string[] {
  const pattern = isTemplated(play.hosts) ? renderText(play.hosts, extraVars) : play.hosts;
  let hosts = inventory.select(pattern);
  if (limit) {
    const allowed = new Set(inventory.select(limit));
    hosts = hosts.filter((h) => allowed.has(h));
  }
  return hosts;
}

/** `order:` inventory (as selected), reversed, sorted by name, or shuffled. */
function orderHosts(hosts: string[], order: PlayNode['order']): string[] {
  if (order === 'reverse_inventory') return [...hosts].reverse();
  if (order === 'sorted') return [...hosts].sort();
  if (order === 'reverse_sorted') return [...hosts].sort().reverse();
  if (order === 'shuffle') return [...hosts].map((h) => [Math.random(), h] as const).sort((x, y) => x[0] - y[0]).map(([, h]) => h);
  return hosts;
}

/** As Ansible: gather_facts as written, else the `gathering` setting (implicit gathers; smart gathers once per host, here per play). */
function shouldGather(run: RunState, play: PlayNode): boolean {
  return play.gatherFacts ?? run.opts.gathering !== 'explicit';
}

/** The implicit first task of a play, as ansible-playbook shows it. */
function gatherTask(play: PlayNode): TaskNode {
  return {
    kind: 'task', name: 'Gathering Facts', loc: play.loc, path: `${play.path}.gather_facts`, module: 'setup', args: { gather_subset: play.gatherSubset ?? ['all'] },
    when: [], tags: ['always'], vars: {}, loopVar: 'item', notify: [],
  };
}

/**
 * One host's view of the play for the free strategy: its own batch (so handlers and run_once concern it alone, as
 * Ansible runs run_once on every host under free), sharing the play's end (meta: end_play stops every host).
 */
function hostPlayState(ps: PlayState, host: string): PlayState {
  return {
    run: ps.run, play: ps.play, playHosts: ps.playHosts, batch: [host],
    get abort() {
      return ps.abort;
    },
    set abort(v: boolean) {
      ps.abort = v;
    },
  };
}

async function runPlay(run: RunState, play: PlayNode, seen: Set<string>): Promise<void> {
  let selected: string[];
  try {
    selected = selectPlayHosts(run.inventory, play, run.opts.extraVars, run.opts.limit).filter((h) => isActive(run, h));
  } catch (err) {
    run.emit({ type: 'warning', message: `play '${play.name}': ${errorText(err)}`, error: toErrorInfo(err, { loc: play.loc }, 'validation') });
    selected = [];
  }
  const name = renderPlayTitle(run, play);
  run.emit({ type: 'play_start', name, hosts: selected, loc: play.loc, tasks: countPlayTasks(play, run.opts.tags, run.opts.skipTags) });
  if (selected.length === 0) run.emit({ type: 'warning', message: `play '${name}': no hosts matched` });
  const batches = splitBatches(orderHosts(selected, play.order), play.serial);
  const a = play.attrs ?? {};
  const base: Inherited = {
    tags: play.tags, when: [], vars: [], become: play.become, becomeUser: play.becomeUser, becomeMethod: a.becomeMethod, becomeFlags: a.becomeFlags,
    envLayers: a.environment !== undefined ? [a.environment] : undefined, defaultsLayers: a.moduleDefaults ? [a.moduleDefaults] : undefined,
    remoteUser: a.remoteUser, checkMode: a.checkMode, diff: a.diff, timeout: a.timeout,
  };
  // vars_prompt: nobody is asked (runs are unattended); -e wins, else the prompt's default.
  if (play.varsPrompt?.length) play = { ...play, vars: { ...Object.fromEntries(play.varsPrompt.filter((v) => !(v.name in run.opts.extraVars)).map((v) => [v.name, v.default ?? ''])), ...play.vars } };
  for (const [index, batch] of batches.entries()) {
    if (run.interrupted()) break;
    for (const h of batch) seen.add(h);
    run.emit({ type: 'batch_start', hosts: batch, index, count: batches.length });
    const ps: PlayState = { run, play, playHosts: selected, batch, abort: false };
    const walk = async (hps: PlayState, hosts: string[]) => {
      if (shouldGather(run, play)) await runTask(hps, mergeTask(gatherTask(play), base), base, hosts);
      for (const section of [play.preTasks, [...play.roles, ...play.tasks], play.postTasks]) {
        await runItems(hps, section, base, hosts);
        await runHandlers(hps);
      }
    };
    // strategy free: each host goes through the play at its own pace (at most `forks` at once), with its own handlers.
    if (play.strategy === 'free') await mapLimit(batch, run.opts.forks, (h) => walk(hostPlayState(ps, h), [h]));
    else await walk(ps, batch);
    // A failed batch ends the play: Ansible stops when every host of a batch failed, or a fail limit was hit.
    if (ps.abort || batch.every((h) => !isActive(run, h))) break;
  }
  run.emit({ type: 'play_end', name: play.name });
}
