// Jinja templates as Ansible runs them: parse once (cached), check names at load time, render files and values.

import { CarbonPlayError } from '../core/errors.js';
import { isKnown, recordKnown } from '../core/known-facts.js';
import { EvalFail, createContext, evaluateDefined } from './expr-eval.js';
import { settle } from './render.js';
import { SyntaxFail } from './expr-lexer.js';
import { childrenOf, type Node } from './expr-nodes.js';
import { isGlobal, METHOD_NAMES, unknownFunctionMessage, unknownMethodMessage } from './functions.js';
import { normalizeNewlines, type LexOptions } from './jinja-lex.js';
import { parseTemplate, type TNode } from './jinja-parse.js';
import { runNodes } from './jinja-render.js';
import { hasFilter, hasTest, unknownFilterMessage, unknownTestMessage } from './registry.js';
import type { Scope } from './values.js';

export interface TemplateFault {
  message: string;
  offset: number;
}

const ANSIBLE: LexOptions = { trimBlocks: true, lstripBlocks: false };
const cache = new Map<string, TNode[] | TemplateFault>();
const CACHE_LIMIT = 20000;

/** A filter, test, function or method name that does not exist, found before anything runs. */
export function findUnknownName(n: Node): TemplateFault | null {
  let message: string | null = null;
  if (n.kind === 'filter' && !hasFilter(n.name)) message = unknownFilterMessage(n.name);
  else if (n.kind === 'test' && !hasTest(n.name)) message = unknownTestMessage(n.name);
  else if (n.kind === 'call') {
    const c = n.callee;
    if (c.kind === 'var' && !isGlobal(c.name)) message = unknownFunctionMessage(c.name);
    else if (c.kind === 'get' && c.dot && !METHOD_NAMES.has(String((c.key as { value: unknown }).value))) message = unknownMethodMessage(String((c.key as { value: unknown }).value));
    else if (c.kind !== 'var' && !(c.kind === 'get' && c.dot)) message = 'only functions and methods can be called';
  }
  if (message) return { message, offset: n.kind === 'call' ? n.callee.at : n.at };
  for (const child of childrenOf(n)) {
    const found = findUnknownName(child);
    if (found) return found;
  }
  return null;
}

function findUnknownInTemplate(nodes: TNode[]): TemplateFault | null {
  for (const t of nodes) {
    const exprs: Node[] = [];
    const bodies: TNode[][] = [];
    if (t.kind === 'out') exprs.push(t.expr);
    else if (t.kind === 'if') for (const b of t.branches) (b.test && exprs.push(b.test), bodies.push(b.body));
    else if (t.kind === 'for') exprs.push(t.iter, ...(t.filter ? [t.filter] : [])), bodies.push(t.body, t.else);
    else if (t.kind === 'set') exprs.push(t.value);
    else if (t.kind === 'setblock') (t.filters && exprs.push(t.filters), bodies.push(t.body));
    for (const e of exprs) {
      const f = findUnknownName(e);
      if (f) return f;
    }
    for (const b of bodies) {
      const f = findUnknownInTemplate(b);
      if (f) return f;
    }
  }
  return null;
}

function compileCached(text: string, opts: LexOptions): TNode[] | TemplateFault {
  const key = `${opts.trimBlocks ? 1 : 0}${opts.lstripBlocks ? 1 : 0}${text}`;
  let parsed = cache.get(key);
  if (!parsed) {
    try {
      const nodes = parseTemplate(text, opts);
      parsed = findUnknownInTemplate(nodes) ?? nodes;
    } catch (e) {
      if (!(e instanceof SyntaxFail)) throw e;
      parsed = { message: e.message, offset: e.offset };
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, parsed);
  }
  return parsed;
}

