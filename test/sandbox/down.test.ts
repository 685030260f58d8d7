// `sandbox down` removes only what `up` made: a folder without up's state.json, or an empty --dir, keeps every file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../src/cli/sandbox-command.js';
import { createLayout } from '../../src/sandbox/layout.js';
import { sandboxDown } from '../../src/sandbox/down.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function userFolder(): string {
  const dir = makeTempDir('cp-down-');
  mkdirSync(join(dir, 'inventory'));
  writeFileSync(join(dir, 'inventory', 'hosts.ini'), '[carbon]\nas1\n');
  writeFileSync(join(dir, 'hosts'), '10.0.0.1 as1\n');
  writeFileSync(join(dir, 'id_ed25519'), 'the user\'s own key\n');
  return dir;
}
const kept = (dir: string) => ['inventory/hosts.ini', 'hosts', 'id_ed25519'].filter((f) => existsSync(join(dir, f)));

describe.skipIf(process.getuid?.() !== 0)('sandbox down on a folder it did not make', () => {
  it('leaves every file of a folder without state.json', async () => {
    const dir = userFolder();
    await sandboxDown(dir);
    expect(kept(dir)).toEqual(['inventory/hosts.ini', 'hosts', 'id_ed25519']);
  });

  it('leaves the files when state.json names another folder (a copied or moved sandbox)', async () => {
    const dir = userFolder();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ dir: '/somewhere/else', subnet: '10.200.99.0/24', bridge: 'cpbrzzzz', bridgeIp: '10.200.99.1', hosts: [] }));
    await sandboxDown(dir);
    expect(kept(dir)).toEqual(['inventory/hosts.ini', 'hosts', 'id_ed25519']);
  });
});

describe('an empty --dir', () => {
  it('is refused before anything runs (resolve("") would be the working directory)', () => {
    expect(() => createLayout('')).toThrow(/--dir: expected a sandbox folder, got an empty string/);
    expect(() => createLayout('  ')).toThrow(/--dir/);
  });

  it.each(['down', 'status', 'up'])('sandbox %s --dir "" exits 5 and leaves the working directory alone', async (sub) => {
    const cwd = process.cwd();
    const dir = userFolder();
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      process.chdir(dir);
      const code = await runSandboxCommand([sub, '--dir', '', ...(sub === 'up' ? ['--no-pack'] : [])]);
      expect(code).toBe(5);
      expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toContain('--dir: expected a sandbox folder');
    } finally {
      process.chdir(cwd);
      err.mockRestore();
      log.mockRestore();
    }
    expect(kept(dir)).toEqual(['inventory/hosts.ini', 'hosts', 'id_ed25519']);
  });
});
