// The bundle's deferred built-ins: which requires are rewritten, and a deferred built-in loads on first use and behaves as itself.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no declarations
import { deferBuiltinRequires } from '../../scripts/defer-builtins.mjs';
import { makeTempDir } from '../helpers/temp-dir.js';

const rewrite = deferBuiltinRequires as (code: string) => string | null;

describe('which requires are deferred', () => {
  it.each([
    ['a deferred built-in', 'let node_child_process = require("node:child_process");', 'let node_child_process = __deferBuiltin("node:child_process");'],
    ['commander\'s own require', 'const childProcess = require("node:child_process");', 'const childProcess = __deferBuiltin("node:child_process");'],
    ['crypto and os', 'let a = require("node:crypto");\nlet b = require("node:os");', 'let a = __deferBuiltin("node:crypto");\nlet b = __deferBuiltin("node:os");'],
  ])('%s: rewritten', (_name, code, body) => {
    const out = rewrite(code);
    expect(out).toContain('const __deferBuiltin = (id) =>');
    expect(out?.endsWith(body)).toBe(true);
  });

  it.each([
    ['a built-in a bare node has loaded anyway', 'let node_fs = require("node:fs");'],
    ['a package', 'const x = require("yaml");'],
    ['a chunk', 'const c = require("./load-tasks-AbCd1234.cjs");'],
    ['another object\'s require', 'const c = m.require("node:child_process");'],
  ])('%s: left alone', (_name, code) => {
    expect(rewrite(code)).toBeNull();
  });

  it('keeps a "use strict" directive first', () => {
    expect(rewrite('"use strict";\nconst cp = require("node:child_process");')?.startsWith('"use strict";\nconst __deferBuiltin')).toBe(true);
  });
});

describe('a deferred built-in, in a fresh node', () => {
  /** Runs the rewritten `code` as a CommonJS file and returns what it prints. */
  function run(code: string): string {
    const dir = makeTempDir('cp-defer-');
    writeFileSync(join(dir, 'chunk.cjs'), rewrite(code) ?? code);
    return execFileSync(process.execPath, [join(dir, 'chunk.cjs')], { encoding: 'utf8' }).trim();
  }
  const loaded = 'process.moduleLoadList.includes("NativeModule child_process")';

  it('is not loaded until a property is used, then is', () => {
    expect(run(`const cp = require("node:child_process"); const before = ${loaded}; typeof cp.spawnSync; console.log(before, ${loaded});`)).toBe('false true');
  });

  it.each([
    ['a function is the built-in\'s own', 'console.log(cp.execFileSync === real.execFileSync)', 'true'],
    ['a call runs', 'console.log(cp.execFileSync(process.execPath, ["-e", "process.stdout.write(\'ran\')"], { encoding: "utf8" }))', 'ran'],
    ['destructuring', 'const { spawnSync } = cp; console.log(spawnSync === real.spawnSync)', 'true'],
    ['`in` and the keys', 'console.log("spawn" in cp, JSON.stringify(Object.keys(cp)) === JSON.stringify(Object.keys(real)))', 'true true'],
    ['a property set goes to the built-in', 'cp.extra = 1; console.log(real.extra)', '1'],
  ])('%s', (_name, use, expected) => {
    expect(run(`const cp = require("node:child_process"); const real = module.require("node:child_process"); ${use};`)).toBe(expected);
  });
});
