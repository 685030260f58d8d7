// `when`, `changed_when`, `failed_when`, `until`: check at load time, evaluate at run time.

import { CarbonPlayError } from '../core/errors.js';
import { SyntaxFail } from './expr-lexer.js';
import { parseExpression, type Node } from './expr-parser.js';
import { evaluateNode, findUnknownName } from './expr-eval.js';
import { renderValue } from './render.js';
import { isTruthy, need, type Scope } from './values.js';

const cache = new Map<string, Node | { message: string; offset: number }>();
const CACHE_LIMIT = 20000;

/** Ansible users write `when: "{{ x == 1 }}"`: the braces around a whole condition are dropped. */
function unwrap(text: string): { body: string; shift: number } {
  const m = /^(\s*\{\{-?)([\s\S]*?)(-?\}\}\s*)$/.exec(text);
  if (m && !m[2].includes('{{') && !m[2].includes('}}')) return { body: m[2], shift: m[1].length };
  return { body: text, shift: 0 };
}

function parseCached(text: string): Node | { message: string; offset: number } {
  let parsed = cache.get(text);
  if (!parsed) {
    const { body, shift } = unwrap(text);
    try {
      const node = parseExpression(body);
      const unknown = findUnknownName(node);
      parsed = unknown ? { message: unknown.message, offset: unknown.offset + shift } : node;
    } catch (e) {
      if (!(e instanceof SyntaxFail)) throw e;
      parsed = { message: e.message, offset: e.offset + shift };
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

function isFault(p: Node | { message: string; offset: number }): p is { message: string; offset: number } {
  return 'message' in p && 'offset' in p && !('kind' in p);
}

export function checkExpression(text: string): { message: string; offset: number } | null {
  if (text.trim() === '') return { message: 'expected an expression, got an empty string', offset: 0 };
  const parsed = parseCached(text);
  return isFault(parsed) ? { message: `expression syntax error: ${parsed.message}`, offset: parsed.offset } : null;
}

export function evaluateExpression(text: string, scope: Scope): unknown {
  const fault = checkExpression(text);
  if (fault) throw new CarbonPlayError('template', `${fault.message} (column ${fault.offset + 1} of '${text}')`);
  const value = need(evaluateNode(parseCached(text) as Node, scope));
  return value !== null && typeof value === 'object' ? renderValue(value, scope) : value;
}

export function evaluateCondition(text: string, scope: Scope): boolean {
  return isTruthy(evaluateExpression(text, scope));
}
