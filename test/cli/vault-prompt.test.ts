// --ask-vault-pass and the vault subcommand's password prompts on a real pseudo-terminal (util-linux `script`): asked once, never echoed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { beforeAll, describe, expect, it } from 'vitest';
import { quoteArgv } from '../../src/connection/quote.js';
import { createKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';

const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'node_modules/.cache/carbon-play-test/vault-main.mjs');
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const PASSWORD = 'tty-vault-pw-6120';
const SECRET = 'Vaulted-Db-9931';

// Node 20 cannot run TypeScript: the real CLI bundled with rolldown, packages left external.
beforeAll(async () => {
  if (!hasScript) return;
  mkdirSync(join(bundle, '..'), { recursive: true });
  await build({
    input: join(root, 'src/cli/main.ts'),
    platform: 'node',
    external: [/^node:/, /^[a-z@][^:]*$/],
    output: { file: bundle, format: 'esm', codeSplitting: false },
    logLevel: 'silent',
  });
}, 60_000);

/** Runs the CLI on a pty, answering each prompt in turn once it shows; returns everything the terminal showed. */
function onTerminal(cwd: string, args: string[], answers: [string, string][], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qec', quoteArgv([process.execPath, bundle, ...args]), '/dev/null'], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let seen = 0;
  const onOutput = (d: Buffer) => {
    screen += d.toString();
    const next = answers[0];
    if (next && screen.indexOf(next[0], seen) >= 0) {
      seen = screen.indexOf(next[0], seen) + next[0].length;
      answers.shift();
      child.stdin.write(`${next[1]}\r`);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  return new Promise((res) => child.once('close', (code) => {
    child.stdin.destroy();
    res({ code, screen });
  }));
}

describe.skipIf(!hasScript)('vault passwords typed on a terminal', () => {
  it('-J asks once, the run opens the vaulted group_vars, and neither the password nor the value is shown', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'inv/group_vars'), { recursive: true });
    writeFileSync(join(dir, 'inv/hosts'), '[web]\nlocalhost\n');
    writeFileSync(join(dir, 'inv/group_vars/web.yml'), createKeyring([{ id: 'default', password: Buffer.from(PASSWORD) }]).encrypt(Buffer.from(`db_password: ${SECRET}\n`)));
    writeFileSync(join(dir, 'site.yml'), `- hosts: web\n  tasks:\n    - copy: {dest: "${dir}/out", content: "{{ db_password }}"}\n    - debug: {msg: "{{ db_password }}"}\n`);
    const r = await onTerminal(dir, ['site.yml', '-i', 'inv', '-J'], [['Vault password: ', PASSWORD]]);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen.split('Vault password: ')).toHaveLength(2);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(SECRET);
    expect(r.screen).not.toContain(PASSWORD);
    expect(r.screen).not.toContain(SECRET);
  }, 30_000);

  it('vault create asks for the new password twice; view asks once', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'editor.sh'), '#!/bin/sh\nprintf "k: typed-in-editor\\n" > "$1"\n', { mode: 0o755 });
    const created = await onTerminal(dir, ['vault', 'create', 'v.yml'], [['New Vault password: ', PASSWORD], ['Confirm New Vault password: ', PASSWORD]], { EDITOR: join(dir, 'editor.sh') });
    expect(created.code, created.screen).toBe(0);
    expect(created.screen).not.toContain(PASSWORD);
    expect(readFileSync(join(dir, 'v.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    const viewed = await onTerminal(dir, ['vault', 'view', 'v.yml', '--ask-vault-pass'], [['Vault password: ', PASSWORD]]);
    expect(viewed.code, viewed.screen).toBe(0);
    expect(viewed.screen).toContain('k: typed-in-editor');
    expect(viewed.screen).not.toContain(PASSWORD);
  }, 30_000);
});
