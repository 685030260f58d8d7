// The version test: Python's LooseVersion / StrictVersion ordering of version strings, with Ansible's operator names.

import { pyCompare } from './py-ops.js';
import { templateError } from './values.js';

const OPERATORS: Record<string, string> = { '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne' };

/** LooseVersion: runs of digits (as numbers) and of letters; dots separate. */
function loose(v: string): unknown[] {
  return v
    .split(/(\d+|[a-z]+|\.)/i)
    .filter((x) => x && x !== '.')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/** StrictVersion: N.N[.N][(a|b)N]; a release sorts after its pre-releases. */
function strict(v: string): unknown[] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v);
  if (!m) throw templateError(`invalid version number '${v}'`);
  const pre = m[5] ? [m[5][0], Number(m[6])] : ['z', 0];
  return [Number(m[1]), Number(m[2]), Number(m[4] ?? 0), ...pre];
}

export function compareVersions(a: string, b: string, operator: string, type: string): boolean {
  const op = OPERATORS[operator];
  if (!op) throw templateError(`Invalid operator type (${operator})`);
  const parse = type === 'strict' ? strict : type === 'loose' || type === 'semver' || type === 'semantic' || type === 'pep440' ? loose : null;
  if (!parse) throw templateError(`Invalid version type (${type})`);
  let c: number;
  try {
    c = pyCompare(parse(a), parse(b));
  } catch (e) {
    throw templateError(`Version comparison failed: ${(e as Error).message}`);
  }
  return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[op]!;
}