function isFault(v: TNode[] | TemplateFault): v is TemplateFault {
  return !Array.isArray(v);
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The syntax or name error of a template (a YAML value or a file), or null. */
export function checkJinja(text: string, opts: LexOptions = ANSIBLE): TemplateFault | null {
  const parsed = compileCached(text, opts);
  return isFault(parsed) ? parsed : null;
}

function failAt(text: string, file: string | undefined, offset: number, message: string, cause?: unknown): CarbonPlayError {
  const { line, col } = positionOf(text, offset);
  const where = file ? { loc: { file, line, col } } : {};
  return new CarbonPlayError('template', file ? message : `${message} (line ${line}, column ${col})`, where, { cause });
}

/** Runs parsed nodes, turning evaluation errors into template errors at their place in `text`. */
function runCompiled<T>(text: string, opts: LexOptions, file: string | undefined, run: (nodes: TNode[]) => T): T {
  const parsed = compileCached(text, opts);
  if (isFault(parsed)) throw failAt(text, file, parsed.offset, parsed.message);
  try {
    return run(parsed);
  } catch (e) {
    if (e instanceof EvalFail) throw failAt(text, file, e.offset, e.message, e.cause);
    throw e;
  }
}

/** Ansible's `#jinja2: trim_blocks: False, lstrip_blocks: True` first line. */
function readOverrides(text: string): { body: string; opts: LexOptions } {
  if (!text.startsWith('#jinja2:')) return { body: text, opts: ANSIBLE };
  const eol = text.indexOf('\n');
  const line = text.slice('#jinja2:'.length, eol < 0 ? undefined : eol);
  const opts = { ...ANSIBLE };
  for (const pair of line.split(',')) {
    const [k, v] = pair.split(':').map((s) => s.trim());
    if (k === 'trim_blocks') opts.trimBlocks = v === 'True';
    else if (k === 'lstrip_blocks') opts.lstripBlocks = v === 'True';
  }
  return { body: eol < 0 ? '' : text.slice(eol + 1), opts };
}

function trailingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s[s.length - 1 - n] === '\n') n++;
  return n;
}

/** A template file, rendered byte for byte as Ansible's template module renders it. */
export function renderTemplateFile(text: string, scope: Scope, file?: string, extra: Record<string, unknown> = {}): string {
  const { body, opts } = readOverrides(text);
  const source = normalizeNewlines(body);
  const ctx = createContext(scope, source);
  ctx.locals.push({ ...extra });
  return keepTrailingNewlines(body, runCompiled(source, opts, file, (nodes) => runNodes(nodes, ctx)));
}

/** Ansible puts back the trailing newlines Jinja drops. */
function keepTrailingNewlines(source: string, out: string): string {
  const missing = trailingNewlines(source) - trailingNewlines(out);
  return missing > 0 ? out + '\n'.repeat(missing) : out;
}

/** Text that may hold Jinja (`{{ }}`, `{% %}`, `{# #}`). */
export function isJinja(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/** A string value from YAML: text as Ansible renders it, except that a value that is exactly one `{{ expr }}` keeps its type. */
export function renderJinjaValue(text: string, scope: Scope): unknown {
  if (!isJinja(text)) return text;
  const source = normalizeNewlines(text);
  const ctx = createContext(scope, source);
  ctx.locals.push({});
  return runCompiled(source, ANSIBLE, undefined, (nodes) => {
    if (nodes.length === 1 && nodes[0].kind === 'out' && !text.endsWith('\n')) {
      const value = evaluateDefined(nodes[0].expr, ctx);
      return typeof value === 'string' ? keepTrailingNewlines(text, value) : settle(value, scope);
    }
    return keepTrailingNewlines(text, runNodes(nodes, ctx));
  });
}

const FILE_CLEAN = 'jinja-file-clean';

/** The load-time check of a template file: syntax and names, with the file's own line numbers. */
export function checkTemplateFile(text: string): TemplateFault | null {
  // A file an earlier run of this build found clean is not parsed again (src/core/known-facts.ts).
  if (isKnown(FILE_CLEAN, text)) return null;
  const { body, opts } = readOverrides(text);
  const fault = checkJinja(normalizeNewlines(body), opts);
  if (!fault) recordKnown(FILE_CLEAN, text);
  if (!fault || body === text) return fault;
  return { ...fault, offset: fault.offset + (text.length - body.length) };
}
