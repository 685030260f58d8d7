// Parsed trees kept between runs read back as the parser made them: kinds, ranges, scalar styles, values, line starts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { keepKnownFactsIn } from '../../src/core/known-facts.js';
import { PYYAML_OPTIONS } from '../../src/core/pyyaml-scalars.js';
import { keepTree, readCachedTree } from '../../src/playbook/yaml-tree-cache.js';
import { makeTempDir } from '../helpers/temp-dir.js';

beforeEach(() => keepKnownFactsIn(makeTempDir('cp-yaml-cache-')));
afterEach(() => keepKnownFactsIn(undefined));

/** Everything the loaders read of a tree, as plain data. */
function dump(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  const node = n as Node & { flow?: boolean };
  if (isScalar(node)) return { kind: 'scalar', value: node.value, type: node.type, format: node.format, range: node.range };
  if (isMap(node)) return { kind: 'map', flow: node.flow ?? false, range: node.range, items: node.items.map((p) => (isPair(p) ? [dump(p.key), dump(p.value)] : 'not a pair')) };
  if (isSeq(node)) return { kind: 'seq', flow: node.flow ?? false, range: node.range, items: node.items.map(dump) };
  return { kind: 'other' };
}

function parsed(text: string): { lc: LineCounter; root: Node | null } {
  const lc = new LineCounter();
  // As the loaders parse (YAML 1.1 with PyYAML's scalars), less the !vault tag.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, ...PYYAML_OPTIONS });
  expect(doc.errors).toEqual([]);
  return { lc, root: doc.contents as Node | null };
}

function roundTrip(text: string): void {
  const original = parsed(text);
  keepTree(text, original);
  const back = readCachedTree(text);
  expect(back, 'kept').toBeDefined();
  expect(dump(back!.root)).toEqual(dump(original.root));
  expect(back!.root?.toJSON() ?? null).toEqual(original.root?.toJSON() ?? null);
  expect(back!.lc.lineStarts).toEqual(original.lc.lineStarts);
  for (const offset of [0, Math.floor(text.length / 2), text.length]) expect(back!.lc.linePos(offset)).toEqual(original.lc.linePos(offset));
}

test.each([
  ['block map and list', 'a: 1\nb:\n  - x\n  - "y"\n  - \'z\'\nc: true\nd:\ne: 1.5\n'],
  ['flow collections', 'a: {x: 1, y: [1, 2, "3"]}\nb: []\n'],
  ['block scalars', 'a: |\n  line 1\n  line 2\nb: >-\n  folded\n  text\n'],
  ['a list of plays', '- hosts: all\n  tasks:\n    - name: t\n      command: echo {{ x }}\n'],
  ['a scalar document', 'just text\n'],
  ['an empty document', ''],
  ['complex keys', '? [a, b]\n: value\n'],
  // The format says how an int was written: `mode: 0644` is 420 written in octal, not a decimal 420.
  ['YAML 1.1 numbers', 'mode: 0644\nhex: 0x1F\nbin: 0b101\nbig: 1_000\nt: 1:20\nf: 1.5e+3\nplain: 420\n'],
])('%s reads back as parsed', (_name, text) => {
  roundTrip(text);
});

test('every YAML file of the roles and playbooks reads back as parsed', () => {
  const root = join(import.meta.dirname, '../..');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push(path);
    }
  };
  walk(join(root, 'roles'));
  walk(join(root, 'playbooks'));
  expect(files.length).toBeGreaterThan(10);
  let kept = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const original = parsed(text);
    keepTree(text, original);
    const back = readCachedTree(text);
    if (!back) continue; // a tag, an anchor or an alias: not kept
    kept++;
    expect(dump(back.root), file).toEqual(dump(original.root));
    expect(back.root?.toJSON() ?? null, file).toEqual(original.root?.toJSON() ?? null);
  }
  expect(kept).toBeGreaterThan(files.length / 2);
});

test.each([
  ['a !vault value', 'password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3031\n'],
  ['another tag', 'a: !!str 1\n'],
  ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
  ['a merge key', 'base: &b {x: 1}\nc:\n  <<: *b\n'],
  // JSON would write it as null.
  ['an infinite number', 'x: .inf\n'],
])('%s: not kept', (_name, text) => {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, customTags: [{ tag: '!vault', resolve: (s: string) => s }] });
  keepTree(text, { lc, root: doc.contents as Node | null });
  expect(readCachedTree(text)).toBeUndefined();
});

test('read-back nodes are the package\'s own kinds: its type guards, classes and methods answer as for parsed ones', () => {
  const text = 'a: 1\nb: [x, {c: "d"}]\n';
  const original = parsed(text);
  keepTree(text, original);
  const back = readCachedTree(text)!.root as YAMLMap;
  const seq = back.get('b') as YAMLSeq;
  const guards = (n: unknown) => [isNode(n), isCollection(n), isMap(n), isSeq(n), isScalar(n), isPair(n)];
  const nodes = (root: YAMLMap) => [root, root.items[0], root.items[0]!.key, root.get('b', true), (root.get('b') as YAMLSeq).items[1]];
  expect(nodes(back).map(guards)).toEqual(nodes(original.root as YAMLMap).map(guards));
  expect([back instanceof YAMLMap, seq instanceof YAMLSeq, back.get('a', true) instanceof Scalar]).toEqual([true, true, true]);
  expect(back.get('a')).toBe(1);
  expect(back.has('b') && !back.has('z')).toBe(true);
  expect(dump(back.clone())).toEqual(dump(original.root));
  expect(String(back.get('a', true))).toBe('1');
});

test('without a cache folder nothing is kept', () => {
  keepKnownFactsIn(undefined);
  const text = 'a: 1\n';
  keepTree(text, parsed(text));
  expect(readCachedTree(text)).toBeUndefined();
});

test('kept trees are readable by their owner only (they hold the files\' values)', () => {
  const dir = makeTempDir('cp-yaml-cache-');
  keepKnownFactsIn(dir);
  const text = 'password: plain-text-here\n';
  keepTree(text, parsed(text));
  const files = readdirSync(join(dir, 'yaml'));
  expect(files).toHaveLength(1);
  expect(statSync(join(dir, 'yaml', files[0]!)).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, 'yaml')).mode & 0o777).toBe(0o700);
});
