// Masks secret values in every event before it reaches a renderer, as CI systems mask secrets.
import { CarbonPlayError } from '../core/errors.js';

export const MASK = '********';
const SECRET_NAME = /password|passwd|secret|token/i;

export interface Redactor {
  add(values: Iterable<string>): void;
  redactText(text: string): string;
  redact<T>(value: T): T;
}

/**
 * A secret and the escaped forms it takes on its way into a file (a JSON list a template rendered, XML text
 * and attributes), so an argument dump or a diff masks those too.
 */
function writtenForms(v: string): string[] {
  const xml = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [...new Set([v, JSON.stringify(v).slice(1, -1), xml, xml.replace(/"/g, '&quot;'), xml.replace(/'/g, '&apos;')])];
}

/**
 * A secret, and each line of a multi-line one (a key, a certificate): a message or a diff that shows one line of it
 * shows part of the secret. Lines too short to be secret on their own (blank, a brace) are left out.
 */
function secretParts(v: string): string[] {
  if (!v.includes('\n')) return [v];
  return [v, ...v.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 8)];
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let ordered: string[] = [];
  const redactText = (text: string): string => {
    let out = text;
    for (const s of ordered) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
  const redact = <T>(value: T): T => {
    if (ordered.length === 0) return value;
    if (typeof value === 'string') return redactText(value) as T;
    if (Array.isArray(value)) return value.map((v) => redact(v)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = redact(v);
      return out as T;
    }
    return value;
  };
  return {
    add(values) {
      const before = secrets.size;
      // Very short values would mask ordinary text everywhere; a 1-char "secret" protects nothing anyway.
      for (const v of values) if (v.length >= 2) for (const part of secretParts(v)) for (const form of writtenForms(part)) secrets.add(form);
      // Called for every task on every host, nearly always with nothing new: sort only when the set grew.
      if (secrets.size !== before) ordered = [...secrets].sort((a, b) => b.length - a.length);
    },
    redactText,
    redact,
  };
}

/** Every string leaf under a name that looks secret, at any depth; `read` renders a value (templates) before use. */
export function findSecretValues(vars: Record<string, unknown>, read: (name: string) => unknown = (n) => vars[n]): string[] {
  const found: string[] = [];
  for (const key of Object.keys(vars)) {
    const named = SECRET_NAME.test(key);
    // Only secret names and containers can hold a secret: plain values are not rendered at all (cheap, and no spurious errors).
    if (!named && (vars[key] === null || typeof vars[key] !== 'object')) continue;
    let value: unknown;
    try {
      value = read(key);
    } catch {
      value = vars[key]; // an unrenderable value cannot be printed rendered either
    }
    collect(value, named, found, 0);
  }
  return found;
}

/** Every string (and number) leaf of a value. */
export function leafValues(value: unknown): string[] {
  const found: string[] = [];
  collect(value, true, found, 0);
  return found;
}

/**
 * The fields of an event that name rather than report: its type, status, ids, hosts, module and error kind. Renderers
 * key their tables on them (a status masked to `********` printed as `undefined`), and none can hold a secret.
 */
const NAMING_FIELDS = new Set(['type', 'status', 'id', 'taskId', 'host', 'hosts', 'delegatedTo', 'module', 'kind', 'handler']);

/** An event (or an object the runner built) with its reporting fields masked and its naming fields kept as they are. */
export function redactEvent<T>(r: Redactor, event: T): T {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return r.redact(event);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) {
    // A result, a diff or a message is what a module or the user wrote: masked throughout. Anything else the runner built.
    out[k] = NAMING_FIELDS.has(k) ? v : k === 'result' || k === 'diff' ? r.redact(v) : redactEvent(r, v);
  }
  return out as T;
}

/** The fields of a result that carry what a task printed or read, rather than what it was asked to do. */
const OUTPUT_FIELDS = ['stdout', 'stderr', 'stdout_lines', 'stderr_lines', 'msg', 'content'];

/**
 * Whether a word a no_log task printed could be a secret rather than a status word or a name: 8+ characters mixing
 * letters and digits (a password, a token, a line of a key), not an absolute path. Words (`changed`, `configured`),
 * numbers and file names are left alone: masking them would wreck every later line that uses them.
 */
function looksSecret(v: string): boolean {
  return v.length >= 8 && !v.startsWith('/') && /[A-Za-z]/.test(v) && /[0-9]/.test(v);
}

/**
 * What a `no_log` task's result may reveal: the words of its output fields (not its command line, paths or
 * timestamps, which would mask ordinary text everywhere) that could be secrets. Ansible masks none of them later; we
 * keep those that look like credentials, as a task reading a password file is the usual reason for no_log.
 */
export function noLogResultValues(result: Record<string, unknown>): string[] {
  // A line that says more than the secret (`db password: Kp9x7Wq2`, `pass=Kp9x7Wq2`) gives its words and their values.
  const words = (v: string) => v.split(/\s+/).flatMap((w) => [w, w.replace(/^[^=:]*[=:]/, '')]);
  return [...new Set(leafValues(OUTPUT_FIELDS.map((f) => result[f])).flatMap(words))].filter(looksSecret);
}

function collect(value: unknown, secret: boolean, found: string[], depth: number): void {
  if (depth > 20) return;
  if (typeof value === 'string' || typeof value === 'number') {
    if (secret) found.push(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, secret, found, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, secret || SECRET_NAME.test(k), found, depth + 1);
  }
}

/** A thrown error on its way out of the runner: message, context and stack masked (the cause, which may hold a secret, dropped). */
export function redactError(r: Redactor, err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? r.redactText(err) : err;
  const message = r.redactText(err.message);
  const stack = err.stack && r.redactText(err.stack);
  if (message === err.message && stack === err.stack) return err;
  const out = err instanceof CarbonPlayError ? new CarbonPlayError(err.kind, message, r.redact(err.context)) : new Error(message);
  out.stack = stack;
  return out;
}
