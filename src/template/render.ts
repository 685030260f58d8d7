// Public rendering: string values as Jinja (a lone `{{ expr }}` keeps its type), template files by kind, nested templates settled.

import { createRootFrame, runProgram } from './hbs-render.js';
import { checkTemplate, parseTemplate } from './hbs-parse.js';
import { checkJinja, isJinja, renderJinjaValue, renderTemplateFile } from './jinja.js';
import { pyStr } from './py-text.js';
import { isUnsafe, type Scope } from './values.js';

/** A string holding Jinja syntax (`{{ }}`, `{% %}`, `{# #}`). */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && isJinja(value);
}

/** The load-time check of a string value: its syntax and the names of its filters, tests and functions. */
export function checkValue(text: string): { message: string; offset: number } | null {
  const fault = checkJinja(text);
  if (!fault) return null;
  // YAML values were handlebars once: say so when the text is valid handlebars, so the fix is clear.
  const hint = checkTemplate(text) === null ? " (handlebars syntax: YAML values are Ansible's Jinja, e.g. {{ x | default(1) }}, {% if x %}...{% endif %})" : '';
  return { ...fault, message: `template syntax error: ${fault.message}${hint}` };
}

/** Renders strings inside lists and objects; other values pass through unchanged. */
export function renderValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return renderJinjaValue(value, scope);
  if (isUnsafe(value)) return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  }
  return value;
}

/** A string value rendered to text (task names, loop labels, delegate_to, hosts): a typed result is printed as Python prints it. */
export function renderText(text: string, scope: Scope): string {
  const v = renderValue(text, scope);
  return typeof v === 'string' ? v : pyStr(v);
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

/** Handlebars text (the `.hbs` template files): always text. */
export function renderString(text: string, scope: Scope): string {
  if (!text.includes('{{')) return text;
  return runProgram(parseTemplate(text), createRootFrame(scope), scope);
}

/** A template file: `.hbs` is handlebars, anything else is Jinja rendered as Ansible's template module does. */
export function renderFile(text: string, scope: Scope, file: string, extra: Record<string, unknown> = {}): string {
  if (file.endsWith('.hbs')) return renderString(text, { ...scope, ...extra });
  return renderTemplateFile(text, scope, file, extra);
}
