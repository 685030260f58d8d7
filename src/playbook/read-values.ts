// Typed readers for keyword values (bool, string, list, tags, conditions), plus template/expression syntax checks.
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { parseBool } from '../core/bool.js';
import { checkExpression, checkValue } from '../template/index.js';
import { isJinja } from '../template/jinja.js';
import { describeNode, errorAt, report, toJs, type Source } from './yaml-source.js';

export function readBool(src: Source, node: Node | null, path: string): boolean | undefined {
  const b = parseBool(toJs(node));
  if (b !== undefined) return b;
  report(src, node, path, `expected a boolean (true/false), got ${describeNode(node)}`);
  return undefined;
}

export function readString(src: Source, node: Node | null, path: string): string | undefined {
  const v = toJs(node);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  report(src, node, path, `expected a string, got ${describeNode(node)}`);
  return undefined;
}

/** A name a value is stored under (register, loop_var): a string that is a variable name. */
export function readVarName(src: Source, node: Node | null, path: string): string | undefined {
  const v = toJs(node);
  if (typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return v;
  report(src, node, path, `expected a variable name, got ${describeNode(node)}`);
  return undefined;
}

export function readInt(src: Source, node: Node | null, path: string): number | undefined {
  const v = toJs(node);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  report(src, node, path, `expected a non-negative integer, got ${describeNode(node)}`);
  return undefined;
}

/** A string or a list of strings. */
export function readStringList(src: Source, node: Node | null, path: string): string[] {
  if (isSeq(node)) {
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const s = readString(src, item as Node, `${path}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
  const s = readString(src, node, path);
  return s === undefined ? [] : [s];
}

/** Tags: a string, a comma-separated string, or a list. */
export function readTags(src: Source, node: Node | null, path: string): string[] {
  return readStringList(src, node, path).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
}

export function readMapping(src: Source, node: Node | null, path: string): Record<string, unknown> {
  if (isMap(node)) {
    checkTemplates(src, node, path);
    return toJs(node) as Record<string, unknown>;
  }
  report(src, node, path, `expected a mapping, got ${describeNode(node)}`);
  return {};
}

/** Conditions (when, changed_when, failed_when): a string, a boolean or a list; each syntax-checked. */
export function readConditions(src: Source, node: Node | null, path: string): string[] {
  const items = isSeq(node) ? node.items.map((n, i) => ({ n: n as Node, p: `${path}[${i}]` })) : [{ n: node, p: path }];
  const out: string[] = [];
  for (const { n, p } of items) {
    const v = toJs(n);
    if (typeof v === 'boolean' || typeof v === 'number') {
      out.push(String(v));
    } else if (typeof v === 'string') {
      if (checkExpressionAt(src, n, p, v)) out.push(v);
    } else {
      report(src, n, p, `expected a condition (string or boolean), got ${describeNode(n)}`);
    }
  }
  return out;
}

/** Checks one expression; false (and an error) when it does not parse. */
export function checkExpressionAt(src: Source, node: Node | null, path: string, text: string): boolean {
  // `when: "{{ x }}"` is tolerated, as Ansible does: the braces around the whole condition are dropped.
  const fault = checkExpression(text);
  if (!fault) return true;
  src.errors.push(errorAt(src, node, path, fault.message, offsetIn(node, fault.offset)));
  return false;
}

/** Every string under `node` containing `{{` is template-syntax-checked. */
export function checkTemplates(src: Source, node: Node | null, path: string): void {
  if (isScalar(node)) {
    if (typeof node.value !== 'string' || !isJinja(node.value)) return;
    const fault = checkValue(node.value);
    if (fault) src.errors.push(errorAt(src, node, path, fault.message, offsetIn(node, fault.offset)));
  } else if (isSeq(node)) {
    node.items.forEach((n, i) => checkTemplates(src, n as Node, `${path}[${i}]`));
  } else if (isMap(node)) {
    for (const p of node.items) checkTemplates(src, p.value as Node, `${path}.${String(isScalar(p.key) ? p.key.value : p.key)}`);
  }
}

/** Plain scalars map the offset exactly; quoted and block scalars point at the value's start. */
function offsetIn(node: Node | null, offset: number): number {
  return isScalar(node) && node.type === Scalar.PLAIN ? offset : 0;
}
