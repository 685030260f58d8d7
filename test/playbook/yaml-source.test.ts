// readYamlFile: each text is parsed once per process (a role used by several plays), an edited file is parsed again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { CarbonPlayError } from '../../src/core/errors.js';
import { readYamlFile } from '../../src/playbook/yaml-source.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const dir = makeTempDir('yaml-source-');

test('the same text read twice gives the same parsed nodes; changed text is parsed again', () => {
  const file = join(dir, 'main.yml');
  writeFileSync(file, '- name: one\n  debug: { msg: hi }\n');
  const errors: CarbonPlayError[] = [];
  const first = readYamlFile(file, errors);
  const second = readYamlFile(file, errors);
  expect(first?.root).toBeDefined();
  expect(second?.root).toBe(first?.root);
  writeFileSync(file, '- name: two\n  debug: { msg: hi }\n');
  const third = readYamlFile(file, errors);
  expect(third?.root).not.toBe(first?.root);
  expect(JSON.stringify(third?.root)).toContain('two');
  expect(errors).toEqual([]);
});

test('a broken file reports its error on every read, each into the caller\'s list', () => {
  const file = join(dir, 'broken.yml');
  writeFileSync(file, 'a: 1\na: 2\n');
  const lists: CarbonPlayError[][] = [[], []];
  for (const errors of lists) expect(readYamlFile(file, errors)).toBeUndefined();
  for (const errors of lists) expect(errors.map((e) => e.format())).toEqual([`${file}:2:1: duplicate key in mapping (each key may appear once)`]);
});
