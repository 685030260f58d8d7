// Carbon-shaped log lines, written to repository/logs/wso2carbon.log and echoed to stdout.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Level = 'INFO' | 'WARN' | 'ERROR';

export interface Logger {
  info(component: string, msg: string): void;
  warn(component: string, msg: string): void;
  error(component: string, msg: string): void;
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
  const write = (level: Level, component: string, msg: string) => {
    const line = formatLine(level, component, msg);
    appendFileSync(file, line + '\n');
    process.stdout.write(line + '\n');
  };
  return {
    info: (c, m) => write('INFO', c, m),
    warn: (c, m) => write('WARN', c, m),
    error: (c, m) => write('ERROR', c, m),
  };
}

/** A fatal startup error: logged by main as ERROR, then the process exits non-zero. */
export class FatalError extends Error {
  constructor(readonly component: string, message: string) {
    super(message);
  }
}
