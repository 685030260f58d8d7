// Module arguments → XmlEdit: one place that checks the combination of options and parses the XPath.
import { CarbonPlayError } from '../core/errors.js';
import type { XmlEdit } from './operations.js';
import { renderShape, shapeFromYaml } from './build.js';
import { parseXPath } from './xpath-parse.js';

export type EditArgs = Record<string, unknown>;

const OPS = ['value', 'add_children', 'set_children', 'fragment'] as const;

function given(a: EditArgs, k: string): boolean {
  return a[k] !== undefined && a[k] !== null;
}

/** Problems with one edit's options (`where` prefixes each message, e.g. `edits[2]`). */
export function checkEditArgs(a: EditArgs, where: string): string[] {
  const at = where ? `${where}: ` : '';
  const issues: string[] = [];
  const ops = OPS.filter((k) => given(a, k));
  if (!given(a, 'xpath')) issues.push(`${at}expected an xpath`);
  else if (typeof a.xpath === 'string' && !a.xpath.includes('{{')) {
    try {
      parseXPath(a.xpath);
    } catch (err) {
      issues.push(`${at}${(err as Error).message}`);
    }
  }
  if (ops.length > 1) issues.push(`${at}expected one of ${OPS.join(', ')}, got ${ops.join(' and ')}`);
  if (a.state === 'absent' && ops.length > 0) issues.push(`${at}state absent takes no ${ops[0]}`);
  if (given(a, 'attribute') && a.state !== 'absent' && !given(a, 'value')) issues.push(`${at}attribute needs a value (or state: absent)`);
  if (given(a, 'attribute') && (given(a, 'add_children') || given(a, 'set_children') || given(a, 'fragment'))) {
    issues.push(`${at}attribute goes with value or state: absent only`);
  }
  if (given(a, 'ensure') && !given(a, 'fragment')) issues.push(`${at}ensure goes with fragment`);
  return issues;
}

/** A fragment as XML text: given so, or built from add_children's YAML form with every value escaped. */
function fragmentText(f: unknown): string {
  if (typeof f === 'string') return f;
  // Rendered with LF and 4 spaces; the edit re-indents it to the file's own layout and line ending.
  return renderShape(shapeFromYaml(f), '', { eol: '\n', step: '    ', maxChar: 0x10ffff });
}

/** A checked XmlEdit; throws CarbonPlayError('options') listing what is wrong. */
export function toXmlEdit(a: EditArgs, where: string): XmlEdit {
  const issues = checkEditArgs(a, where);
  if (issues.length > 0) throw new CarbonPlayError('options', issues.join('; '));
  const xpath = String(a.xpath);
  const path = parseXPath(xpath);
  let attribute = given(a, 'attribute') ? String(a.attribute) : undefined;
  const last = path.steps[path.steps.length - 1];
  // `/a/b/@c` with a value means the attribute c of /a/b, which can then be created when missing.
  if (attribute === undefined && last.axis === 'attribute' && last.preds.length === 0 && last.test.local !== '*' && path.steps.length > 1) {
    attribute = last.test.prefix ? `${last.test.prefix}:${last.test.local}` : last.test.local;
    path.steps = path.steps.slice(0, -1);
  }
  const state = a.ensure === 'absent' ? 'absent' : a.state === 'absent' ? 'absent' : 'present';
  return {
    xpath,
    path,
    value: a.value === null ? undefined : a.value,
    attribute,
    state,
    add_children: given(a, 'add_children') ? (a.add_children as unknown[]) : undefined,
    set_children: given(a, 'set_children') ? (a.set_children as unknown[]) : undefined,
    input_type: a.input_type === 'xml' ? 'xml' : 'yaml',
    fragment: state === 'present' && given(a, 'fragment') ? fragmentText(a.fragment) : undefined,
  };
}
