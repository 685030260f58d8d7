// Parses handlebars text once (cached) and checks it for what the renderer cannot run: syntax, unknown helpers, partials.

import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { isKnown, recordKnown } from '../core/known-facts.js';
import { BLOCK_HELPERS, HELPERS } from './hbs-helpers.js';
import { templateError } from './values.js';

export type Program = hbs.AST.Program;
type AnyNode = hbs.AST.Node & Record<string, unknown>;

/*
 * A private environment: nothing registered globally can leak in. Made on first use, with the package: only `.hbs`
 * files and an error's hint parse handlebars, and loading it (with source-map, which its compiler loads) was part of
 * every start. A require() at the time, not an import: the bundle would run an import when its chunk loads.
 */
let env: typeof Handlebars | undefined;

function handlebarsEnv(): typeof Handlebars {
  return (env ??= (createRequire(import.meta.url)('handlebars') as typeof Handlebars).create());
}
const cache = new Map<string, Program | TemplateFault>();
const CACHE_LIMIT = 20000;

export interface TemplateFault {
  message: string;
  offset: number;
}

function isFault(v: Program | TemplateFault): v is TemplateFault {
  return 'offset' in v;
}

/** The parsed program, or throws a 'template' error naming the fault and its line. */
export function parseTemplate(text: string): Program {
  const parsed = parseCached(text);
  if (isFault(parsed)) throw templateError(`${parsed.message} (line ${lineOf(text, parsed.offset)})`);
  return parsed;
}

/*
 * Most values are text with plain `{{ name }}` / `{{ a.b }}` in it: valid, helper-free handlebars, known without the
 * parser (~0.5 ms a string; a syntax check of site.yaml checks ~300). Deliberately narrow: no `\`, no `{{{` or `}}}`,
 * no stray `}}`, only [A-Za-z_]\w* segments and none of handlebars' words; anything else is parsed.
 */
const NAME = String.raw`(?!(?:else|this|true|false|null|undefined)(?![\w]))[A-Za-z_]\w*`;
const PLAIN_MUSTACHE = String.raw`\{\{[ \t]*${NAME}(?:\.${NAME})*[ \t]*\}\}(?!\})`;
const PLAIN_TEMPLATE = new RegExp(String.raw`^(?:[^{}\\]|\{(?!\{)|\}(?!\})|${PLAIN_MUSTACHE})*$`);

/** True when the text is known valid without parsing it (see PLAIN_TEMPLATE). */
export function isPlainTemplate(text: string): boolean {
  return PLAIN_TEMPLATE.test(text);
}

/** Texts an earlier run of this build parsed without a fault (site.yaml has ~100 long ones, ~2 ms each to parse). */
const PARSES_CLEAN = 'hbs-parses-clean';

export function checkTemplate(text: string): TemplateFault | null {
  if (!text.includes('{{') || isPlainTemplate(text) || isKnown(PARSES_CLEAN, text)) return null;
  const parsed = parseCached(text);
  if (isFault(parsed)) return parsed;
  recordKnown(PARSES_CLEAN, text);
  return null;
}

function parseCached(text: string): Program | TemplateFault {
  let parsed = cache.get(text);
  if (!parsed) {
    parsed = parseUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

function parseUncached(text: string): Program | TemplateFault {
  let program: Program;
  try {
    program = handlebarsEnv().parse(text);
  } catch (e) {
    return faultFromParseError(text, e as Error & { lineNumber?: number; column?: number });
  }
  return findUnsupported(program as unknown as AnyNode, text) ?? program;
}

function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return Math.min(offset + column, text.length);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Handlebars' parser reports a line plus a caret under the last 20 characters read; find the offset they describe. */
function faultFromParseError(text: string, e: Error & { lineNumber?: number; column?: number }): TemplateFault {
  const msg = e.message;
  if (e.lineNumber !== undefined) {
    return { message: `template syntax error: ${msg.replace(/ - \d+:\d+$/, '')}`, offset: offsetAt(text, e.lineNumber, e.column ?? 0) };
  }
  const [, excerpt = '', caret = ''] = msg.split('\n');
  const got = /got '([^']+)'/.exec(msg)?.[1] ?? 'unexpected input';
  const expecting = /Expecting (.*), got/.exec(msg)?.[1]?.split(', ').slice(0, 4).join(', ');
  const pre = excerpt.slice(0, caret.length - 1);
  let offset = text.length;
  for (let pos = 0; pos <= text.length; pos++) {
    const past = text.slice(0, pos);
    const shown = (past.length > 20 ? '...' : '') + past.slice(-20).replace(/\n/g, '');
    if (shown === pre) {
      offset = pos;
      break;
    }
  }
  const open = text.lastIndexOf('{{', offset);
  if (open >= 0 && !text.slice(open).includes('}}')) return { message: "template syntax error: '{{' is never closed with '}}'", offset: open };
  const what = got === 'EOF' || offset >= text.length ? 'unexpected end of template' : `unexpected ${got === 'INVALID' ? `'${text[offset] ?? ''}'` : got}`;
  const hint = text[offset] === '|' ? " (Jinja filters are not handlebars: write {{default x 1}}, not {{ x | default(1) }})" : '';
  return { message: `template syntax error: ${what}${expecting ? ` (expected ${expecting})` : ''}${hint}`, offset };
}

/** Walks the tree for helpers that do not exist and handlebars features the renderer leaves out. */
function findUnsupported(node: AnyNode, text: string): TemplateFault | null {
  const at = (n: AnyNode) => offsetAt(text, n.loc?.start.line ?? 1, n.loc?.start.column ?? 0);
  const pathName = (p: unknown) => (p as hbs.AST.PathExpression).original;
  switch (node.type) {
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return { message: 'template partials ({{> name}}) are not supported', offset: at(node) };
    case 'Decorator':
    case 'DecoratorBlock':
      return { message: 'template decorators are not supported', offset: at(node) };
    case 'BlockStatement':
      if (!BLOCK_HELPERS.has(pathName(node.path))) {
        return { message: `unknown block helper '${pathName(node.path)}' (expected one of ${[...BLOCK_HELPERS].join(', ')})`, offset: at(node) };
      }
      if ((node.params as unknown[]).length !== 1) {
        return { message: `{{#${pathName(node.path)}}} expects 1 argument, got ${(node.params as unknown[]).length}`, offset: at(node) };
      }
      break;
    case 'MustacheStatement':
    case 'SubExpression': {
      const p = node.params as unknown[];
      const hasArgs = p.length > 0 || node.hash !== undefined || node.type === 'SubExpression';
      const path = node.path as AnyNode;
      if (hasArgs && (path.type !== 'PathExpression' || !Object.hasOwn(HELPERS, pathName(path)))) {
        return { message: `unknown helper '${pathName(path) ?? String(path.original)}'`, offset: at(path) };
      }
      break;
    }
  }
  for (const value of Object.values(node)) {
    const kids = Array.isArray(value) ? value : [value];
    for (const kid of kids) {
      if (kid && typeof kid === 'object' && typeof (kid as AnyNode).type === 'string' && kid !== node.loc) {
        const found = findUnsupported(kid as AnyNode, text);
        if (found) return found;
      }
    }
  }
  return null;
}
