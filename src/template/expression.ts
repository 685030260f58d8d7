// `when`, `changed_when`, `failed_when`, `until`, assert's `that`: Jinja expressions, checked at load time, evaluated at run time.

import { CarbonPlayError } from '../core/errors.js';
import { isKnown, recordKnown } from '../core/known-facts.js';
import { createContext, evaluateDefined, EvalFail } from './expr-eval.js';
import { SyntaxFail } from './expr-lexer.js';
import { parseExpression, type Node } from './expr-parser.js';
import { findUnknownName, type TemplateFault } from './jinja.js';
import { settle } from './render.js';
import { getMember, isTruthy, type Scope } from './values.js';

const cache = new Map<string, Node | TemplateFault>();
const CACHE_LIMIT = 20000;
const VAR_NAME = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/;

/** Ansible users write `when: "{{ x == 1 }}"`: the braces around a whole condition are dropped. */
function unwrap(text: string): { body: string; shift: number } {
  const m = /^(\s*\{\{-?)([\s\S]*?)(-?\}\}\s*)$/.exec(text);
  if (m && !m[2].includes('{{') && !m[2].includes('}}')) return { body: m[2], shift: m[1].length };
  return { body: text, shift: 0 };
}

function isFault(p: Node | TemplateFault): p is TemplateFault {
  return !('kind' in p);
}

function parseCached(text: string): Node | TemplateFault {
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

function faultOf(text: string): TemplateFault | null {
  if (text.trim() === '') return { message: 'expected an expression, got an empty string', offset: 0 };
  const parsed = parseCached(text);
  return isFault(parsed) ? { message: `expression syntax error: ${parsed.message}`, offset: parsed.offset } : null;
}

/** Expressions an earlier run of this build found clean (the load-time check of site.yaml has ~200). */
const PARSES_CLEAN = 'expression-parses-clean';

/** The load-time check. */
export function checkExpression(text: string): TemplateFault | null {
  if (isKnown(PARSES_CLEAN, text)) return null;
  const fault = faultOf(text);
  if (!fault) recordKnown(PARSES_CLEAN, text);
  return fault;
}

/** The typed value of one expression; errors name the column in the expression. */
export function evaluateExpression(text: string, scope: Scope): unknown {
  const fault = faultOf(text);
  if (fault) throw new CarbonPlayError('template', `${fault.message} (column ${fault.offset + 1} of '${text}')`);
  try {
    return settle(evaluateDefined(parseCached(text) as Node, createContext(scope, text)), scope);
  } catch (e) {
    if (e instanceof EvalFail) throw new CarbonPlayError('template', `${e.message} (column ${e.offset + 1} of '${text}')`, {}, { cause: e.cause });
    throw e;
  }
}

/**
 * A condition's truth. As in Ansible, a condition that is a bare variable holding text is that text read as
 * a condition: `when: flag` with `flag=false` from an INI file is false.
 */
export function evaluateCondition(text: string, scope: Scope, depth = 0): boolean {
  if (VAR_NAME.test(text) && depth < 10) {
    const raw = settle(getMember(scope, text.trim(), text.trim()), scope);
    if (typeof raw === 'string' && raw.trim() !== '' && raw.trim() !== text.trim()) return evaluateCondition(raw, scope, depth + 1);
  }
  return isTruthy(evaluateExpression(text, scope));
}
