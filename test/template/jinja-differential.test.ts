// Differential: each expression and template of the table is rendered by ansible-playbook (one run per table) and by carbon-play.

import { beforeAll, describe, expect, test } from 'vitest';
import { renderTemplateFile } from '../../src/template/index.js';
import { hasAnsible, renderWithAnsible, type AnsibleOutcome } from '../helpers/ansible-render.js';
import { EXPRESSIONS, FILE_CASES, KNOWN_DIFFERENCES, TEMPLATES, VARS } from './jinja-cases.js';

const SCOPE = { ...VARS, inventory_hostname: 'localhost' };
const exprCases = Object.fromEntries(EXPRESSIONS.map((e, i) => [`e${String(i).padStart(3, '0')}`, `{{ ${e} }}`]));
const known = Object.fromEntries(KNOWN_DIFFERENCES.map(([t], i) => [`k${i}`, t]));
const fileCases = Object.fromEntries(FILE_CASES.map((n) => [n, TEMPLATES[n]]));

function ours(text: string): AnsibleOutcome {
  try {
    return { ok: true, text: renderTemplateFile(text, SCOPE, 'case.j2') };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function compare(theirs: AnsibleOutcome | undefined, text: string): void {
  expect(theirs, 'ansible produced no result for this case').toBeDefined();
  const mine = ours(text);
  if (theirs!.ok) expect(mine).toEqual(theirs);
  else expect(mine.ok, `ansible failed (${theirs!.error.slice(0, 200)}) but carbon-play rendered ${JSON.stringify(mine)}`).toBe(false);
}

describe.skipIf(!hasAnsible)('carbon-play vs ansible-playbook: expressions and templates (lookup template, one run)', () => {
  let ansible: Record<string, AnsibleOutcome> = {};
  beforeAll(() => {
    ansible = renderWithAnsible({ ...exprCases, ...TEMPLATES, ...known }, SCOPE, 'lookup');
  }, 300_000);
  test.each(Object.entries(exprCases).map(([k, v]) => [v, k]))('%s', (text, key) => compare(ansible[key], text));
  test.each(Object.keys(TEMPLATES))('template %s', (name) => compare(ansible[name], TEMPLATES[name]));
  test.each(KNOWN_DIFFERENCES.map((k, i) => [...k, i] as const))('known difference: %s is %s in Ansible, %s here', (text, theirs, mine, i) => {
    expect(ansible[`k${i}`]).toEqual({ ok: true, text: theirs });
    expect(ours(text)).toEqual({ ok: true, text: mine });
  });
});

describe.skipIf(!hasAnsible)('carbon-play vs the template module: whole files, byte-exact (one run)', () => {
  let ansible: Record<string, AnsibleOutcome> = {};
  beforeAll(() => {
    ansible = renderWithAnsible(fileCases, SCOPE, 'module');
  }, 300_000);
  test.each(FILE_CASES)('%s', (name) => compare(ansible[name], TEMPLATES[name]));
});
