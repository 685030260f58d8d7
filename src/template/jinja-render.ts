// Runs a parsed template: outputs print as Python's str() (None prints nothing, as Ansible's finalize does).

import { evaluateDefined, evaluateNode, type EvalContext } from './expr-eval.js';
import { iterate } from './filters-list.js';
import type { TNode } from './jinja-parse.js';
import { pyStr } from './py-text.js';
import { settle } from './render.js';
import { isTruthy, Missing, templateError } from './values.js';

/** The text of `{{ value }}` in a template. */
export function printValue(v: unknown, ctx: EvalContext): string {
  return v === null ? '' : pyStr(settle(v, ctx.scope));
}

export function runNodes(nodes: TNode[], ctx: EvalContext): string {
  let out = '';
  for (const n of nodes) out += runNode(n, ctx);
  return out;
}

function assign(ctx: EvalContext, targets: string[], value: unknown, into = ctx.locals[ctx.locals.length - 1]): void {
  if (targets.length === 1) {
    into[targets[0]] = value;
    return;
  }
  const items = Array.isArray(value) ? value : iterate(value);
  if (items.length !== targets.length) throw templateError(`cannot unpack ${items.length} values into ${targets.length} names (${targets.join(', ')})`);
  targets.forEach((t, i) => (into[t] = items[i]));
}

function runNode(n: TNode, ctx: EvalContext): string {
  switch (n.kind) {
    case 'text':
      return n.value;
    case 'out':
      return printValue(evaluateDefined(n.expr, ctx), ctx);
    case 'if':
      for (const b of n.branches) {
        if (b.test === null || isTruthy(evaluateDefined(b.test, ctx))) return runNodes(b.body, ctx);
      }
      return '';
    case 'for':
      return runFor(n, ctx);
    case 'set':
      assign(ctx, n.targets, evaluateDefined(n.value, ctx));
      return '';
    case 'setblock': {
      const text = runNodes(n.body, ctx);
      if (!n.filters) assign(ctx, [n.target], text);
      else {
        ctx.locals.push({ __block__: text });
        try {
          assign(ctx, [n.target], evaluateNode(n.filters, ctx), ctx.locals[ctx.locals.length - 2]);
        } finally {
          ctx.locals.pop();
        }
      }
      return '';
    }
  }
}

function runFor(n: Extract<TNode, { kind: 'for' }>, ctx: EvalContext): string {
  let items = iterate(settle(evaluateDefined(n.iter, ctx), ctx.scope), 'for');
  if (n.filter) {
    const test = n.filter;
    items = items.filter((item) => {
      const frame: Record<string, unknown> = {};
      assign(ctx, n.targets, item, frame);
      ctx.locals.push(frame);
      try {
        return isTruthy(evaluateDefined(test, ctx));
      } finally {
        ctx.locals.pop();
      }
    });
  }
  if (items.length === 0) return runNodes(n.else, ctx);
  let out = '';
  const length = items.length;
  items.forEach((item, i) => {
    const loop = {
      index: i + 1,
      index0: i,
      revindex: length - i,
      revindex0: length - i - 1,
      first: i === 0,
      last: i === length - 1,
      length,
      depth: 1,
      depth0: 0,
      previtem: i > 0 ? items[i - 1] : new Missing('loop.previtem'),
      nextitem: i < length - 1 ? items[i + 1] : new Missing('loop.nextitem'),
    };
    const frame: Record<string, unknown> = { loop };
    assign(ctx, n.targets, item, frame);
    ctx.locals.push(frame);
    try {
      out += runNodes(n.body, ctx);
    } finally {
      ctx.locals.pop();
    }
  });
  return out;
}
