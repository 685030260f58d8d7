// ansible-playbook's connection and privilege options, host lists with -i, and ansible.cfg/ANSIBLE_* settings under them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/cli/config-file.js';
import type { CarbonPlayError } from '../../src/core/errors.js';
import { runInventoryCommand } from '../../src/cli/inventory-command.js';
import { parsePlaybookOptions } from '../../src/cli/parse-options.js';
import { resolveRunSettings } from '../../src/cli/run-settings.js';
import { runCli } from '../../src/cli/run-cli.js';
import { tempDir } from '../runner/helpers.js';
import { runCliWithEnv } from '../helpers/run-cli-env.js';

const io = { stdout: () => {}, stderr: () => {}, isTTY: false };

describe('connection and privilege options', () => {
  it.each([
    [['a.yml'], { become: false, flushCache: false, step: false, forksGiven: false }],
    [['a.yml', '-c', 'local', '-u', 'deploy', '-b'], { connection: 'local', user: 'deploy', become: true }],
    [['a.yml', '--connection=ssh', '--user', 'x', '--become', '--become-user', 'wso2', '--become-method', 'su'], { connection: 'ssh', user: 'x', become: true, becomeUser: 'wso2', becomeMethod: 'su' }],
    [['a.yml', '--private-key', 'k', '--ssh-common-args', '-o ProxyJump=bastion', '--flush-cache', '--step'], { privateKey: 'k', sshCommonArgs: '-o ProxyJump=bastion', flushCache: true, step: true }],
    [['a.yml', '--key-file=k2', '-T', '9', '-f', '4'], { privateKey: 'k2', timeout: 9, forks: 4, forksGiven: true }],
    [['a.yml', '--vault-id', 'dev@p', '--vault-pass-file', 'f', '-J'], { vaultId: ['dev@p'], vaultPasswordFile: ['f'], askVaultPass: true }],
  ])('%j', (argv, want) => expect(parsePlaybookOptions(argv, io)).toMatchObject(want));

  it.each([
    [['a.yml', '-c', 'winrm'], /-c, --connection <type>' argument 'winrm' is invalid/],
    [['a.yml', '--become-method', 'doas'], /--become-method <method>' argument 'doas' is invalid/],
    [['a.yml', '--becom'], /unknown option '--becom'/],
    [['a.yml', '-i', 'h,', '--bogus-flag'], /unknown option '--bogus-flag'/],
  ])('%j is exit 5 naming the option', async (argv, message) => {
    let err = '';
    const code = await runCli(argv, { stdout: () => {}, stderr: (s) => void (err += s), isTTY: false });
    expect(code).toBe(5);
    expect(err).toMatch(message);
  });
});

describe('the command line over the config, the inventory over both', () => {
  const opts = (argv: string[]) => parsePlaybookOptions(['a.yml', ...argv], io);
  it.each([
    { argv: ['-i', 'x'], cfg: {}, want: { inventory: ['x'], forks: 10, hostDefaults: {} } },
    { argv: [], cfg: { inventory: ['/etc/inv'], forks: 3, remoteUser: 'cfg', become: true, becomeUser: 'wso2', becomeMethod: 'su' as const, becomeFlags: '-l', privateKeyFile: '/k' },
      want: { inventory: ['/etc/inv'], forks: 3, hostDefaults: { ansible_user: 'cfg', ansible_become: true, ansible_become_user: 'wso2', ansible_become_method: 'su', ansible_become_flags: '-l', ansible_ssh_private_key_file: '/k' } } },
    { argv: ['-i', 'y', '-f', '7', '-u', 'cli', '--private-key', '/k2', '-c', 'local'], cfg: { inventory: ['/etc/inv'], forks: 3, remoteUser: 'cfg', privateKeyFile: '/k' },
      want: { inventory: ['y'], forks: 7, hostDefaults: { ansible_user: 'cli', ansible_ssh_private_key_file: '/k2', ansible_connection: 'local' } } },
    { argv: ['-i', 'x'], cfg: { becomeAskPass: true }, want: { askBecomePass: true } },
  ])('$argv with $cfg', ({ argv, cfg, want }) => expect(resolveRunSettings(opts(argv), cfg)).toMatchObject(want));

  it('no inventory anywhere is exit 5', () => expect(() => resolveRunSettings(opts([]), {})).toThrow(/expected -i\/--inventory/));
});

const play = (_dir: string, argv: string[], env: Record<string, string> = {}) => runCliWithEnv(argv, env);

describe('-i host lists and -c local, run end to end', () => {
  it('-i "localhost," runs locally, and -c local runs every host of "h1,h2," on this machine; inventory vars beat -u', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  tasks:\n    - copy: {dest: "${dir}/{{ inventory_hostname }}.txt", content: "{{ ansible_user }}"}\n`);
    const one = await play(dir, [join(dir, 'site.yml'), '-i', 'localhost,', '-u', 'cliuser']);
    expect(one.code, one.err).toBe(0);
    expect(readFileSync(join(dir, 'localhost.txt'), 'utf8')).toBe('cliuser');
    const two = await play(dir, [join(dir, 'site.yml'), '-i', 'h1,h2,', '-c', 'local', '-u', 'cliuser']);
    expect(two.code, two.err).toBe(0);
    expect([readFileSync(join(dir, 'h1.txt'), 'utf8'), readFileSync(join(dir, 'h2.txt'), 'utf8')]).toEqual(['cliuser', 'cliuser']);
    writeFileSync(join(dir, 'inv.ini'), 'h3 ansible_connection=local ansible_user=invuser\n');
    const three = await play(dir, [join(dir, 'site.yml'), '-i', join(dir, 'inv.ini'), '-u', 'cliuser', '-c', 'ssh']);
    expect(three.code, three.err).toBe(0);
    expect(readFileSync(join(dir, 'h3.txt'), 'utf8')).toBe('invuser');
  });

  const hasAnsible = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasAnsible)('a host list gives the inventory ansible-inventory gives', async () => {
    const source = 'web1, web2:2222,db,';
    let ours = '';
    expect(await runInventoryCommand({ inventory: [source], list: true }, (s) => (ours += s))).toBe(0);
    const theirs = execFileSync('ansible-inventory', ['-i', source, '--list'], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    expect(JSON.parse(ours)).toEqual(JSON.parse(theirs));
  }, 20_000);
});

describe('--step', () => {
  it('asks before each task: y runs it, n (or Enter) skips it, c runs it and all the rest without asking', async () => {
    const dir = tempDir();
    const tasks = ['one', 'two', 'three', 'four', 'five'].map((n) => `    - name: ${n}\n      copy: {dest: "${dir}/${n}", content: "${n}"}`);
    writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  tasks:\n${tasks.join('\n')}\n`);
    const answers = ['y', 'n', '', 'c'];
    const asked: string[] = [];
    const code = await runCli([join(dir, 'site.yml'), '-i', 'localhost,', '--step'], io, {
      askLine: async (prompt) => (asked.push(prompt), answers.shift() ?? 'n'),
      signals: { on: () => process, off: () => process } as never,
    });
    expect(code).toBe(0);
    expect(asked).toEqual(['one', 'two', 'three', 'four'].map((n) => `Perform task: TASK: ${n} (N)o/(y)es/(c)ontinue: `));
    expect(['one', 'two', 'three', 'four', 'five'].map((n) => existsSync(join(dir, n)))).toEqual([true, false, false, true, true]);
  });
});

