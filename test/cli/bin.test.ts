// The bin runs the bundle only when it is at least as new as the compiled sources (a stale bundle would run old code).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';

// As tsc emits them (NodeNext: .cts as CommonJS, keeping import()); the ES module bin.js only loads bin.cjs.
const transpile = (file: string, module = ts.ModuleKind.NodeNext) => ts.transpileModule(readFileSync(join(import.meta.dirname, '../../src/cli', file), 'utf8'), { fileName: file, compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
const binCjs = transpile('bin.cts');
const binJs = transpile('bin.ts', ts.ModuleKind.ES2022);
const codeCacheCjs = transpile('code-cache.cts');

it.each([
  ['a bundle newer than the compiled main', 2000, 'bundle'],
  ['a bundle as new as the compiled main', 1000, 'bundle'],
  ['a bundle older than the compiled main (tsc ran since)', 500, 'compiled'],
  ['no bundle', undefined, 'compiled'],
] as const)('%s: runs the %s', (_name, bundleTime, expected) => {
  const root = makeTempDir('cp-bin-');
  const cli = join(root, 'dist/src/cli');
  mkdirSync(cli, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(join(cli, 'bin.cjs'), binCjs);
  writeFileSync(join(cli, 'bin.js'), binJs);
  writeFileSync(join(cli, 'code-cache.cjs'), codeCacheCjs);
  writeFileSync(join(cli, 'main.js'), "console.log('compiled', process.argv.slice(2).join(' '));");
  utimesSync(join(cli, 'main.js'), 1000, 1000);
  if (bundleTime !== undefined) {
    mkdirSync(join(root, 'dist/bundle'));
    writeFileSync(join(root, 'dist/bundle/main.cjs'), "exports.startCli = async () => console.log('bundle', process.argv.slice(2).join(' '));");
    utimesSync(join(root, 'dist/bundle/main.cjs'), bundleTime, bundleTime);
  }
  for (const bin of ['bin.cjs', 'bin.js']) expect(execFileSync(process.execPath, [join(cli, bin), '--version'], { encoding: 'utf8' })).toBe(`${expected} --version\n`);
});

describe('the bundled bin, when built (npm run build)', () => {
  const root = join(import.meta.dirname, '../..');
  const bundle = join(root, 'dist/bundle/main.cjs');
  const compiled = join(root, 'dist/src/cli/main.js');
  const fresh = existsSync(bundle) && existsSync(compiled) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs;

  it.skipIf(!fresh).each([
    [['--version'], /^\d+\.\d+\.\d+/],
    [['playbooks/site.yaml', '-i', 'inventory/ei-nginx', '--vault-password-file', 'inventory/.vault-pass', '--syntax-check'], /playbook: playbooks\/site\.yaml/],
    [['inventory', '-i', 'inventory/ei-nginx', '--vault-password-file', 'inventory/.vault-pass', '--graph'], /@carbon:/],
  ])('runs %j', (args, out) => {
    expect(execFileSync(process.execPath, [join(root, 'dist/src/cli/bin.cjs'), ...args], { cwd: root, encoding: 'utf8' })).toMatch(out);
  });
});
