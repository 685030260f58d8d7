// The project's own roles, playbooks and inventories hold Jinja only: every templated YAML value, INI value,
// condition and .j2 file parses as Ansible's Jinja, and no handlebars form (blocks, helper calls) is left.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkExpression, checkJinja, checkTemplateFile } from '../../src/template/index.js';

const ROOT = join(import.meta.dirname, '../..');
const CONDITION_KEYS = new Set(['when', 'changed_when', 'failed_when', 'until', 'that']);
// Handlebars markers that also happen to parse as Jinja names (`{{else}}`) or are easy to miss.
const HANDLEBARS_MARKERS = /\{\{\s*[#/^>!&~]|\{\{\s*else\s*\}\}|\{\{\{/;

/** Why a templated value is not Ansible's Jinja, or null when it is. */
function findNonJinja(text: string): string | null {
  const marker = HANDLEBARS_MARKERS.exec(text);
  if (marker) return `handlebars syntax '${marker[0]}'`;
  const fault = checkJinja(text);
  return fault && fault.message;
}

/** Why a condition (when:, assert's that:) is not a Jinja expression, or null. */
function findNonJinjaCondition(text: string): string | null {
  const fault = checkExpression(text);
  return fault && fault.message;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every string in a YAML document, with whether it sits under a condition key. */
function* walkStrings(v: unknown, condition = false): Generator<[string, boolean]> {
  if (typeof v === 'string') yield [v, condition];
  else if (Array.isArray(v)) for (const x of v) yield* walkStrings(x, condition);
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walkStrings(x, CONDITION_KEYS.has(k));
}

/** Every fault in one file of roles/, playbooks/ or inventory/: `file: fault: value`. */
function findFaults(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const name = relative(ROOT, file);
  const faults: string[] = [];
  const report = (value: string, why: string | null) => why && faults.push(`${name}: ${why}: ${value}`);
  if (file.endsWith('.hbs')) return [`${name}: a handlebars template file (the project's own templates are .j2)`];
  if (file.endsWith('.j2')) {
    const hbs = HANDLEBARS_MARKERS.exec(text);
    report('(the file)', hbs ? `handlebars syntax '${hbs[0]}'` : checkTemplateFile(text)?.message ?? null);
  } else if (/\.ya?ml$/.test(file)) {
    for (const [s, condition] of walkStrings(parse(text))) {
      if (condition) report(s, findNonJinjaCondition(s));
      else if (/\{\{|\{%|\{#/.test(s)) report(s, findNonJinja(s));
    }
  } else {
    // INI inventories: a templated value is a line's text after `=`.
    for (const line of text.split('\n')) if (line.includes('{{')) report(line, findNonJinja(line));
  }
  return faults;
}

describe('no handlebars in YAML values', () => {
  // The detector itself: handlebars-only forms fail it, Ansible's forms pass.
  test.each([
    '{{default carbon_port 9443}}',
    "{{lookup 'env' 'HOME'}}",
    "{{index hostvars (first (index groups 'carbon')) 'ansible_host'}}",
    '{{#if a}}x{{/if}}',
    '{{#each xs as |x|}}{{x}}{{/each}}',
    '{{#if a}}x{{else}}y{{/if}}',
    '{{ x }}{{else}}',
    '{{{ raw }}}',
    '{{!-- note --}}',
    '{{add (mul offset 100) 1}}',
    '{{ a if (eq a b) else c }}',
  ])('handlebars fails the check: %s', (value) => {
    expect(findNonJinja(value)).not.toBeNull();
  });
  test.each([
    '{{ carbon_port | default(9443) }}',
    "{{ lookup('env', 'HOME') }}/.cache",
    "{{ hostvars[groups['carbon'] | first]['ansible_host'] }}",
    '{% if a | bool %}x{% else %}y{% endif %}',
    '{% for x in xs %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}',
  ])('Jinja passes the check: %s', (value) => {
    expect(findNonJinja(value)).toBeNull();
  });
  test.each(['(eq a b)', 'and a b'])('a handlebars condition fails the check: %s', (value) => {
    expect(findNonJinjaCondition(value)).not.toBeNull();
  });

  test.each(['roles', 'playbooks', 'inventory'])('every templated value, condition and template file in %s/ is Jinja', (dir) => {
    const files = listFiles(join(ROOT, dir));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap(findFaults)).toEqual([]);
  });
});
