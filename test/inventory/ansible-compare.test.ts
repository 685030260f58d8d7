// Compares our --list/--graph text with a real `ansible-inventory` on the same fixtures, when one is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInventoryCommand } from '../../src/cli/inventory-command.js';

const fixtures = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));
const hasAnsible = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;

async function ours(mode: 'list' | 'graph', sources: string[]): Promise<string> {
  let text = '';
  const code = await runInventoryCommand({ inventory: sources, cwd: fixtures, [mode]: true }, (s) => (text += s));
  expect(code).toBe(0);
  return text;
}

function theirs(mode: 'list' | 'graph', sources: string[]): string {
  const args = [`--${mode}`, ...sources.flatMap((s) => ['-i', s])];
  return execFileSync('ansible-inventory', args, { cwd: fixtures, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } }).trimEnd();
}

// Each call costs Ansible 1-2 s: a few fixtures only
describe.skipIf(!hasAnsible)('same output as ansible-inventory', () => {
  it.each([
    ['list', ['ini-dir']],
    ['graph', ['ini-dir']],
    ['list', ['yaml/hosts.yml']],
    ['list', ['multi/base', 'multi/sandbox']],
  ] as const)('--%s %j', async (mode, sources) => {
    expect(await ours(mode, [...sources])).toBe(theirs(mode, [...sources]));
  }, 20_000);
});
