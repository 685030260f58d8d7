// The runner's typed options, normalized once with defaults before anything runs.
import type { ConnectionFactory } from '../connection/types.js';
import type { ExitCodeValue } from '../core/errors.js';
import { findModule } from '../modules/index.js';
import type { AnyModule } from '../modules/types.js';
import type { EventSink, HostStats } from './events.js';

export interface RunPlaybookOptions {
  connections?: ConnectionFactory;
  /** Milliseconds; tests pass a fake. */
  clock?: () => number;
  sink?: EventSink;
  forks?: number;
  check?: boolean;
  diff?: boolean;
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  extraVars?: Record<string, unknown>;
  verbosity?: number;
  /** Every result is shown whole (--json): modules report all of it, even what costs a round trip (see ModuleContext.resultSeen). */
  fullResults?: boolean;
  /** Stop starting new work (the first Ctrl-C); running tasks finish. */
  signal?: AbortSignal;
  /** Kill what runs now (the second Ctrl-C): handed to modules, which pass it to their commands. */
  killSignal?: AbortSignal;
  /** -K: the become password for hosts whose variables give none (ansible_become_password wins, as in Ansible). */
  becomePassword?: string;
  /** --step: asked before each task; false skips it. */
  confirmTask?: (title: string) => Promise<boolean>;
  /** pause's prompts: a line typed at the terminal. Unset when stdin is not a terminal (the prompt then does not wait). */
  askUser?: (prompt: string, echo: boolean) => Promise<string>;
  /** Values masked in every event whatever their variable's name (decrypted vault values). */
  secrets?: readonly string[];
  /** Module lookup; defaults to the registry. */
  findModule?: (name: string) => AnyModule | undefined;
  /** Pause between `until` retries; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
  /** Ansible's `gathering`: implicit (facts gathered unless a play says gather_facts: false) or explicit (only when it says true). */
  gathering?: 'implicit' | 'explicit' | 'smart';
}

export type ResolvedOptions = Required<Omit<RunPlaybookOptions, 'limit' | 'startAtTask' | 'signal' | 'killSignal' | 'connections' | 'becomePassword' | 'secrets' | 'confirmTask' | 'askUser'>> &
  Pick<RunPlaybookOptions, 'limit' | 'startAtTask' | 'becomePassword' | 'confirmTask' | 'askUser'> & { signal: AbortSignal; killSignal: AbortSignal; connections: ConnectionFactory };

export interface RunSummary {
  hosts: Record<string, HostStats>;
  durationMs: number;
  interrupted: boolean;
  exitCode: ExitCodeValue;
}

/** `connections` defaults to the real factory, loaded by the caller (ssh2 only when a run needs it). */
export function resolveOptions(o: RunPlaybookOptions, connections: ConnectionFactory): ResolvedOptions {
  const forks = o.forks ?? 10;
  if (!Number.isInteger(forks) || forks < 1) throw new RangeError(`forks: expected a whole number >= 1, got ${forks}`);
  return {
    connections,
    clock: o.clock ?? (() => Date.now()),
    sink: o.sink ?? (() => {}),
    forks,
    check: o.check ?? false,
    diff: o.diff ?? false,
    limit: o.limit,
    tags: o.tags ?? [],
    skipTags: o.skipTags ?? [],
    startAtTask: o.startAtTask,
    becomePassword: o.becomePassword,
    confirmTask: o.confirmTask,
    askUser: o.askUser,
    extraVars: o.extraVars ?? {},
    verbosity: o.verbosity ?? 0,
    fullResults: o.fullResults ?? false,
    signal: o.signal ?? new AbortController().signal,
    killSignal: o.killSignal ?? new AbortController().signal,
    findModule: o.findModule ?? findModule,
    sleep: o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    gathering: o.gathering ?? 'implicit',
  };
}
