// The bin runs the bundle only when it is at least as new as the compiled sources (a stale bundle would run old code).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

  /** Node's built-ins the bin loaded (process.moduleLoadList at exit); stdout to a file, stderr a pipe, as given. */
  function builtinsLoaded(args: string[]): string[] {
    const dir = makeTempDir('cp-bin-modules-');
    writeFileSync(join(dir, 'record.cjs'), `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded'))}, process.moduleLoadList.join('\\n')));`);
    const out = openSync(join(dir, 'out'), 'w');
    try {
      execFileSync(process.execPath, ['--require', join(dir, 'record.cjs'), join(root, 'dist/src/cli/bin.cjs'), ...args], { cwd: root, stdio: ['ignore', out, 'pipe'] });
    } finally {
      closeSync(out);
    }
    return readFileSync(join(dir, 'loaded'), 'utf8').split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  }

  // stdout is made on first write (start-cli.ts); a reader gone before it (`| head`) must still end the output quietly.
  // The FIFO's only reader opens and closes it before the bin starts, so every write of the bin meets EPIPE.
  it.skipIf(!fresh)('a reader that has gone away: exit 0, nothing on stderr', () => {
    const dir = makeTempDir('cp-bin-epipe-');
    const script = 'mkfifo "$1/p"; (exec 3<"$1/p") & exec 4>"$1/p"; wait; shift; exec "$@" >&4';
    const r = spawnSync('sh', ['-c', script, 'sh', dir, process.execPath, join(root, 'dist/src/cli/bin.cjs'), '--version'], { cwd: root, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  // scripts/defer-builtins.mjs, the code cache's keys by name (code-cache.cts) and stdout/stderr made when written (start-cli.ts).
  it.skipIf(!fresh).each([
    [['--version'], ['crypto', 'child_process', 'net', 'os']],
    [['playbooks/site.yaml', '-i', 'inventory/ei-nginx', '--vault-password-file', 'inventory/.vault-pass', '--syntax-check'], ['child_process', 'dgram', 'net']],
  ])('%j loads none of the built-ins %j', (args, unwanted) => {
    const loaded = builtinsLoaded(args);
    expect(loaded).toContain('vm');
    expect(unwanted.filter((m) => loaded.includes(m))).toEqual([]);
  });
});
