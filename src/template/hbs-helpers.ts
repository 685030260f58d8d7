// Helpers playbook templates may call: {{default port 9443}}, {{index hostvars host 'ansible_host'}}, {{join list ','}}.

import { callLookup } from './functions.js';
import { getMember, isEqual, isMissing, isTruthy, need, templateError, toText, typeName } from './values.js';

/** args may hold Missing values only for helpers listed in GUARD_HELPERS; names are the params as written. */
export type Helper = (args: unknown[], names: string[], ctx: HelperContext) => unknown;

/** Lets accessor helpers render a variable that holds a template, as a plain lookup would. */
export interface HelperContext {
  lazy(value: unknown, name: string, parent: unknown): unknown;
}

function num(v: unknown, helper: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw templateError(`${helper} expects numbers, got ${typeName(v)} ${JSON.stringify(v)}`);
  return n;
}

function arity(helper: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw templateError(`${helper} expects ${want} argument(s), got ${args.length}`);
  }
}

function arithmetic(helper: string, op: (a: number, b: number) => number): Helper {
  return (args) => {
    arity(helper, args, 2, Infinity);
    return args.map((a) => num(a, helper)).reduce(op);
  };
}

function list(v: unknown, helper: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw templateError(`${helper} expects a list, got ${typeName(v)}`);
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  throw templateError(`length expects a string, list or dict, got ${typeName(v)}`);
}

/** Helpers that accept an undefined variable as their first argument. */
export const GUARD_HELPERS = new Set(['default', 'defined']);

export const HELPERS: Record<string, Helper> = {
  default: (args) => {
    arity('default', args, 2, 3);
    const [value, fallback, onFalsy] = args;
    return isMissing(value) || value === null || (onFalsy === true && !isTruthy(value)) ? need(fallback) : value;
  },
  defined: (args) => (arity('defined', args, 1), !isMissing(args[0])),
  add: arithmetic('add', (a, b) => a + b),
  sub: arithmetic('sub', (a, b) => a - b),
  mul: arithmetic('mul', (a, b) => a * b),
  div: arithmetic('div', (a, b) => {
    if (b === 0) throw templateError('div: division by zero');
    return a / b;
  }),
  mod: arithmetic('mod', (a, b) => {
    if (b === 0) throw templateError('mod: division by zero');
    return a % b;
  }),
  join: (args) => (arity('join', args, 1, 2), list(args[0], 'join').map(toText).join(args.length > 1 ? toText(args[1]) : ',')),
  json: (args) => (arity('json', args, 1), JSON.stringify(args[0] ?? null)),
  lower: (args) => (arity('lower', args, 1), toText(args[0]).toLowerCase()),
  upper: (args) => (arity('upper', args, 1), toText(args[0]).toUpperCase()),
  replace: (args) => (arity('replace', args, 3), toText(args[0]).split(toText(args[1])).join(toText(args[2]))),
  index: (args, names, ctx) => {
    arity('index', args, 2, Infinity);
    let name = names[0];
    let value = args[0];
    for (const key of args.slice(1)) {
      name += `.${toText(key)}`;
      value = ctx.lazy(getMember(value, key, name), name, value);
    }
    return value;
  },
  lookup: (args, names, ctx) => {
    arity('lookup', args, 2, Infinity);
    if (typeof args[0] === 'string') return callLookup(args);
    return HELPERS.index(args, names, ctx);
  },
  eq: (args) => (arity('eq', args, 2), isEqual(args[0], args[1])),
  ne: (args) => (arity('ne', args, 2), !isEqual(args[0], args[1])),
  lt: (args) => (arity('lt', args, 2), num(args[0], 'lt') < num(args[1], 'lt')),
  le: (args) => (arity('le', args, 2), num(args[0], 'le') <= num(args[1], 'le')),
  gt: (args) => (arity('gt', args, 2), num(args[0], 'gt') > num(args[1], 'gt')),
  ge: (args) => (arity('ge', args, 2), num(args[0], 'ge') >= num(args[1], 'ge')),
  and: (args) => (arity('and', args, 1, Infinity), args.every(isTruthy)),
  or: (args) => (arity('or', args, 1, Infinity), args.some(isTruthy)),
  not: (args) => (arity('not', args, 1), !isTruthy(args[0])),
  concat: (args) => (args.every(Array.isArray) ? (args as unknown[][]).flat() : args.map(toText).join('')),
  split: (args) => (arity('split', args, 1, 2), toText(args[0]).split(args.length > 1 ? toText(args[1]) : ',')),
  first: (args) => (arity('first', args, 1), need(getMember(args[0], 0, 'first'))),
  last: (args) => (arity('last', args, 1), need(getMember(args[0], -1, 'last'))),
  length: (args) => (arity('length', args, 1), sizeOf(args[0])),
  includes: (args) => {
    arity('includes', args, 2);
    const [c, item] = args;
    return typeof c === 'string' ? c.includes(toText(item)) : list(c, 'includes').some((x) => isEqual(x, item));
  },
  range: (args) => {
    arity('range', args, 2, 3);
    const [start, end, step = 1] = args.map((a) => num(a, 'range'));
    if (step === 0) throw templateError('range: step must not be 0');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
};

/** Block helpers ({{#each}}, {{#if}}), run by the renderer itself. */
export const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
