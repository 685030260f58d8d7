// How a host's SSH settings are resolved: ssh args, jump specs, inventory vars, ~/.ssh/config.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envHostKeyChecking, parseJumps, parseSshArgs, resetSshConfigCache, resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('parseSshArgs', () => {
  it('reads -o in its forms, -J, -i and -p', () => {
    const opts = parseSshArgs('-o UserKnownHostsFile=/k -oStrictHostKeyChecking=no -o "ConnectTimeout 5" -J bastion -i /key -p2200');
    expect(Object.fromEntries(opts)).toEqual({ userknownhostsfile: '/k', stricthostkeychecking: 'no', connecttimeout: '5', proxyjump: 'bastion', identityfile: '/key', port: '2200' });
  });

  it('rejects an unclosed quote as a bad option (Ansible fails on it too), without repeating the args', () => {
    const bad = () => parseSshArgs('-o "ProxyCommand=sshpass -p hunter2 ssh -W %h:%p bastion');
    expect(bad).toThrow(/^ansible_ssh_common_args\/ansible_ssh_extra_args: no closing quotation/);
    expect(bad).not.toThrow(/hunter2/);
  });
});

describe('parseJumps', () => {
  const cases: Array<[string, unknown]> = [
    ['bastion', [{ host: 'bastion', user: undefined, port: undefined }]],
    ['ops@bastion:2222', [{ host: 'bastion', user: 'ops', port: 2222 }]],
    ['a,b@c', [{ host: 'a', user: undefined, port: undefined }, { host: 'c', user: 'b', port: undefined }]],
    ['ssh://u@[::1]:22', [{ host: '::1', user: 'u', port: 22 }]],
    ['none', []],
    ['', []],
  ];
  it.each(cases)('parses %j', (text, expected) => expect(parseJumps(text)).toEqual(expected));
  it('rejects a malformed hop', () => expect(() => parseJumps('a@b:c:d')).toThrow(/expected \[user@\]host\[:port\]/));
});

describe('resolveSshSettings', () => {
  afterEach(() => {
    delete process.env.CARBON_PLAY_SSH_CONFIG;
    resetSshConfigCache();
  });

  it('takes inventory variables first', () => {
    const s = resolveSshSettings('node1', {
      ansible_host: '10.1.1.1', ansible_port: 2200, ansible_user: 'deploy', ansible_ssh_private_key_file: '/k/id',
      ansible_ssh_common_args: '-o UserKnownHostsFile=/k/known -o ProxyJump=jump@bastion', ansible_password: 'pw',
    });
    expect(s).toMatchObject({ hostname: '10.1.1.1', port: 2200, user: 'deploy', keyFiles: ['/k/id'], keyExplicit: true, password: 'pw',
      knownHostsFile: '/k/known', hostKeyChecking: true, jumps: [{ host: 'bastion', user: 'jump' }] });
  });

  it('prefers ansible_jump_host, and turns checking off only when asked', () => {
    const s = resolveSshSettings('n', { ansible_jump_host: 'j', ansible_ssh_common_args: '-o StrictHostKeyChecking=no' });
    expect(s.jumps).toEqual([{ host: 'j', user: undefined, port: undefined }]);
    expect(s.hostKeyChecking).toBe(false);
    expect(resolveSshSettings('n', {}, { hostKeyChecking: false }).hostKeyChecking).toBe(false);
    expect(resolveSshSettings('n', {}).hostKeyChecking).toBe(true);
    process.env.ANSIBLE_HOST_KEY_CHECKING = 'False';
    try {
      expect(resolveSshSettings('n', {}).hostKeyChecking).toBe(false);
    } finally {
      delete process.env.ANSIBLE_HOST_KEY_CHECKING;
    }
  });

  it.each([
    [{}, undefined], [{ ANSIBLE_HOST_KEY_CHECKING: '' }, undefined], [{ ANSIBLE_HOST_KEY_CHECKING: 'False' }, false],
    [{ ANSIBLE_HOST_KEY_CHECKING: 'off' }, false], [{ ANSIBLE_HOST_KEY_CHECKING: 'YES' }, true], [{ ANSIBLE_HOST_KEY_CHECKING: '1' }, true],
  ] as Array<[NodeJS.ProcessEnv, boolean | undefined]>)('reads ANSIBLE_HOST_KEY_CHECKING from %j as %s', (env, want) => {
    expect(envHostKeyChecking(env)).toBe(want);
  });

  it('refuses an ANSIBLE_HOST_KEY_CHECKING that is not a boolean, as carbon-play.cfg\'s loader does (not "on")', () => {
    process.env.ANSIBLE_HOST_KEY_CHECKING = 'sometimes';
    try {
      expect(() => resolveSshSettings('n', {})).toThrow('ANSIBLE_HOST_KEY_CHECKING: expected a boolean, got "sometimes"');
    } finally {
      delete process.env.ANSIBLE_HOST_KEY_CHECKING;
    }
  });

  it('falls back to ~/.ssh/config, then to defaults', () => {
    const file = join(makeTempDir('cp-cfg-'), 'config');
    writeFileSync(file, 'Host web*\n  HostName 10.2.2.2\n  Port 2022\n  User ops\n  IdentityFile ~/.ssh/ops\n  ProxyJump bastion\n');
    process.env.CARBON_PLAY_SSH_CONFIG = file;
    resetSshConfigCache();
    expect(resolveSshSettings('web1', {})).toMatchObject({ hostname: '10.2.2.2', port: 2022, user: 'ops', keyFiles: [join(homedir(), '.ssh/ops')], jumps: [{ host: 'bastion' }] });
    const d = resolveSshSettings('db1', {});
    expect(d).toMatchObject({ hostname: 'db1', port: 22, keyExplicit: false, knownHostsFile: join(homedir(), '.ssh/known_hosts'), jumps: [] });
    expect(d.keyFiles).toContain(join(homedir(), '.ssh/id_ed25519'));
  });

  it.each([
    ['-o StrictHostKeyChecking=accept-new', { hostKeyChecking: true, acceptNew: true }],
    ['-o StrictHostKeyChecking=yes', { hostKeyChecking: true, acceptNew: false }],
    ['-o StrictHostKeyChecking=no', { hostKeyChecking: false, acceptNew: false }],
  ])('reads %s', (args, expected) => {
    expect(resolveSshSettings('n', { ansible_ssh_common_args: args })).toMatchObject(expected);
  });

  it('rejects a bad port', () => {
    expect(() => resolveSshSettings('n', { ansible_port: 'http' })).toThrow('n: ansible_port: expected a port number, got "http"');
  });
});
