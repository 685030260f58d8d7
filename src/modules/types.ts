// What a module is: a value with a name, an argument schema, a read of current state, a pure plan, and an apply.
import type { BecomeOptions, Connection } from '../connection/types.js';
import type { ErrorInfo } from '../core/errors.js';

export type ArgType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'path' | 'raw';

export interface ArgSpec {
  type: ArgType | readonly ArgType[];
  required?: boolean;
  default?: unknown;
  choices?: readonly unknown[];
  aliases?: readonly string[];
  /** For lists: the type of each element, or a schema for dict elements. */
  elements?: ArgType | ArgSchema;
  /** For dicts with known keys. */
  options?: ArgSchema;
  /** A secret (password, key): its value is redacted from every output. */
  secret?: boolean;
  description: string;
}

export type ArgSchema = Record<string, ArgSpec>;

/** The value one argument type name normalizes to. */
type ValueOfType<T> = T extends 'str' | 'path' ? string : T extends 'int' | 'float' ? number : T extends 'bool' ? boolean
  : T extends 'list' ? unknown[] : T extends 'dict' ? Record<string, unknown> : unknown;

/** The value of one argument after normalization: its choices, its list elements or dict options, else its type(s). */
type ValueOfSpec<S> = S extends { choices: readonly (infer C)[] } ? C
  : S extends { type: 'list'; elements: infer E } ? (E extends ArgSchema ? ArgsOf<E>[] : ValueOfType<E>[])
  : S extends { type: 'dict'; options: infer O extends ArgSchema } ? ArgsOf<O>
  : S extends { type: infer T } ? (T extends readonly (infer U)[] ? ValueOfType<U> : ValueOfType<T>) : never;

/** Whether normalization always gives the argument a value: it is required or has a default. */
type AlwaysSet<S> = S extends { required: true } ? true : S extends { default: unknown } ? true : false;

/** The normalized arguments a schema describes (declare it `as const satisfies ArgSchema`): `ArgsOf<typeof args>`. */
export type ArgsOf<A> = { -readonly [K in keyof A as AlwaysSet<A[K]> extends true ? K : never]: ValueOfSpec<A[K]> } & {
  -readonly [K in keyof A as AlwaysSet<A[K]> extends true ? never : K]?: ValueOfSpec<A[K]>;
};

export interface ModuleSchema {
  args: ArgSchema;
  /** `command: ls -l` style: the bare string becomes this argument. */
  freeForm?: string;
  /** The free form is a command line (command, shell): only the guard keys (creates=, chdir= ...) are taken out of it. */
  commandLine?: boolean;
  mutuallyExclusive?: readonly (readonly string[])[];
  requiredOneOf?: readonly (readonly string[])[];
  requiredTogether?: readonly (readonly string[])[];
  /** Keys not in `args` are accepted as-is (set_fact: every key is a variable). */
  anyArgs?: boolean;
  /** Extra validation of the (untemplated) arguments; return messages. Values that are still templates are strings containing `{{`. */
  check?: (args: Record<string, unknown>) => string[];
}

/** Real bytes before and after, for `--diff`; the renderer makes the unified diff. */
export interface FileDiff {
  path: string;
  before: string;
  after: string;
}

export type Plan<D> =
  /** Nothing to do, and why ("file already has that content"). */
  | { kind: 'noop'; reason: string; data?: Record<string, unknown> }
  /** What will change; `data` goes to apply. `result`: registered fields known now (lineinfile's msg), in check mode too. */
  | { kind: 'change'; summary: string; data: D; diff?: FileDiff[]; result?: Record<string, unknown> };

export type ResultStatus = 'ok' | 'changed' | 'failed' | 'skipped';

export interface ModuleResult {
  status: ResultStatus;
  /** Status 'failed' only: the module changed something before it failed (command ran its program), as Ansible's `changed` beside `failed`. */
  changed?: boolean;
  msg?: string;
  /** A failure's error with its kind and context (executeModule fills it in for thrown errors and bad arguments). */
  error?: ErrorInfo;
  diff?: FileDiff[];
  /** Module-specific fields, registered as-is: rc, stdout, stderr, stdout_lines, matches, query_result, backup_file ... */
  data?: Record<string, unknown>;
  /** set_fact: variables to set on the host. */
  facts?: Record<string, unknown>;
  warnings?: string[];
}

