// Value semantics shared by templates and expressions: missing variables, lookups, truthiness, equality, text.

import { CarbonPlayError } from '../core/errors.js';

/** The task's variables (hostvars, groups, inventory_hostname, item, ...). */
export type Scope = Record<string, unknown>;

/** An undefined variable, carried (instead of thrown) so `default`/`is defined` can guard it. */
export class Missing {
  constructor(readonly name: string) {}
}

export function isMissing(v: unknown): v is Missing {
  return v instanceof Missing;
}

/** `name` is a variable path, or a sentence when the undefined value came from elsewhere (`first` of an empty list). */
export function undefinedError(name: string): CarbonPlayError {
  return new CarbonPlayError('template', /\s/.test(name) ? name : `undefined variable '${name}'`);
}

export function templateError(message: string): CarbonPlayError {
  return new CarbonPlayError('template', message);
}

/** Throws when the value is an undefined variable: every use outside a guard calls this. */
export function need(v: unknown): unknown {
  if (v instanceof Missing) throw undefinedError(v.name);
  return v;
}

const unsafeValues = new WeakSet<object>();

/** Marks data that must never be rendered again (registered results: a command's stdout may contain `{{`). Returns it. */
export function markUnsafe<T>(value: T): T {
  if (value !== null && typeof value === 'object') unsafeValues.add(value);
  return value;
}

export function isUnsafe(value: unknown): boolean {
  return value !== null && typeof value === 'object' && unsafeValues.has(value);
}

/** Own-property access only (never the prototype: no `constructor`, `__proto__`); arrays and strings by index, negative from the end. */
export function getMember(obj: unknown, key: unknown, name: string): unknown {
  if (obj instanceof Missing) return obj;
  if (obj === null || obj === undefined) return new Missing(name);
  if ((Array.isArray(obj) || typeof obj === 'string') && (typeof key === 'number' || /^-?\d+$/.test(String(key)))) {
    let i = Number(key);
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) return new Missing(name);
    if (isUnsafe(obj)) markUnsafe(obj[i]);
    return obj[i];
  }
  if (typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, String(key))) {
    const v = (obj as Record<string, unknown>)[String(key)];
    if (unsafeValues.has(obj)) markUnsafe(v);
    return v === undefined ? new Missing(name) : v;
  }
  return new Missing(name);
}

/** Python truthiness: '', 0, [], {}, null and false are false. */
export function isTruthy(v: unknown): boolean {
  need(v);
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Deep equality without coercion (1 != '1', as in Python). */
export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const ob = b as Record<string, unknown>;
    return ka.length === kb.length && ka.every((k) => k in ob && isEqual((a as Record<string, unknown>)[k], ob[k]));
  }
  return false;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  return typeof v;
}

/** How a value reads inside a larger string: null is empty, lists and objects are JSON. */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
