// Variables whose values are templates themselves (`carbon_home: "{{ base }}/am"`) render when read, as in Ansible.

import { isJinja } from './jinja.js';
import { renderValue } from './render.js';
import { isMissing, isUnsafe, templateError, type Scope } from './values.js';

const reading: string[] = [];
const MAX_DEPTH = 40;

/** Renders a string value read from a variable if it holds `{{` (not when read from unsafe data); guards against `a: "{{ a }}"` loops. */
export function resolveLazy(value: unknown, scope: Scope, name: string, parent?: unknown): unknown {
  if (isMissing(value) || typeof value !== 'string' || !isJinja(value) || isUnsafe(parent)) return value;
  if (reading.includes(name) || reading.length >= MAX_DEPTH) {
    const chain = [...reading.slice(reading.indexOf(name)), name].join(' -> ');
    throw templateError(`recursive template variable: ${chain}`);
  }
  reading.push(name);
  try {
    return renderValue(value, scope);
  } finally {
    reading.pop();
  }
}
