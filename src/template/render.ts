// Public rendering: values deep (a lone `{{ expr }}` keeps its type) and whole files for the template module.

import { createRootFrame, evalMustache, runProgram } from './hbs-render.js';
import { parseTemplate } from './hbs-parse.js';
import { isUnsafe, need, type Scope } from './values.js';

export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

/** Renders strings inside lists and objects; other values pass through unchanged. */
export function renderValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return value.includes('{{') ? renderTemplated(value, scope) : value;
  if (isUnsafe(value)) return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  }
  return value;
}

function renderTemplated(text: string, scope: Scope): unknown {
  const program = parseTemplate(text);
  const [only] = program.body;
  if (program.body.length === 1 && only.type === 'MustacheStatement') {
    const value = need(evalMustache(only as hbs.AST.MustacheStatement, createRootFrame(scope), scope));
    // A list or dict read whole may hold templated strings of its own (role defaults referring to other vars).
    return value !== null && typeof value === 'object' ? renderValue(value, scope) : value;
  }
  return runProgram(program, createRootFrame(scope), scope);
}

/** A whole file (template module): same helpers and strictness, always text. */
export function renderString(text: string, scope: Scope): string {
  if (!text.includes('{{')) return text;
  return runProgram(parseTemplate(text), createRootFrame(scope), scope);
}
