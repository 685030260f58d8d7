// Differential: the settings carbon-play reads from an ansible.cfg and ANSIBLE_* equal what `ansible-config dump` reports.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile, type ConfigSettings } from '../../src/cli/config-file.js';
import { tempDir } from '../runner/helpers.js';

const hasAnsible = spawnSync('ansible-config', ['--version'], { stdio: 'ignore' }).status === 0;

/** ansible-config's setting name for each of ours. */
const NAMES: Record<string, keyof ConfigSettings> = {
  DEFAULT_HOST_LIST: 'inventory', DEFAULT_REMOTE_USER: 'remoteUser', DEFAULT_FORKS: 'forks', HOST_KEY_CHECKING: 'hostKeyChecking',
  DEFAULT_TIMEOUT: 'timeout', DEFAULT_GATHERING: 'gathering', DEFAULT_ROLES_PATH: 'rolesPath', DEFAULT_VAULT_PASSWORD_FILE: 'vaultPasswordFile',
  DEFAULT_PRIVATE_KEY_FILE: 'privateKeyFile', DEFAULT_BECOME: 'become', DEFAULT_BECOME_USER: 'becomeUser', DEFAULT_BECOME_METHOD: 'becomeMethod',
  DEFAULT_BECOME_ASK_PASS: 'becomeAskPass', DEFAULT_VAULT_IDENTITY_LIST: 'vaultIdentityList',
};

/** `NAME(origin) = value` lines, values as Python prints them (lists, True/False, numbers, strings). */
function parseDump(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+)\([^)]*\) = (.*)$/.exec(line);
    if (!m || !NAMES[m[1]!]) continue;
    const v = m[2]!;
    out[NAMES[m[1]!]!] = v === 'True' ? true : v === 'False' ? false : /^\d+$/.test(v) ? Number(v) : v.startsWith('[') ? JSON.parse(v.replace(/'/g, '"')) : v;
  }
  return out;
}

describe.skipIf(!hasAnsible)('same settings as ansible-config dump', () => {
  it('a file with every key carbon-play honours (comments, quotes, relative paths, booleans), and ANSIBLE_* over it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ansible.cfg'), [
      '[defaults]', 'inventory = inv/hosts, /abs/other', 'remote_user = wso2   ; inline comment', 'forks=6', 'roles_path = roles:/opt/more-roles',
      'vault_password_file = ./secrets/pw', 'private_key_file = keys/id', 'gathering = explicit', 'timeout = 33', 'host_key_checking = n',
      'vault_identity_list = dev@a, prod@b', 'nocows = 1',
      '[privilege_escalation]', 'become = True', 'become_user = root', 'become_method = su', 'become_ask_pass = f',
    ].join('\n') + '\n');
    const env = { ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_FORKS: '9', ANSIBLE_BECOME_USER: 'wso2carbon' };
    const theirs = parseDump(execFileSync('ansible-config', ['dump', '--only-changed'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, ANSIBLE_NOCOLOR: '1' } }));
    const ours = readConfigFile(dir, { ...env, HOME: join(dir, 'no-home') });
    expect(Object.keys(theirs).length).toBeGreaterThanOrEqual(12);
    expect(ours).toEqual(theirs);
  }, 30_000);
});