describe('ansible.cfg and ANSIBLE_*', () => {
  const cfgDir = () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    return dir;
  };
  it('./ansible.cfg is read: known keys of [defaults] and [privilege_escalation]; relative paths from the file; unknown keys ignored', () => {
    const dir = cfgDir();
    writeFileSync(join(dir, 'ansible.cfg'), [
      '[defaults]', 'inventory = inv/hosts, /abs/other', 'remote_user = wso2   ; inline comment', 'forks=6', 'roles_path = roles:~/more-roles',
      'vault_password_file = ./secrets/pw', 'private_key_file = "keys/id"', 'gathering = explicit', 'nocows = 1', 'stdout_callback = yaml',
      '[privilege_escalation]', 'become = True', 'become_user = root', 'become_method = su', 'become_flags = -s /bin/sh', 'become_ask_pass = false',
      '[ssh_connection]', 'pipelining = False', 'ssh_args = -o ControlMaster=auto',
    ].join('\n'));
    expect(readConfigFile(dir, { HOME: join(dir, 'nohome') })).toEqual({
      inventory: [join(dir, 'inv/hosts'), '/abs/other'], remoteUser: 'wso2', forks: 6, rolesPath: [join(dir, 'roles'), expect.stringMatching(/more-roles$/)],
      vaultPasswordFile: join(dir, 'secrets/pw'), privateKeyFile: join(dir, 'keys/id'), gathering: 'explicit',
      become: true, becomeUser: 'root', becomeMethod: 'su', becomeFlags: '-s /bin/sh', becomeAskPass: false,
    });
  });

  it('the search order: CARBON_PLAY_CONFIG, ANSIBLE_CONFIG (file or directory), ./carbon-play.cfg, ./ansible.cfg, ~/.ansible.cfg; only the first is read', () => {
    const dir = cfgDir();
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.ansible.cfg'), '[defaults]\nforks = 1\n');
    expect(readConfigFile(join(dir, 'sub'), { HOME: home })).toEqual({ forks: 1 });
    writeFileSync(join(dir, 'sub/ansible.cfg'), '[defaults]\nforks = 2\n');
    expect(readConfigFile(join(dir, 'sub'), { HOME: home })).toEqual({ forks: 2 });
    writeFileSync(join(dir, 'sub/carbon-play.cfg'), '[defaults]\nforks = 3\n');
    expect(readConfigFile(join(dir, 'sub'), { HOME: home })).toEqual({ forks: 3 });
    writeFileSync(join(dir, 'other.cfg'), '[defaults]\nforks = 4\n');
    expect(readConfigFile(join(dir, 'sub'), { HOME: home, ANSIBLE_CONFIG: join(dir, 'other.cfg') })).toEqual({ forks: 4 });
    mkdirSync(join(dir, 'cfgdir'));
    writeFileSync(join(dir, 'cfgdir/ansible.cfg'), '[defaults]\nforks = 5\n');
    expect(readConfigFile(join(dir, 'sub'), { HOME: home, ANSIBLE_CONFIG: join(dir, 'cfgdir') })).toEqual({ forks: 5 });
  });

  it.each([
    ['forks = many', /ansible\.cfg:2:1: forks: expected a positive integer, got "many"/],
    ['become_method = doas', /ansible\.cfg:2:1: become_method: expected one of sudo, su, got "doas"/],
    ['gathering = always', /ansible\.cfg:2:1: gathering: expected one of implicit, explicit, smart/],
    ['host_key_checking = sometimes', /ansible\.cfg:2:1: host_key_checking: expected a boolean/],
  ])('a bad value is an error naming file and line: %s', (line, message) => {
    const dir = cfgDir();
    const section = line.startsWith('become') ? 'privilege_escalation' : 'defaults';
    writeFileSync(join(dir, 'ansible.cfg'), `[${section}]\n${line}\n`);
    let formatted = '';
    try {
      readConfigFile(dir, {});
    } catch (err) {
      formatted = (err as CarbonPlayError).format();
    }
    expect(formatted).toMatch(message);
  });

  it('ANSIBLE_* variables win over the file; a bad one is named', () => {
    const dir = cfgDir();
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = 2\nremote_user = a\n');
    const env = { ANSIBLE_FORKS: '9', ANSIBLE_REMOTE_USER: 'b', ANSIBLE_BECOME: 'yes', ANSIBLE_BECOME_USER: 'wso2', ANSIBLE_ROLES_PATH: '/r1:/r2', ANSIBLE_INVENTORY: 'h1,', ANSIBLE_GATHERING: 'smart', ANSIBLE_PRIVATE_KEY_FILE: '/k' };
    expect(readConfigFile(dir, env)).toEqual({ forks: 9, remoteUser: 'b', become: true, becomeUser: 'wso2', rolesPath: ['/r1', '/r2'], inventory: ['h1,'], gathering: 'smart', privateKeyFile: '/k' });
    expect(() => readConfigFile(dir, { ANSIBLE_FORKS: '0' })).toThrow('ANSIBLE_FORKS: expected a positive integer, got "0"');
  });

  it('pipelining is accepted and ignored with a warning in the run output', async () => {
    const dir = cfgDir();
    writeFileSync(join(dir, 'ansible.cfg'), '[ssh_connection]\npipelining = True\n[defaults]\ninventory = localhost,\n');
    writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  tasks:\n    - debug: {msg: hi}\n');
    const r = await play(dir, [join(dir, 'site.yml')], { ANSIBLE_CONFIG: join(dir, 'ansible.cfg') });
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/pipelining is ignored/);
  });
});

describe('gathering from the config', () => {
  // A play without gather_facts gathers under implicit (the default) and not under explicit, as in Ansible.
  it.each([
    [{}, true],
    [{ ANSIBLE_GATHERING: 'explicit' }, false],
  ])('%j gathers facts: %s', async (env, gathers) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  connection: local\n  tasks:\n    - debug: {msg: hi}\n`);
    const r = await play(dir, [join(dir, 'site.yml'), '-i', 'localhost,', '-c', 'local', '-v'], env);
    expect(r.code).toBe(0);
    expect(r.out.includes('Gathering Facts')).toBe(gathers);
  });
});
