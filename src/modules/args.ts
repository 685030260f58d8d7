// Module arguments against their schema: checked raw at load time, then normalized after templating.
import { parseBool } from '../core/bool.js';
import { hint } from '../core/suggest.js';
import { KvSyntaxError, parseKv } from './parse-kv.js';
import type { ArgSchema, ArgSpec, ArgType, ModuleSchema } from './types.js';

export interface ArgIssue {
  /** Path of the offending argument, e.g. `dest` or `edits[2].xpath`. */
  path: string;
  message: string;
}

function isTemplate(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Converts a value to one type, or returns undefined when it cannot be. */
function coerce(v: unknown, type: ArgType): { ok: true; value: unknown } | { ok: false } {
  switch (type) {
    case 'raw':
      return { ok: true, value: v };
    case 'str':
    case 'path':
      if (typeof v === 'string') return { ok: true, value: v };
      if (typeof v === 'number' || typeof v === 'boolean') return { ok: true, value: String(v) };
      return { ok: false };
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return { ok: true, value: v };
      if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return { ok: true, value: Number(v.trim()) };
      return { ok: false };
    case 'float':
      if (typeof v === 'number') return { ok: true, value: v };
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return { ok: true, value: Number(v) };
      return { ok: false };
    case 'bool': {
      const b = parseBool(v);
      return b === undefined ? { ok: false } : { ok: true, value: b };
    }
    case 'list':
      if (Array.isArray(v)) return { ok: true, value: v };
      // Ansible accepts "a,b" for a list of strings.
      if (typeof v === 'string') return { ok: true, value: v.split(',').map((s) => s.trim()).filter(Boolean) };
      return { ok: false };
    case 'dict':
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v };
      return { ok: false };
  }
}

function typesOf(spec: ArgSpec): readonly ArgType[] {
  return typeof spec.type === 'string' ? [spec.type] : spec.type;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Alias → argument name, built once per schema (schemas are module constants): every task at load time walks one. */
const aliasMaps = new WeakMap<ArgSchema, Map<string, string>>();

function aliasesOf(schema: ArgSchema): Map<string, string> {
  let aliasOf = aliasMaps.get(schema);
  if (!aliasOf) {
    aliasOf = new Map();
    for (const [name, spec] of Object.entries(schema)) for (const a of spec.aliases ?? []) aliasOf.set(a, name);
    aliasMaps.set(schema, aliasOf);
  }
  return aliasOf;
}

/**
 * Walks args against a schema. With `final` false (load time) templated strings pass any type check;
 * with `final` true (after templating) values are coerced and defaults applied.
 */
function walk(schema: ArgSchema, raw: Record<string, unknown>, path: string, final: boolean, issues: ArgIssue[], anyArgs = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const aliasOf = aliasesOf(schema);
  for (const [key, value] of Object.entries(raw)) {
    const name = schema[key] ? key : aliasOf.get(key);
    if (!name && anyArgs) {
      // Free-keyed modules (set_fact): unknown keys are values of their own.
      out[key] = value;
      continue;
    }
    if (!name) {
      const known = [...Object.keys(schema), ...aliasOf.keys()];
      issues.push({ path: join(path, key), message: `unknown argument '${key}'${hint(key, known)}; expected one of: ${Object.keys(schema).join(', ')}` });
      continue;
    }
    if (name in out) {
      issues.push({ path: join(path, key), message: `argument '${name}' given twice (as '${key}' and an alias)` });
      continue;
    }
    out[name] = checkValue(schema[name]!, value, join(path, name), final, issues);
  }
  for (const [name, spec] of Object.entries(schema)) {
    if (name in out && out[name] !== undefined && out[name] !== null) continue;
    if (spec.required) issues.push({ path: join(path, name), message: `missing required argument '${name}'` });
    // Top-level defaults come after the group checks (a default is not 'given'); nested ones here.
    else if (final && path !== '' && spec.default !== undefined) out[name] = spec.default;
  }
  return out;
}

function checkValue(spec: ArgSpec, value: unknown, path: string, final: boolean, issues: ArgIssue[]): unknown {
  if (value === null || value === undefined) return value;
  if (!final && isTemplate(value)) return value;
  const types = typesOf(spec);
  let converted: unknown;
  let ok = false;
  // A value already of one of the types stays as it is: `mode: 0644` is the number 420, not the text "420".
  const exact = types.length > 1 ? types.find((t) => { const r = coerce(value, t); return r.ok && r.value === value; }) : undefined;
  for (const t of exact && exact !== types[0] ? [exact, ...types] : types) {
    const r = coerce(value, t);
    if (r.ok) {
      converted = r.value;
      ok = true;
      break;
    }
  }
  if (!ok) {
    issues.push({ path, message: `expected ${types.join(' or ')}, got ${describe(value)}` });
    return value;
  }
  if (spec.choices && !spec.choices.includes(converted) && !(final === false && isTemplate(converted))) {
    issues.push({ path, message: `expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describe(value)}` });
  }
  if (Array.isArray(converted) && spec.elements) {
    const el = spec.elements;
    converted = converted.map((item, i) => {
      const p = `${path}[${i}]`;
      if (typeof el === 'string') return checkValue({ type: el, description: '' }, item, p, final, issues);
      if (!final && isTemplate(item)) return item;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        issues.push({ path: p, message: `expected a mapping, got ${describe(item)}` });
        return item;
      }
      return walk(el, item as Record<string, unknown>, p, final, issues);
    });
  }
  if (spec.options && converted && typeof converted === 'object' && !Array.isArray(converted)) {
    converted = walk(spec.options, converted as Record<string, unknown>, path, final, issues);
  }
  return final ? converted : value;
}

