// `sandbox up --like` reads a vaulted inventory with the run's vault options; what it cannot open stops it before anything is created.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../src/cli/sandbox-command.js';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';

afterEach(() => setActiveKeyring(createKeyring()));

describe('sandbox up --like a vaulted inventory', () => {
  it.each([
    { name: 'no password', args: () => [], message: /no vault password was given/ },
    { name: 'a wrong --vault-password-file', args: (d: string) => (writeFileSync(join(d, 'bad'), 'wrong'), ['--vault-password-file', join(d, 'bad')]), message: /decryption failed/ },
  ])('$name: exit 4, no sandbox created', async ({ args, message }) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'inv/group_vars'), { recursive: true });
    writeFileSync(join(dir, 'inv/hosts'), '[carbon]\nnode1\n');
    writeFileSync(join(dir, 'inv/group_vars/all.yml'), createKeyring([{ id: 'default', password: Buffer.from('right') }]).encrypt(Buffer.from('db_password: x1\n')));
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((l: unknown) => void errors.push(String(l)));
    try {
      const code = await runSandboxCommand(['up', '--like', join(dir, 'inv'), '--dir', join(dir, 'sbx'), '--no-pack', ...args(dir)]);
      expect(code).toBe(4);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toMatch(message);
    expect(existsSync(join(dir, 'sbx'))).toBe(false);
  });
});
