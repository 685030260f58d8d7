// The code cache: a cached file runs as compiled fresh, caches are written at exit, and an edit never runs stale code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';

const source = readFileSync(join(import.meta.dirname, '../../src/cli/code-cache.cts'), 'utf8');
// CommonJS, as tsc emits the .cts file for the bin.
const codeCacheJs = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;

/** `keyedByName`: the source of the function given to installCodeCache, if any. */
function setUp(roots?: string[], keyedByName?: string): { dir: string; run: () => string } {
  const dir = makeTempDir('cp-code-cache-');
  writeFileSync(join(dir, 'code-cache.cjs'), codeCacheJs);
  writeFileSync(join(dir, 'main.mjs'), [
    "import { createRequire } from 'node:module';",
    "import { installCodeCache } from './code-cache.cjs';",
    `installCodeCache(${JSON.stringify(join(dir, 'cache'))}, ${JSON.stringify(roots ?? [join(dir, 'lib')])}${keyedByName ? `, ${keyedByName}` : ''});`,
    "console.log(createRequire(import.meta.url)('./lib/value.cjs').value());",
  ].join('\n'));
  return { dir, run: () => execFileSync(process.execPath, [join(dir, 'main.mjs')], { encoding: 'utf8' }).trim() };
}

test('a cache is written at exit and used by the next run, with the same result', () => {
  const { dir, run } = setUp();
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => [1, 2, 3].map((n) => n * 2).join(",");');
  expect(existsSync(join(dir, 'cache'))).toBe(false);
  expect(run()).toBe('2,4,6');
  expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.v8'))).toHaveLength(1);
  expect(run()).toBe('2,4,6');
});

test('an edit of the same length runs the new code (V8 checks only the length of the source)', () => {
  const { dir, run } = setUp();
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => "old";');
  expect(run()).toBe('old');
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => "new";');
  expect(run()).toBe('new');
  expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.v8'))).toHaveLength(2);
});

test.each([
  ['keyed by its name', 1, '(f) => f.endsWith("/value.cjs")'],
  ['keyed by its text', 2, undefined],
])('a file %s: an edit of another length runs the new code; %i cache file(s)', (_name, count, keyedByName) => {
  const { dir, run } = setUp(undefined, keyedByName);
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => "old";');
  expect(run()).toBe('old');
  expect(run()).toBe('old');
  // V8 rejects a cache made for a source of another length; the file is compiled again and its cache rewritten.
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => "newer";');
  expect(run()).toBe('newer');
  expect(run()).toBe('newer');
  expect(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.v8'))).toHaveLength(count);
});

test.each([
  ['keyed by its name: NAME.v8, and node:crypto is never loaded', '(f) => f.endsWith("/value.cjs")', ['value.cjs.v8'], 'false'],
  ['keyed by its text: a SHA-1 hex name', undefined, [expect.stringMatching(/^[0-9a-f]{40}\.v8$/)], 'true'],
])('a file %s', (_name, keyedByName, files, cryptoLoaded) => {
  const { dir, run } = setUp(undefined, keyedByName);
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => process.moduleLoadList.includes("NativeModule crypto");');
  expect(run()).toBe(cryptoLoaded);
  expect(run()).toBe(cryptoLoaded);
  expect(readdirSync(join(dir, 'cache'))).toEqual(files);
});

test('a file with import() in it is compiled without the cache (import() must reach Node\'s loader)', () => {
  const { dir, run } = setUp();
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => typeof (() => import("node:os"));');
  expect(run()).toBe('function');
  expect(existsSync(join(dir, 'cache'))).toBe(false);
});

test.each([
  ['a path part', '/lib/', 1],
  ['another folder', '/elsewhere', 0],
])('roots given as %s (%s): %i cache(s) written', (_name, root, count) => {
  const { dir, run } = setUp([root]);
  execFileSync('mkdir', [join(dir, 'lib')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => "v";');
  expect(run()).toBe('v');
  expect(existsSync(join(dir, 'cache')) ? readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.v8')).length : 0).toBe(count);
});

test('each file\'s require resolves from its own folder (files of one folder share one require)', () => {
  const { dir, run } = setUp();
  execFileSync('mkdir', ['-p', join(dir, 'lib/sub')]);
  writeFileSync(join(dir, 'lib/value.cjs'), 'exports.value = () => [require("./b.cjs"), require("./sub/c.cjs"), require.resolve("./b.cjs").endsWith("/lib/b.cjs")].join(",");');
  writeFileSync(join(dir, 'lib/b.cjs'), 'module.exports = "lib-b";');
  writeFileSync(join(dir, 'lib/sub/c.cjs'), 'module.exports = require("./b.cjs") + "+" + require.resolve("./b.cjs").endsWith("/lib/sub/b.cjs");');
  writeFileSync(join(dir, 'lib/sub/b.cjs'), 'module.exports = "sub-b";');
  expect(run()).toBe('lib-b,sub-b+true,true');
  expect(run()).toBe('lib-b,sub-b+true,true');
});

// A root folder's `./name.cjs` is loaded without Node's resolution; it must behave as Node's require does.
test.each([
  ['the same module twice, cached under its path', {
    'value.cjs': 'const a = require("./b.cjs"); exports.value = () => [a === require("./b.cjs"), require.cache[require.resolve("./b.cjs")].exports === a, a.file.endsWith("/lib/b.cjs")].join(",");',
    'b.cjs': 'exports.file = __filename;',
  }, 'true,true,true'],
  ['a missing file: MODULE_NOT_FOUND', {
    'value.cjs': 'exports.value = () => { try { require("./missing.cjs"); return "loaded"; } catch (e) { return e.code; } };',
  }, 'MODULE_NOT_FOUND'],
  ['a file that throws: not cached, run again by the next require', {
    'value.cjs': 'exports.value = () => [1, 2].map(() => { try { require("./bad.cjs"); } catch (e) { return e.message; } }).join(",");',
    'bad.cjs': 'globalThis.runs = (globalThis.runs ?? 0) + 1; throw new Error("run " + globalThis.runs);',
  }, 'run 1,run 2'],
  ['a file reading a missing file: its own error, not MODULE_NOT_FOUND', {
    'value.cjs': 'exports.value = () => { try { require("./reads.cjs"); return "loaded"; } catch (e) { return e.code + " " + e.path.endsWith("/nothing-here"); } };',
    'reads.cjs': 'require("node:fs").readFileSync(__dirname + "/nothing-here");',
  }, 'ENOENT true'],
  ['a cycle: the partial exports, as Node gives', {
    'value.cjs': 'exports.value = () => require("./p.cjs").seen;',
    'p.cjs': 'exports.early = 1; exports.seen = JSON.stringify(require("./q.cjs").sawP);',
    'q.cjs': 'exports.sawP = require("./p.cjs");',
  }, '{"early":1}'],
  ['Node\'s resolution is not asked for it (what this saves)', {
    'value.cjs': 'const M = require("node:module"); const o = M._resolveFilename; let n = 0; M._resolveFilename = function (r, ...a) { if (r === "./b.cjs") n++; return o.call(this, r, ...a); }; require("./b.cjs"); exports.value = () => String(n);',
    'b.cjs': 'exports.b = 1;',
  }, '0'],
])('a sibling in a root folder: %s', (_name, files, expected) => {
  const { dir, run } = setUp();
  execFileSync('mkdir', [join(dir, 'lib')]);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lib', name), text);
  expect(run()).toBe(expected);
  expect(run()).toBe(expected);
});