function checkGroups(schema: ModuleSchema, args: Record<string, unknown>, issues: ArgIssue[]): void {
  const has = (k: string) => args[k] !== undefined && args[k] !== null;
  for (const group of schema.mutuallyExclusive ?? []) {
    const given = group.filter(has);
    if (given.length > 1) issues.push({ path: given[1]!, message: `arguments are mutually exclusive: ${given.join(', ')}` });
  }
  for (const group of schema.requiredOneOf ?? []) {
    if (!group.some(has)) issues.push({ path: '', message: `one of these arguments is required: ${group.join(', ')}` });
  }
  for (const group of schema.requiredTogether ?? []) {
    const given = group.filter(has);
    if (given.length > 0 && given.length < group.length) {
      issues.push({ path: group.find((k) => !has(k))!, message: `arguments must be given together: ${group.join(', ')}` });
    }
  }
}

/**
 * A task's raw module value as an argument mapping: `copy: src=a dest=b` → `{src: 'a', dest: 'b'}` (Ansible's parse_kv);
 * words that are not `k=v` are the free form (`command: ls -l creates=/x` → `{cmd: 'ls -l', creates: '/x'}`).
 */
export function toArgMap(schema: ModuleSchema, raw: unknown): { args: Record<string, unknown>; issues: ArgIssue[] } {
  if (raw === null || raw === undefined) return { args: {}, issues: [] };
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    let parsed: Record<string, unknown>;
    try {
      parsed = parseKv(String(raw), schema.commandLine ?? false);
    } catch (err) {
      return { args: {}, issues: [{ path: '', message: err instanceof KvSyntaxError ? err.message : String(err) }] };
    }
    const { _raw_params: free, ...args } = parsed;
    if (free === undefined) return { args, issues: [] };
    if (schema.freeForm) return { args: { [schema.freeForm]: free, ...args }, issues: [] };
    return { args, issues: [{ path: '', message: `expected key=value arguments (this module takes no free form), got ${describe(free)}` }] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { args: {}, issues: [{ path: '', message: `expected a mapping of arguments, got ${describe(raw)}` }] };
  }
  return { args: raw as Record<string, unknown>, issues: [] };
}

/** Load time: every problem with the raw (untemplated) arguments; templated values pass type checks. */
export function validateArgs(schema: ModuleSchema, raw: Record<string, unknown>): ArgIssue[] {
  const issues: ArgIssue[] = [];
  const args = walk(schema.args, raw, '', false, issues, schema.anyArgs);
  checkGroups(schema, args, issues);
  if (schema.check && issues.length === 0) for (const message of schema.check(args)) issues.push({ path: '', message });
  return issues;
}

/** Run time: rendered arguments coerced to their types, aliases resolved, defaults applied. */
export function normalizeArgs(schema: ModuleSchema, rendered: Record<string, unknown>): { args: Record<string, unknown>; issues: ArgIssue[] } {
  const issues: ArgIssue[] = [];
  const args = walk(schema.args, rendered, '', true, issues, schema.anyArgs);
  checkGroups(schema, args, issues);
  for (const [name, spec] of Object.entries(schema.args)) {
    if ((args[name] === undefined || args[name] === null) && spec.default !== undefined) args[name] = spec.default;
  }
  return { args, issues };
}

/** Values of arguments declared secret (recursively), for redaction. */
export function secretArgValues(schema: ArgSchema, args: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const v = args[name];
    if (v === undefined || v === null) continue;
    if (spec.secret && (typeof v === 'string' || typeof v === 'number')) found.push(String(v));
    const el = spec.elements;
    if (Array.isArray(v) && el && typeof el !== 'string') {
      for (const item of v) if (item && typeof item === 'object') found.push(...secretArgValues(el, item as Record<string, unknown>));
    }
    if (spec.options && typeof v === 'object' && !Array.isArray(v)) found.push(...secretArgValues(spec.options, v as Record<string, unknown>));
  }
  return found;
}
