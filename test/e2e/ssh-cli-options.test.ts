// Over SSH, with nothing in the inventory but a host list: -u, --private-key and --ssh-common-args from the command line (or ansible.cfg), vaulted values written on the host.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyring, setActiveKeyring } from '../../src/vault/keyring.js';
import { tempDir } from '../runner/helpers.js';
import { hostInfo, sandboxDir, sshCheck } from './ssh-helpers.js';
import { runCliWithEnv } from '../helpers/run-cli-env.js';

const SECRET = 'Ssh-Vaulted-4471';

const run = runCliWithEnv;

function project(): string {
  const dir = tempDir();
  const ring = createKeyring([{ id: 'default', password: Buffer.from('e2e-pw') }]);
  const value = ring.encrypt(Buffer.from(SECRET)).trimEnd().split('\n').map((l) => '      ' + l).join('\n');
  writeFileSync(join(dir, 'pw'), 'e2e-pw\n');
  writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  vars:\n    app_password: !vault |\n${value}\n  tasks:\n    - copy: {dest: /tmp/cp-cli-options.txt, content: "{{ app_password }} as {{ ansible_user }}"}\n    - command: hostname\n`);
  return dir;
}

afterEach(() => setActiveKeyring(createKeyring()));

describe('connection options from the command line and ansible.cfg', () => {
  it('-i "IP," -u root --private-key KEY --ssh-common-args: the host is reached, the vaulted value written, and never printed', async () => {
    const dir = project();
    const sbx = sandboxDir();
    const r = await run([join(dir, 'site.yml'), '-i', `${hostInfo('node2').ip},`, '-u', 'root', '--private-key', join(sbx, 'id_ed25519'),
      '--ssh-common-args', `-o UserKnownHostsFile=${join(sbx, 'known_hosts')}`, '--vault-password-file', join(dir, 'pw'), '-v']);
    expect(r.code, r.all).toBe(0);
    expect(sshCheck('node2', 'cat /tmp/cp-cli-options.txt; rm /tmp/cp-cli-options.txt')).toBe(`${SECRET} as root`);
    expect(r.all).not.toContain(SECRET);
  });

  it('remote_user and private_key_file from ansible.cfg, ANSIBLE_VAULT_PASSWORD_FILE for the vault', async () => {
    const dir = project();
    const sbx = sandboxDir();
    writeFileSync(join(dir, 'ansible.cfg'), `[defaults]\ninventory = ${hostInfo('node3').ip},\nremote_user = root\nprivate_key_file = ${join(sbx, 'id_ed25519')}\n`);
    const r = await run([join(dir, 'site.yml'), '--ssh-common-args', `-o UserKnownHostsFile=${join(sbx, 'known_hosts')}`],
      { ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'pw') });
    expect(r.code, r.all).toBe(0);
    expect(sshCheck('node3', 'cat /tmp/cp-cli-options.txt; rm /tmp/cp-cli-options.txt')).toBe(`${SECRET} as root`);
    expect(r.all).not.toContain(SECRET);
  });
});
