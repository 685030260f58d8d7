// become_flags: given flags replace the defaults; with a sudo password -n goes (as Ansible) and -S is ensured (stdin answers).
import { describe, expect, it } from 'vitest';
import { becomeFlagWords } from '../../src/connection/become-flags.js';
import { planBecome } from '../../src/connection/ssh-become.js';
import type { BecomeOptions } from '../../src/connection/types.js';

describe('becomeFlagWords', () => {
  it.each<[string, BecomeOptions, boolean, string[]]>([
    ['sudo defaults', {}, false, ['-n', '-H']],
    ['sudo defaults with a password', {}, true, ['-S', '-H']],
    ['su defaults', { method: 'su' }, false, ['-s', '/bin/sh']],
    ['sudo flags replace the defaults', { flags: '-E -n' }, false, ['-E', '-n']],
    ['sudo password drops -n', { flags: '-H -S -n' }, true, ['-H', '-S']],
    ['sudo password drops n inside a cluster', { flags: '-HSn' }, true, ['-HS']],
    ['sudo password drops --non-interactive, adds -S', { flags: '-E --non-interactive' }, true, ['-S', '-E']],
    ['su flags as written', { method: 'su', flags: "-l -s '/bin/bash'" }, false, ['-l', '-s', '/bin/bash']],
  ])('%s', (_label, become, withPassword, words) => {
    expect(becomeFlagWords(become, withPassword)).toEqual(words);
  });
});

describe('planBecome with become_flags', () => {
  it.each<[string, BecomeOptions, RegExp]>([
    ['sudo', { user: 'app', flags: '-E' }, /^sudo -E -u app -- sh -c /],
    ['sudo with a password', { user: 'app', flags: '-E -n', password: 'pw' }, /^sudo -S -E -p '\[sudo via carbon-play \w+\] password:' -u app -- /],
    ['su', { user: 'app', method: 'su', flags: '-l' }, /^su -l app -c /],
  ])('%s', (_label, become, line) => {
    expect(planBecome('id', become).line).toMatch(line);
  });
});
