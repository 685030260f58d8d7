// Runs a parsed handlebars program over a scope: strict lookups, no HTML escaping, values kept typed until printed.

import { GUARD_HELPERS, HELPERS } from './hbs-helpers.js';
import type { Program } from './hbs-parse.js';
import { resolveLazy } from './lazy.js';
import { getMember, isMissing, isTruthy, isUnsafe, Missing, need, templateError, toText, typeName, type Scope } from './values.js';

type Expr = hbs.AST.Expression;

interface Frame {
  ctx: unknown;
  data: Record<string, unknown>;
  params: Record<string, unknown>;
  parent?: Frame;
  /** The context came from unsafe data: its strings are not rendered again. */
  raw?: boolean;
}

export function createRootFrame(scope: Scope): Frame {
  return { ctx: scope, data: { root: scope }, params: {} };
}

/** Output of a program as text. */
export function runProgram(program: Program, frame: Frame, scope: Scope): string {
  let out = '';
  for (const st of program.body) {
    switch (st.type) {
      case 'ContentStatement':
        out += (st as hbs.AST.ContentStatement).value;
        break;
      case 'MustacheStatement':
        out += toText(need(evalMustache(st as hbs.AST.MustacheStatement, frame, scope)));
        break;
      case 'BlockStatement':
        out += runBlock(st as hbs.AST.BlockStatement, frame, scope);
        break;
      // comments print nothing; partials and decorators were refused by the check
    }
  }
  return out;
}

/** The value of `{{ ... }}`, typed; may be a Missing. */
export function evalMustache(st: hbs.AST.MustacheStatement, frame: Frame, scope: Scope): unknown {
  if (st.params.length === 0 && !st.hash) return evalExpr(st.path, frame, scope);
  return callHelper(st.path as hbs.AST.PathExpression, st.params, frame, scope);
}

function callHelper(path: hbs.AST.PathExpression, params: Expr[], frame: Frame, scope: Scope): unknown {
  const helper = Object.hasOwn(HELPERS, path.original) ? HELPERS[path.original] : undefined;
  if (!helper) throw templateError(`unknown helper '${path.original}'`);
  const guard = GUARD_HELPERS.has(path.original);
  const args = params.map((p, i) => {
    const v = evalExpr(p, frame, scope);
    return guard && i === 0 ? v : need(v);
  });
  return helper(args, params.map(nameOf), { lazy: (value, name, parent) => resolveLazy(value, scope, name, parent) });
}

function nameOf(e: Expr): string {
  return e.type === 'PathExpression' ? (e as hbs.AST.PathExpression).original : e.type === 'SubExpression' ? '(expression)' : String((e as hbs.AST.Literal & { value: unknown }).value);
}

function evalExpr(e: Expr, frame: Frame, scope: Scope): unknown {
  switch (e.type) {
    case 'PathExpression':
      return lookupPath(e as hbs.AST.PathExpression, frame, scope);
    case 'SubExpression': {
      const sub = e as hbs.AST.SubExpression;
      return callHelper(sub.path, sub.params, frame, scope);
    }
    case 'UndefinedLiteral':
      return undefined;
    case 'NullLiteral':
      return null;
    default:
      return (e as hbs.AST.Literal & { value: unknown }).value;
  }
}

function lookupPath(path: hbs.AST.PathExpression, frame: Frame, scope: Scope): unknown {
  const name = path.original.replace(/^(this\.|\.\/)/, '');
  let f: Frame = frame;
  for (let d = 0; d < path.depth && f.parent; d++) f = f.parent;
  const [head, ...rest] = path.parts;
  let value: unknown;
  if (path.data) {
    value = Object.hasOwn(f.data, head) ? f.data[head] : new Missing(`@${head}`);
  } else if (head === undefined) {
    value = f.ctx;
  } else if (/^(this\b|\.)/.test(path.original)) {
    value = getMember(f.ctx, head, head);
  } else {
    value = findInFrames(f, head, path.depth === 0);
  }
  if (!f.raw) value = resolveLazy(value, scope, head ?? name);
  let sofar = path.data ? `@${head}` : head;
  for (const part of rest) {
    if (isMissing(value)) return value;
    sofar = `${sofar}.${part}`;
    value = resolveLazy(getMember(value, part, sofar), scope, sofar, value);
  }
  return value;
}

/** Block params first, then the current context, then enclosing ones (Mustache-style), so `{{#each}}` bodies still see play variables. */
function findInFrames(frame: Frame, head: string, useParams: boolean): unknown {
  for (let f: Frame | undefined = frame; f; f = f.parent) {
    if (useParams && Object.hasOwn(f.params, head)) return f.params[head];
    const v = getMember(f.ctx, head, head);
    if (!isMissing(v)) return v;
  }
  return new Missing(head);
}

function runBlock(block: hbs.AST.BlockStatement, frame: Frame, scope: Scope): string {
  const helper = block.path.original;
  if (block.params.length !== 1) throw templateError(`{{#${helper}}} expects 1 argument, got ${block.params.length}`);
  // `{{#if x}}` may test a variable that is not defined: that is what it is for.
  const raw = evalExpr(block.params[0], frame, scope);
  const value = helper === 'if' || helper === 'unless' ? raw : need(raw);
  const inverse = () => (block.inverse ? runProgram(block.inverse, frame, scope) : '');
  const child = (ctx: unknown, data: Record<string, unknown>, params: unknown[]): Frame => {
    const names = block.program.blockParams ?? [];
    const bound = Object.fromEntries(names.map((n, i) => [n, params[i]]));
    return { ctx, data: { ...frame.data, ...data }, params: bound, parent: frame, raw: isUnsafe(value) };
  };
  switch (helper) {
    case 'if':
    case 'unless': {
      const truthy = !isMissing(value) && isTruthy(value);
      return truthy === (helper === 'if') ? runProgram(block.program, frame, scope) : inverse();
    }
    case 'with':
      return value === null ? inverse() : runProgram(block.program, child(value, {}, [value]), scope);
    case 'each': {
      if (value === null) return inverse();
      if (typeof value !== 'object') throw templateError(`{{#each}} expects a list or dict, got ${typeName(value)}`);
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      if (entries.length === 0) return inverse();
      return entries
        .map(([key, item], i) => {
          const data = { index: i, key, first: i === 0, last: i === entries.length - 1 };
          return runProgram(block.program, child(item, data, [item, key]), scope);
        })
        .join('');
    }
  }
  throw templateError(`unknown block helper '${helper}'`);
}
