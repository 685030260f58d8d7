// Carbon-shaped log lines, written to repository/logs/wso2carbon.log and echoed to stdout.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Level = 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface Logger {
  info(component: string, msg: string): void;
  warn(component: string, msg: string): void;
  error(component: string, msg: string): void;
  fatal(component: string, msg: string): void;
  /** A line as is: the first line of the exception Carbon's log4j prints under an ERROR. */
  raw(line: string): void;
}

function timestamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** `TID: [-1234] [] [2026-11-23 15:00:00,123]  INFO - Component message` — one shape for every line. */
export function formatLine(level: Level, component: string, msg: string, d?: Date): string {
  return `TID: [-1234] [] [${timestamp(d)}] ${level.padStart(5)} - ${component} ${msg}`;
}

export function createLogger(file: string): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const emit = (line: string) => {
    appendFileSync(file, line + '\n');
    process.stdout.write(line + '\n');
  };
  const write = (level: Level, component: string, msg: string) => emit(formatLine(level, component, msg));
  return {
    info: (c, m) => write('INFO', c, m),
    warn: (c, m) => write('WARN', c, m),
    error: (c, m) => write('ERROR', c, m),
    fatal: (c, m) => write('FATAL', c, m),
    raw: emit,
  };
}

/** A fatal startup error: logged by main as ERROR, then the process exits non-zero. */
export class FatalError extends Error {
  constructor(readonly component: string, message: string) {
    super(message);
  }
}

/**
 * A datasource whose pool cannot open its first connection. Carbon 4.4 (ndatasource.rdbms RDBMSDataSource) hands
 * datasources to tomcat-jdbc, whose ConnectionPool.init logs the failure; the message is the SQLException's.
 */
export class PoolInitError extends FatalError {
  constructor(readonly dataSource: string, readonly sqlException: string) {
    super('ConnectionPool', sqlException);
  }
}

/** One ERROR line and the exception chain log4j prints under it (first lines only: no stack frames). */
export interface ErrorLine { component: string; msg: string; exception?: string[] }

/**
 * A failure whose Carbon lines are known exactly (a bundle's activator catching it and logging ERROR with the cause).
 * `initFailed` adds CarbonServerManager's FATAL line after them; user.core's Activator swallows its error, so none follows.
 */
export class StartFailure extends FatalError {
  constructor(readonly lines: ErrorLine[], readonly initFailed: boolean) {
    super(lines[lines.length - 1].component, lines[lines.length - 1].msg);
  }
}
