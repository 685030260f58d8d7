// become_flags as Ansible passes them: they replace the method's default flags; with a sudo password, -n is taken out.
import { splitShellWords } from '../core/shell-words.js';
import type { BecomeOptions } from './types.js';

/** Our defaults: sudo -n -H (never asks) and su -s /bin/sh (a nologin account still runs the command). */
const DEFAULTS = { sudo: ['-n', '-H'], su: ['-s', '/bin/sh'] } as const;

/**
 * The flags for sudo or su. Given flags replace the defaults, as Ansible's become_flags do. With a sudo password,
 * `-n` (alone or inside a cluster such as `-Hn`) is dropped as Ansible drops it, and `-S` is added when missing:
 * carbon-play answers sudo's prompt on stdin, having no terminal.
 */
export function becomeFlagWords(become: BecomeOptions, withPassword: boolean): string[] {
  const method = become.method ?? 'sudo';
  if (become.flags === undefined) {
    if (method === 'su') return [...DEFAULTS.su];
    return withPassword ? ['-S', '-H'] : [...DEFAULTS.sudo];
  }
  const words = splitShellWords(become.flags);
  if (method === 'su' || !withPassword) return words;
  const kept = words
    .filter((w) => w !== '-n' && w !== '--non-interactive')
    .map((w) => (w.startsWith('--') ? w : w.replace(/^(-\w*)n(\w*)$/, '$1$2')))
    .filter((w) => w !== '-');
  return kept.some((w) => w === '--stdin' || /^-\w*S/.test(w)) ? kept : ['-S', ...kept];
}
