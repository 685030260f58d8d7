// carbon-play.cfg: the settings it gives, and one-line errors with file:line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, readConfigFile } from '../../src/cli/config-file.js';
import { CarbonPlayError } from '../../src/core/errors.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('parseConfig', () => {
  const ok: [string, object][] = [
    ['[defaults]\nhost_key_checking = False\n', { hostKeyChecking: false }],
    ['[defaults]\nhost_key_checking: yes\ntimeout=30\n', { hostKeyChecking: true, timeout: 30 }],
    ['# comment\n[ssh_connection]\nhost_key_checking = False\n', {}],
    ['[defaults]\r\nhost_key_checking = no\r\n', { hostKeyChecking: false }],
  ];
  it.each(ok)('%j', (text, expected) => expect(parseConfig(text, 'c.cfg')).toEqual(expected));

  const bad: [string, string][] = [
    ['[defaults]\nhost_key_checking = maybe\n', 'c.cfg:2:1: host_key_checking: expected a boolean, got "maybe"'],
    ['[defaults]\ntimeout = 0\n', 'c.cfg:2:1: timeout: expected a positive integer, got "0"'],
    ['[defaults]\njust words\n', `c.cfg:2:1: expected 'key = value', got "just words"`],
  ];
  it.each(bad)('%j', (text, message) => {
    try {
      parseConfig(text, 'c.cfg');
      expect.unreachable();
    } catch (err) {
      expect((err as CarbonPlayError).format()).toBe(message);
    }
  });
});

describe('readConfigFile', () => {
  it('reads ./carbon-play.cfg, or the file CARBON_PLAY_CONFIG names, and nothing when absent', () => {
    const dir = makeTempDir('cp-cfg-');
    expect(readConfigFile(dir, {})).toEqual({});
    writeFileSync(join(dir, 'carbon-play.cfg'), '[defaults]\nhost_key_checking = False\n');
    writeFileSync(join(dir, 'other.cfg'), '[defaults]\ntimeout = 5\n');
    expect(readConfigFile(dir, {})).toEqual({ hostKeyChecking: false });
    expect(readConfigFile(dir, { CARBON_PLAY_CONFIG: 'other.cfg' })).toEqual({ timeout: 5 });
  });
});

describe('the environment over the file (as in Ansible)', () => {
  const dir = makeTempDir('cp-cfg-env-');
  writeFileSync(join(dir, 'carbon-play.cfg'), '[defaults]\nhost_key_checking = False\ntimeout = 5\n');
  const cases: Array<[string, NodeJS.ProcessEnv, object]> = [
    ['ANSIBLE_HOST_KEY_CHECKING=True beats the file\'s False', { ANSIBLE_HOST_KEY_CHECKING: 'True' }, { hostKeyChecking: true, timeout: 5 }],
    ['ANSIBLE_HOST_KEY_CHECKING=no agrees with it', { ANSIBLE_HOST_KEY_CHECKING: 'no' }, { hostKeyChecking: false, timeout: 5 }],
    ['ANSIBLE_TIMEOUT beats the file\'s timeout', { ANSIBLE_TIMEOUT: '7' }, { hostKeyChecking: false, timeout: 7 }],
    ['an empty variable counts as unset', { ANSIBLE_HOST_KEY_CHECKING: '' }, { hostKeyChecking: false, timeout: 5 }],
  ];
  it.each(cases)('%s', (_name, env, expected) => expect(readConfigFile(dir, env)).toEqual(expected));

  it('applies without a file too', () => {
    expect(readConfigFile(makeTempDir('cp-cfg-none-'), { ANSIBLE_HOST_KEY_CHECKING: 'False' })).toEqual({ hostKeyChecking: false });
  });

  it('rejects a value that is not a boolean, naming the variable', () => {
    expect(() => readConfigFile(dir, { ANSIBLE_HOST_KEY_CHECKING: 'sometimes' })).toThrow('ANSIBLE_HOST_KEY_CHECKING: expected a boolean, got "sometimes"');
  });
});