/** A background job as async_status sees it: undefined when the id names no job of this host. */
export interface AsyncJobs {
  status(jid: string): { finished: false } | { finished: true; result: ModuleResult } | undefined;
  /** Forgets the job; false when there was none. */
  cleanup(jid: string): boolean;
}

export interface ModuleContext {
  /** Inventory name of the host the task runs for. */
  host: string;
  /** Connection to the host the task executes on (the delegate when delegate_to is set). Connects lazily. */
  conn: Connection;
  /** Connection to any inventory host (for `via:` tunnels, remote_src reads on the task's own host). */
  connectionFor(host: string): Connection;
  /** The task's resolved variables (hostvars of the task's host, with loop item). */
  vars: Readonly<Record<string, unknown>>;
  check: boolean;
  diff: boolean;
  /**
   * Someone reads the result (register, changed_when/failed_when/until, -v, --json): a module then adds what costs a
   * round trip to learn and nothing else needs (the owner's names, the file's stat after a write). Absent: not read.
   */
  resultSeen?: boolean;
  /** The run's -v count (debug's `verbosity:` threshold); 0 when absent. */
  verbosity?: number;
  /** delegate_to is set: `conn` reaches the delegate, `host`/`vars` are still the task's host. */
  delegated?: boolean;
  become?: BecomeOptions;
  /** Finds `src` for copy/template/unarchive (include_vars: `vars`) on the control node: role's files|templates|vars dir, then the playbook's. Throws when missing. */
  findFile(kind: 'files' | 'templates' | 'vars', name: string): string;
  /** Renders a template file's text (template module) with the task's variables: Jinja, or handlebars for `.hbs`. */
  render(text: string, file: string, extraVars?: Record<string, unknown>): string;
  /** Background jobs of this host (async with poll: 0), for async_status. */
  jobs?: AsyncJobs;
  /** A person at the terminal answers `prompt` (pause); absent when stdin is not a terminal. */
  askUser?: (prompt: string, echo: boolean) => Promise<string>;
  signal: AbortSignal;
}

/** A module that works on the host: reads its state, plans the difference, applies the plan. */
export interface ModuleDefinition<A = Record<string, unknown>, S = unknown, D = unknown> {
  kind?: 'module';
  name: string;
  description: string;
  schema: ModuleSchema;
  /** false: the module is skipped in check mode (uri), as Ansible does for modules without check mode. */
  supportsCheck?: boolean;
  /** true: apply runs in check mode too: it changes nothing outside the run, or it tells check mode apart itself (command). */
  appliesInCheckMode?: boolean;
  /** true: runs once per batch, its result counting for every host, as run_once (Ansible's BYPASS_HOST_LOOP: pause). */
  bypassHostLoop?: boolean;
  /** Read the current state. Never changes anything. */
  read(args: A, ctx: ModuleContext): Promise<S>;
  /** Compare wanted with current. No I/O. */
  plan(args: A, state: S, ctx: ModuleContext): Plan<D>;
  /** Carry out a 'change' plan. Failures are returned as status 'failed', not thrown (throw only for connection loss). */
  apply(data: D, args: A, ctx: ModuleContext): Promise<ModuleResult>;
}

export function defineModule<A = Record<string, unknown>, S = unknown, D = unknown>(m: ModuleDefinition<A, S, D>): ModuleDefinition<A, S, D> {
  return m;
}

/**
 * An action (Ansible's action plugins): it runs on the control node alone and changes no host, so it has no state to
 * read and no plan; it runs in check mode too, and what it returns is the task's result (debug, set_fact, assert ...).
 */
export interface ActionDefinition<A = Record<string, unknown>> {
  kind: 'action';
  name: string;
  description: string;
  schema: ModuleSchema;
  /** Runs once for the whole batch (pause), as Ansible's BYPASS_HOST_LOOP. */
  bypassHostLoop?: boolean;
  /** Failures are returned as status 'failed' or thrown; set_fact's variables come back as `facts`. */
  run(args: A, ctx: ModuleContext): Promise<ModuleResult>;
}

export function defineAction<A = Record<string, unknown>>(a: Omit<ActionDefinition<A>, 'kind'>): ActionDefinition<A> {
  return { kind: 'action', ...a };
}

/** What the registry holds: a module of either kind (`any`: each entry has its own argument types). */
export type AnyModule = ModuleDefinition<any, any, any> | ActionDefinition<any>;
