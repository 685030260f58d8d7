// convertNode gives what the yaml package's node.toJSON() gives: for plain trees (its own walk) and every other kind (handed over).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { describe, expect, test } from 'vitest';
import { convertNode } from '../../src/playbook/node-to-js.js';
import { isNullNode } from '../../src/playbook/yaml-source.js';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** Same values, same own keys in the same order, same prototypes (a `__proto__` key must stay an own key). */
function shapeOf(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(shapeOf);
  return { proto: Object.getPrototypeOf(v) === Object.prototype ? 'Object' : (Object.getPrototypeOf(v) as object | null)?.constructor?.name ?? 'null', entries: v instanceof Map || v instanceof Set ? [...v.entries()].map((e) => e.map(shapeOf)) : Reflect.ownKeys(v).map((k) => [String(k), shapeOf((v as Record<PropertyKey, unknown>)[k])]) };
}

/** The converted shape, or the error thrown (the package throws for some trees without a document, e.g. merged aliases). */
function outcome(convert: () => unknown): unknown {
  try {
    return { shape: shapeOf(convert()) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const cases: [string, string, Options?][] = [
  ['nested maps, lists and scalars of every plain kind', 'a: 1\nb: [x, "y", \'z\']\nc: { d: 1.5, e: true, f: ~, g: null }\nh: |\n  block\n  text\ni: >-\n  folded\nj:\nk: 0x1F\nl: .inf\n'],
  ['number, boolean and null keys', '1: a\ntrue: b\n~: c\n2.5: d\n'],
  ['a repeated key (allowed)', 'a: 1\nb: 2\na: 3\n', { uniqueKeys: false }],
  ['a __proto__ key stays an own key', '__proto__: { polluted: 1 }\nconstructor: x\ntoString: y\n'],
  ['anchors and aliases', 'a: &x { b: 1 }\nc: *x\nd: &s text\ne: [*s, *x]\n'],
  ['merge keys (YAML 1.1)', 'base: &b { x: 1 }\nd: { <<: *b, y: 2 }\n', { merge: true }],
  ['a merge key with an inline map', 'd: { <<: { x: 1 }, y: 2 }\n', { merge: true }],
  ['a !!set and an !!omap', 's: !!set { a, b }\no: !!omap [ { a: 1 }, { b: 2 } ]\n', { version: '1.1' }],
  ['YAML 1.1 timestamps and octals', 'when: 2001-12-14t21:59:43.10-05:00\nday: 2002-12-14\nmode: 0644\nyes_word: yes\n', { version: '1.1' }],
  ['integers as bigints', 'big: 12345678901234567890\nsmall: 3\n', { intAsBigInt: true }],
  ['a collection as a key', '[a, b]: 1\n{ c: d }: 2\n'],
  ['a custom tag', 'secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n', { customTags: [{ tag: '!vault', resolve: (text: string) => text }] }],
  ['a list at the top', '- name: one\n  debug: { msg: hi }\n- block:\n    - command: ls\n'],
  ['a scalar at the top', 'just text\n'],
];

describe('convertNode equals node.toJSON()', () => {
  test.each(cases)('%s', (_name, text, options) => {
    const doc = parseDocument(text, options);
    expect(doc.errors).toEqual([]);
    expect(outcome(() => convertNode(doc.contents))).toEqual(outcome(() => doc.contents?.toJSON()));
  });

  // Every YAML file of the project's roles, playbooks and inventories.
  const root = join(import.meta.dirname, '../..');
  const yamlFiles = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
  const files = ['roles', 'playbooks', 'inventory'].flatMap((d) => yamlFiles(join(root, d))).filter((f) => !readFileSync(f, 'utf8').startsWith('$ANSIBLE_VAULT'));
  test('the project\'s YAML files', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const doc = parseDocument(readFileSync(file, 'utf8'), { customTags: [{ tag: '!vault', resolve: (text: string) => text }] });
      expect(outcome(() => convertNode(doc.contents)), file).toEqual(outcome(() => (doc.contents === null ? null : doc.contents.toJSON())));
    }
  });
});

test.each([
  ['', true], ['~', true], ['null', true], ['a: 1', false], ['[]', false], ['{}', false], ['0', false], ['""', false], ['text', false],
])('isNullNode(%j) is %s, as toJSON() === null', (text, expected) => {
  const root = parseDocument(text).contents;
  expect(isNullNode(root)).toBe(expected);
  expect(root === null || root.toJSON() === null).toBe(expected);
});
