// One error shape for every failure carbon-play reports: what went wrong, and where.

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

/** Exit codes, as ansible-playbook uses them. */
export const ExitCode = {
  ok: 0,
  hostFailed: 2,
  unreachable: 3,
  parseError: 4,
  badOptions: 5,
  interrupted: 99,
  unexpected: 250,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'parse' | 'validation' | 'options' | 'template' | 'module' | 'connection' | 'unreachable' | 'internal';

export interface ErrorContext {
  loc?: SourceLocation;
  /** Path to the offending value, e.g. `plays[0].tasks[3].copy.dest`. */
  path?: string;
  host?: string;
  task?: string;
  module?: string;
}

export class CarbonPlayError extends Error {
  readonly kind: ErrorKind;
  readonly context: ErrorContext;
  constructor(kind: ErrorKind, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CarbonPlayError';
    this.kind = kind;
    this.context = context;
  }
  /** `file:line:col: message` — the one-line form users see. */
  format(): string {
    return formatError(this.message, this.context);
  }
}

export function formatError(message: string, ctx: ErrorContext): string {
  const where = ctx.loc ? `${ctx.loc.file}:${ctx.loc.line}:${ctx.loc.col}: ` : '';
  return `${where}${message}`;
}

/** A failure as results and events carry it: plain data (JSON-safe) with the fields of a CarbonPlayError. */
export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  context: ErrorContext;
  /** The message of the error underneath, when there was one. */
  cause?: string;
}

/**
 * Any thrown value as an ErrorInfo. `context` says where the runner was (host, task, module, the task's loc);
 * what the error itself knows (a template's file:line) wins over it.
 */
export function toErrorInfo(err: unknown, context: ErrorContext = {}, kind: ErrorKind = 'module'): ErrorInfo {
  if (err instanceof CarbonPlayError) {
    const own = Object.fromEntries(Object.entries(err.context).filter(([, v]) => v !== undefined));
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    return { kind: err.kind, message: err.message, context: { ...context, ...own }, ...(cause ? { cause } : {}) };
  }
  return { kind, message: err instanceof Error ? err.message : String(err), context };
}

/** The one-line form of an ErrorInfo, as `CarbonPlayError.format` gives it. */
export function formatErrorInfo(info: ErrorInfo): string {
  return formatError(info.message, info.context);
}

/** Several errors collected before stopping (validation collects them all). */
export class ErrorList extends Error {
  readonly errors: CarbonPlayError[];
  constructor(errors: CarbonPlayError[]) {
    super(errors.map((e) => e.format()).join('\n'));
    this.name = 'ErrorList';
    this.errors = errors;
  }
}

export function exitCodeFor(kind: ErrorKind): ExitCodeValue {
  switch (kind) {
    case 'parse':
    case 'validation':
    case 'template':
      return ExitCode.parseError;
    case 'options':
      return ExitCode.badOptions;
    case 'unreachable':
      return ExitCode.unreachable;
    case 'module':
    case 'connection':
      return ExitCode.hostFailed;
    default:
      return ExitCode.unexpected;
  }
}
