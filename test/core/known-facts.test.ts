// Facts kept between runs: stored as hashes in the given folder only, merged across runs, and only what holds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { isKnown, keepKnownFactsIn, recordKnown, saveKnownFacts } from '../../src/core/known-facts.js';
import { checkExpression } from '../../src/template/expression.js';
import { checkTemplate } from '../../src/template/hbs-parse.js';
import { checkTemplateFile } from '../../src/template/jinja.js';
import { checkValue } from '../../src/template/render.js';
import { makeTempDir } from '../helpers/temp-dir.js';

afterEach(() => keepKnownFactsIn(undefined));

const LONG_VALID = '{{#each check_nodes as |a|}}{{#if (eq a "secret-ish text")}}{{a}}{{/if}}{{/each}}';

test('without a folder nothing is remembered', () => {
  keepKnownFactsIn(undefined);
  recordKnown('k', 'a text');
  expect(isKnown('k', 'a text')).toBe(false);
});

test('a recorded fact is known to the next run, and the file holds hashes, not the text', () => {
  const dir = makeTempDir('cp-facts-');
  keepKnownFactsIn(dir);
  recordKnown('k', 'a text');
  expect(isKnown('k', 'a text')).toBe(true);
  saveKnownFacts();
  keepKnownFactsIn(dir); // as a new run: the memory is gone, the folder stays
  expect(isKnown('k', 'a text')).toBe(true);
  expect(isKnown('k', 'another text')).toBe(false);
  expect(isKnown('other-kind', 'a text')).toBe(false);
  expect(readFileSync(join(dir, 'k.json'), 'utf8')).not.toContain('text');
});

test('what another run wrote meanwhile is kept; a damaged file counts as empty', () => {
  const dir = makeTempDir('cp-facts-');
  keepKnownFactsIn(dir);
  recordKnown('k', 'first');
  // Another run saves 'second' while this one is still going.
  writeFileSync(join(dir, 'k.json'), JSON.stringify([createHash('sha1').update('second').digest('base64')]));
  saveKnownFacts();
  keepKnownFactsIn(dir);
  expect(isKnown('k', 'first')).toBe(true);
  expect(isKnown('k', 'second')).toBe(true);
  writeFileSync(join(dir, 'k.json'), '{not json');
  keepKnownFactsIn(dir);
  expect(isKnown('k', 'first')).toBe(false);
});

test('checkTemplate records a text that parses, never one with a fault', () => {
  const dir = makeTempDir('cp-facts-');
  keepKnownFactsIn(dir);
  expect(checkTemplate(LONG_VALID)).toBeNull();
  expect(isKnown('hbs-parses-clean', LONG_VALID)).toBe(true);
  const bad = '{{#each check_nodes as |a|}}{{nosuch a b}}{{/each}}';
  expect(checkTemplate(bad)?.message).toContain("unknown helper 'nosuch'");
  expect(isKnown('hbs-parses-clean', bad)).toBe(false);
  saveKnownFacts();
  expect(existsSync(join(dir, 'hbs-parses-clean.json'))).toBe(true);
  keepKnownFactsIn(dir);
  expect(checkTemplate(LONG_VALID)).toBeNull();
  expect(checkTemplate(bad)?.message).toContain("unknown helper 'nosuch'");
});

test('checkExpression records an expression that parses, never one with a fault or an unknown name', () => {
  keepKnownFactsIn(makeTempDir('cp-facts-'));
  expect(checkExpression('a == 1 and b is defined')).toBeNull();
  expect(isKnown('expression-parses-clean', 'a == 1 and b is defined')).toBe(true);
  for (const bad of ['a ==', 'x | nosuch']) {
    expect(checkExpression(bad)?.message).toContain('expression syntax error');
    expect(isKnown('expression-parses-clean', bad)).toBe(false);
    expect(checkExpression(bad)?.message).toContain('expression syntax error');
  }
});

test('checkValue (Jinja values) records a value that checks clean, never one with a fault', () => {
  keepKnownFactsIn(makeTempDir('cp-facts-'));
  const good = '{{ carbon_home }}/conf/{{ item | default("x") }}';
  expect(checkValue(good)).toBeNull();
  expect(isKnown('jinja-value-clean', good)).toBe(true);
  for (const bad of ['{{ x | nosuchfilter }}', '{% if a %}never closed']) {
    expect(checkValue(bad)?.message).toContain('template syntax error');
    expect(isKnown('jinja-value-clean', bad)).toBe(false);
    expect(checkValue(bad)?.message).toContain('template syntax error');
  }
});

test('checkTemplateFile (Jinja template files) records a file that checks clean, never one with a fault', () => {
  keepKnownFactsIn(makeTempDir('cp-facts-'));
  const good = '#jinja2: trim_blocks: False\n{% for n in nodes %}<member>{{ n }}</member>\n{% endfor %}';
  expect(checkTemplateFile(good)).toBeNull();
  expect(isKnown('jinja-file-clean', good)).toBe(true);
  for (const bad of ['{{ x | nosuchfilter }}\n', '<a>\n{% for n in nodes %}never closed\n']) {
    expect(checkTemplateFile(bad)).not.toBeNull();
    expect(isKnown('jinja-file-clean', bad)).toBe(false);
    // Asked again, the fault is found again (and at the same place).
    expect(checkTemplateFile(bad)).toEqual(checkTemplateFile(bad));
    expect(checkTemplateFile(bad)).not.toBeNull();
  }
});
