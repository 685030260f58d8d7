// Public rendering: values deep (a lone `{{ expr }}` keeps its type), template files by kind, and settling nested templates.

import { createRootFrame, evalMustache, runProgram } from './hbs-render.js';
import { checkTemplate, parseTemplate } from './hbs-parse.js';
import { checkJinja, isJinja, renderJinjaValue, renderTemplateFile } from './jinja.js';
import { pyStr } from './py-text.js';
import { isUnsafe, need, toText, type Scope } from './values.js';

export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

// PHASE SWITCH (removed when the project's content has moved to Jinja): YAML values still render with handlebars.
let valuesInJinja = false;
export function useJinjaForValues(on: boolean): void {
  valuesInJinja = on;
}

/** The load-time check of a string value: its syntax and names. */
export function checkValue(text: string): { message: string; offset: number } | null {
  if (valuesInJinja) {
    const fault = checkJinja(text);
    return fault && { ...fault, message: `template syntax error: ${fault.message}` };
  }
  return checkTemplate(text);
}

/** Renders strings inside lists and objects; other values pass through unchanged. */
export function renderValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string' && valuesInJinja) return renderJinjaValue(value, scope);
  if (typeof value === 'string') return value.includes('{{') ? renderTemplated(value, scope) : value;
  if (isUnsafe(value)) return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  }
  return value;
}

/** A string value rendered to text (task names, loop labels, delegate_to, hosts): a typed result is printed. */
export function renderText(text: string, scope: Scope): string {
  const v = renderValue(text, scope);
  return typeof v === 'string' ? v : valuesInJinja ? pyStr(v) : toText(v);
}

/**
 * A list or dict read whole from a variable, with the templates inside it rendered (role defaults that refer to
 * other variables). A string is returned as it is: variables render when read, and a computed string never again.
 */
export function settle(value: unknown, scope: Scope): unknown {
  if (value === null || typeof value !== 'object' || isUnsafe(value) || !holdsTemplate(value)) return value;
  return renderValue(value, scope);
}

function holdsTemplate(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return isJinja(v);
  if (v === null || typeof v !== 'object' || depth > 50 || isUnsafe(v)) return false;
  return Object.values(v).some((x) => holdsTemplate(x, depth + 1));
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

/** Handlebars text (the `.hbs` template files): same helpers and strictness as before, always text. */
export function renderString(text: string, scope: Scope): string {
  if (!text.includes('{{')) return text;
  return runProgram(parseTemplate(text), createRootFrame(scope), scope);
}

/** A template file: `.hbs` is handlebars, anything else is Jinja rendered as Ansible's template module does. */
export function renderFile(text: string, scope: Scope, file: string, extra: Record<string, unknown> = {}): string {
  if (file.endsWith('.hbs')) return renderString(text, { ...scope, ...extra });
  return renderTemplateFile(text, scope, file, extra);
}
