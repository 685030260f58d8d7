// examples/vault-local: an inventory directory whose group_vars hold an ansible-vault file, run with -c local by carbon-play and ansible-playbook.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';
import { runCliWithEnv } from '../helpers/run-cli-env.js';

const example = fileURLToPath(new URL('../../examples/vault-local/', import.meta.url));
const hasAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const SECRETS = ['Db-Pa55w0rd!', 'wso2-KS-secret'];

const carbonPlay = runCliWithEnv;

const written = (dir: string) => ['carbon1', 'carbon2'].map((h) => readFileSync(join(dir, `${h}-datasource.properties`), 'utf8'));

afterEach(() => setActiveKeyring(createKeyring()));

describe('examples/vault-local', () => {
  it('runs with the password file its ansible.cfg names: clear passwords on the nodes, masked in every output', async () => {
    for (const mode of [[], ['--json'], ['-D', '-vv']]) {
      const out = tempDir();
      const r = await carbonPlay([join(example, 'site.yml'), '-c', 'local', '-e', `out_dir=${out}`, ...mode], { ANSIBLE_CONFIG: join(example, 'ansible.cfg') });
      expect(r.code, r.all).toBe(0);
      expect(written(out)[1]).toBe(`username=wso2carbon\npassword=${SECRETS[0]}\nkeystore.password=${SECRETS[1]}\n`);
      for (const s of SECRETS) expect(r.all).not.toContain(s);
    }
  });

  it('inventory --list takes the inventory and the password from ansible.cfg, and masks the vaulted values', async () => {
    const r = await carbonPlay(['inventory', '--list'], { ANSIBLE_CONFIG: join(example, 'ansible.cfg') });
    expect(r.code, r.all).toBe(0);
    const hostvars = (JSON.parse(r.all) as { _meta: { hostvars: Record<string, Record<string, unknown>> } })._meta.hostvars;
    expect(Object.keys(hostvars)).toEqual(['carbon1', 'carbon2']);
    expect(hostvars.carbon1).toMatchObject({ carbon_db_user: 'wso2carbon', vault_carbon_db_password: '********', vault_carbon_keystore_password: '********' });
    for (const s of SECRETS) expect(r.all).not.toContain(s);
  });

  it('a wrong password (ANSIBLE_VAULT_PASSWORD_FILE wins over the config) is exit 4 with nothing written', async () => {
    const out = tempDir();
    const bad = join(out, 'bad-pw');
    writeFileSync(bad, 'not-the-password\n');
    const r = await carbonPlay([join(example, 'site.yml'), '-c', 'local', '-e', `out_dir=${out}/w`], { ANSIBLE_CONFIG: join(example, 'ansible.cfg'), ANSIBLE_VAULT_PASSWORD_FILE: bad });
    expect(r.code, r.all).toBe(4);
    expect(r.all).toMatch(/group_vars\/carbon\/vault\.yml:1:1: decryption failed/);
    expect(existsSync(join(out, 'w'))).toBe(false);
  });

  it.skipIf(!hasAnsible)('ansible-playbook writes the same files from the same folder', async () => {
    const ours = tempDir();
    const theirs = tempDir();
    const r = await carbonPlay([join(example, 'site.yml'), '-c', 'local', '-e', `out_dir=${ours}`], { ANSIBLE_CONFIG: join(example, 'ansible.cfg') });
    expect(r.code, r.all).toBe(0);
    execFileSync('ansible-playbook', ['site.yml', '-c', 'local', '-e', `out_dir=${theirs}`], { cwd: example, env: { ...process.env, ANSIBLE_CONFIG: join(example, 'ansible.cfg') }, stdio: 'ignore' });
    expect(written(ours)).toEqual(written(theirs));
  }, 60_000);
});
