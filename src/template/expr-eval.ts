// Evaluates a parsed expression against the variables, Python/Jinja style, strictly: undefined variables are errors unless guarded.

import type { Node } from './expr-nodes.js';
import { callsMutatingMethod, ownCopy } from './collection-methods.js';
import { callGlobal, callMethod, isGlobal, OMIT } from './functions.js';
import { applyFilter, applyTest, GUARD_FILTERS, GUARD_TESTS } from './registry.js';
import { resolveLazy } from './lazy.js';
import { pyBinary, pyCompareOp } from './py-ops.js';
import { pyTypeName, tuple } from './py-text.js';
import { getMember, isMissing, isTruthy, Missing, templateError, undefinedError, type Scope } from './values.js';

/** What an expression sees: the task's variables, and the template's own (`{% set %}`, loop variables), innermost last. */
export interface EvalContext {
  scope: Scope;
  locals: Record<string, unknown>[];
  /** Set when the template calls a changing method (`append`, `update`): then it reads its own copy of each variable. */
  owned?: Map<string, unknown>;
}

/** `source` is the template's text: one that may call a changing method works on copies of the play's variables. */
export function createContext(scope: Scope, source = ''): EvalContext {
  return { scope, locals: [], ...(callsMutatingMethod(source) ? { owned: new Map() } : {}) };
}

/** An error raised while evaluating, with the offset of the node that raised it (the caller adds file:line:col). */
export class EvalFail extends Error {
  constructor(
    readonly cause: Error,
    readonly offset: number,
  ) {
    super(cause.message);
  }
}

/** May return a Missing (an undefined variable) for the caller's guard to judge. */
export function evaluateNode(n: Node, ctx: EvalContext): unknown {
  try {
    return evaluateUnguarded(n, ctx);
  } catch (e) {
    if (e instanceof EvalFail || !(e instanceof Error)) throw e;
    throw new EvalFail(e, n.at);
  }
}

/** The value, which must be defined. */
export function evaluateDefined(n: Node, ctx: EvalContext): unknown {
  const v = evaluateNode(n, ctx);
  if (isMissing(v)) throw new EvalFail(undefinedError(v.name), n.at);
  return v;
}

function lookupVar(name: string, ctx: EvalContext): unknown {
  for (let i = ctx.locals.length - 1; i >= 0; i--) if (Object.hasOwn(ctx.locals[i], name)) return ctx.locals[i][name];
  if (name === 'omit' && !Object.hasOwn(ctx.scope, 'omit')) return OMIT;
  if (!ctx.owned) return resolveLazy(getMember(ctx.scope, name, name), ctx.scope, name);
  // Ansible hands each template a templated copy of a variable: `append` changes that copy, never the play's data.
  if (!ctx.owned.has(name)) ctx.owned.set(name, ownCopy(resolveLazy(getMember(ctx.scope, name, name), ctx.scope, name)));
  return ctx.owned.get(name);
}

function evaluateUnguarded(n: Node, ctx: EvalContext): unknown {
  const ev = (x: Node) => evaluateDefined(x, ctx);
  switch (n.kind) {
    case 'lit':
      return n.value;
    case 'list':
      return n.items.map(ev);
    case 'tuple':
      return tuple(n.items.map(ev));
    case 'dict':
      return Object.fromEntries(n.pairs.map(([k, v]) => [String(ev(k)), ev(v)]));
    case 'var':
      return lookupVar(n.name, ctx);
    case 'get': {
      const obj = evaluateNode(n.obj, ctx);
      // The first undefined part names the error (`hostvars['nohost']`, not the whole path).
      if (isMissing(obj)) return obj;
      if (obj === null) return new Missing(n.name);
      return resolveLazy(getMember(obj, ev(n.key), n.name), ctx.scope, n.name, obj);
    }
    case 'slice':
      return sliceOf(ev(n.obj), n.start && ev(n.start), n.stop && ev(n.stop), n.step && ev(n.step));
    case 'not':
      return !isTruthy(ev(n.arg));
    case 'neg':
    case 'pos': {
      const v = ev(n.arg);
      if (typeof v !== 'number' && typeof v !== 'boolean') throw templateError(`bad operand type for unary ${n.kind === 'neg' ? '-' : '+'}: '${pyTypeName(v)}'`);
      return n.kind === 'neg' ? -Number(v) : Number(v);
    }
    case 'and': {
      const left = ev(n.left);
      return isTruthy(left) ? ev(n.right) : left;
    }
    case 'or': {
      const left = ev(n.left);
      return isTruthy(left) ? left : ev(n.right);
    }
    case 'bin':
      return pyBinary(n.op, ev(n.left), ev(n.right));
    case 'cmp': {
      let left = ev(n.first);
      for (const [op, node] of n.rest) {
        const right = ev(node);
        if (!pyCompareOp(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'cond':
      if (isTruthy(ev(n.test))) return evaluateNode(n.then, ctx);
      // Jinja's undefined for a false inline if without else prints as nothing.
      return n.else ? evaluateNode(n.else, ctx) : '';
    case 'test': {
      const arg = GUARD_TESTS.has(n.name) ? evaluateNode(n.arg, ctx) : ev(n.arg);
      return applyTest(n.name, arg, n.args.map(ev), kwargsOf(n.kwargs, ev), ctx.scope) !== n.negate;
    }
    case 'filter': {
      const arg = GUARD_FILTERS.has(n.name) ? evaluateNode(n.arg, ctx) : ev(n.arg);
      return applyFilter(n.name, arg, n.args.map(ev), kwargsOf(n.kwargs, ev), ctx.scope);
    }
    case 'call': {
      const args = n.args.map(ev);
      const kwargs = kwargsOf(n.kwargs, ev);
      if (n.callee.kind === 'var' && isGlobal(n.callee.name) && !ctx.locals.some((l) => Object.hasOwn(l, (n.callee as { name: string }).name))) {
        return callGlobal(n.callee.name, args, kwargs, ctx.scope);
      }
      if (n.callee.kind === 'get' && n.callee.dot) {
        return callMethod(ev(n.callee.obj), String((n.callee.key as { value: unknown }).value), args, kwargs, ctx.scope);
      }
      throw templateError(`'${n.callee.kind === 'var' ? n.callee.name : 'expression'}' is not callable`);
    }
  }
}

function kwargsOf(kw: Record<string, Node>, ev: (x: Node) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kw)) out[k] = ev(v);
  return out;
}

/** Python's seq[start:stop:step] on strings and lists. */
export function sliceOf(seq: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (typeof seq !== 'string' && !Array.isArray(seq)) throw templateError(`'${pyTypeName(seq)}' object is not subscriptable`);
  const items = typeof seq === 'string' ? [...seq] : seq;
  const len = items.length;
  const st = step === undefined || step === null ? 1 : Number(step);
  if (st === 0) throw templateError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === undefined || v === null) return dflt;
    let i = Number(v);
    if (i < 0) i += len;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) for (let i = norm(start, 0, 0, len); i < norm(stop, len, 0, len); i += st) out.push(items[i]);
  else for (let i = norm(start, len - 1, -1, len - 1); i > norm(stop, -1, -1, len - 1); i += st) out.push(items[i]);
  return typeof seq === 'string' ? out.join('') : out;
}
