// A second sandbox on a subnet, or with names, another sandbox holds is refused before anything is made, naming the other's folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../src/cli/sandbox-command.js';
import { createLayout } from '../../src/sandbox/layout.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const root = makeTempDir('cp-claims-');
const first = join(root, 'first');
const second = join(root, 'second');
const SUBNET = '10.231.5.0/24';

/** Another folder whose derived names (4 hex digits of its path's hash) are the first's. */
function sameNames(dir: string): string {
  const tag = createLayout(dir).tag;
  for (let i = 0; ; i++) {
    const d = join(root, `clash${i}`);
    if (createLayout(d).tag === tag) return d;
  }
}
const clash = sameNames(first);

afterAll(async () => {
  await runSandboxCommand(['down', '--dir', first]);
  await runSandboxCommand(['down', '--dir', second]);
});

async function run(args: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation((l: unknown) => void err.push(String(l)));
  try { return { code: await runSandboxCommand(args), err }; } finally { log.mockRestore(); error.mockRestore(); }
}

describe.skipIf(process.getuid?.() !== 0)('sandbox subnet claims', () => {
  it('refuses a second sandbox on the same or an overlapping subnet, naming the first one\'s folder; the first keeps running', async () => {
    expect((await run(['up', '--hosts', '1', '--dir', first, '--subnet', SUBNET, '--no-pack'])).code).toBe(0);
    for (const subnet of [SUBNET, '10.231.5.128/25', '10.231.0.0/16']) {
      const r = await run(['up', '--hosts', '1', '--dir', second, '--subnet', subnet, '--no-pack']);
      expect(r.code, subnet).toBe(5);
      expect(r.err).toEqual([`ERROR: --subnet ${subnet}: the sandbox in ${first} holds ${SUBNET}; bring that one down (carbon-play sandbox down --dir ${first}) or pick another --subnet`]);
      expect(existsSync(second)).toBe(false);
    }
    expect((await run(['status', '--dir', first])).code).toBe(0);
  });

  it('refuses a folder whose namespace and link names are the running one\'s, on any subnet; its down leaves the first alone', async () => {
    const r = await run(['up', '--hosts', '1', '--db', '--dir', clash, '--subnet', '10.231.6.0/24', '--no-pack']);
    expect(r.code).toBe(5);
    expect(r.err).toEqual([`ERROR: --dir ${clash}: the sandbox in ${first} uses the same interface and namespace names (bridge ${createLayout(first).bridge}); bring that one down (carbon-play sandbox down --dir ${first}) or use another --dir`]);
    expect(existsSync(clash)).toBe(false);
    expect((await run(['down', '--dir', clash])).code).toBe(0);
    expect((await run(['status', '--dir', first])).code).toBe(0);
  });

  it('takes the subnet once the first sandbox is down', async () => {
    expect((await run(['down', '--dir', first])).code).toBe(0);
    expect((await run(['up', '--hosts', '1', '--dir', second, '--subnet', SUBNET, '--no-pack'])).code).toBe(0);
  });
});
