// The parser-free check of plain `{{ name }}` templates: it accepts only what handlebars parses without a fault.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { checkTemplate, isPlainTemplate, parseTemplate } from '../../src/template/hbs-parse.js';

test.each([
  ['{{carbon_home}}/repository/conf', true],
  ['{{ a.b }} and {{ c_1 }}', true],
  ['x { y } z {{q}}', true],
  ['{ {{a}}', true],
  ['{{elsewhere}}', true],
  ['no braces', true],
  ['x{{a}}}', false],
  ['{{{a}}}', false],
  ['{{{a}}', false],
  ['{{else}}', false],
  ['{{ this }}', false],
  ['{{a.else}}', false],
  ['{{true}}', false],
  ['{{a b}}', false],
  ['{{add a 1}}', false],
  ['a}}b{{c}}', false],
  ['\\{{a}}', false],
  ['{{~a}}', false],
  ['{{a\n}}', false],
  ['{{!c}}', false],
  ['{{#if a}}x{{/if}}', false],
  ['{{1a}}', false],
])('%j plain: %s', (text, plain) => {
  expect(isPlainTemplate(text)).toBe(plain);
});

/** Whether handlebars itself (the full parse and the helper walk) accepts the text. */
function parsesClean(text: string): boolean {
  try {
    parseTemplate(text);
    return true;
  } catch {
    return false;
  }
}

describe('every text called plain parses without a fault', () => {
  test('generated texts (seeded)', () => {
    const pieces = ['{{a}}', '{{ b.c }}', '{{else}}', '{{ true }}', '{{this}}', '{{{', '}}}', '{{', '}}', '{', '}', 'a', 'b_1', '.', ' ', '\t', 'else', 'this', '\\', '#if', '/if', '~', '!', '>', '1', 'x y', '(', ')', '\n', '"'];
    let seed = 20261202;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let plain = 0;
    for (let i = 0; i < 20000; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 9) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      if (!isPlainTemplate(text)) continue;
      plain++;
      expect(parsesClean(text), JSON.stringify(text)).toBe(true);
    }
    // The generator must reach the fast path often enough for this to mean something.
    expect(plain).toBeGreaterThan(500);
  });

  test("the project's own role, playbook and inventory values", () => {
    const root = join(import.meta.dirname, '../..');
    const texts = new Set<string>();
    const visit = (v: unknown): void => {
      if (typeof v === 'string' && v.includes('{{')) texts.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) visit(doc.toJS());
      }
    };
    for (const dir of ['roles', 'playbooks', 'inventory']) walk(join(root, dir));
    const plain = [...texts].filter(isPlainTemplate);
    expect(plain.length).toBeGreaterThan(0);
    for (const text of plain) expect(parsesClean(text), JSON.stringify(text)).toBe(true);
    // And checkTemplate agrees with the parser on all of them, plain or not.
    for (const text of texts) expect(checkTemplate(text) === null, JSON.stringify(text)).toBe(parsesClean(text));
  });
});
