// Where a sandbox keeps its files, and the kernel names (namespaces, links) derived from its directory.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';

export interface SandboxLayout {
  dir: string;
  /** 4 hex digits from the directory, so two sandboxes in two directories never share names. */
  tag: string;
  stateFile: string;
  inventory: string;
  knownHosts: string;
  clientKey: string;
  authorizedKeys: string;
  bridge: string;
}

export function createLayout(dir: string): SandboxLayout {
  // resolve('') is the working directory: `down` would then remove the user's own inventory/ and hosts there.
  if (dir.trim() === '') throw new CarbonPlayError('options', '--dir: expected a sandbox folder, got an empty string');
  const abs = resolve(dir);
  const tag = createHash('sha1').update(abs).digest('hex').slice(0, 4);
  return {
    dir: abs,
    tag,
    stateFile: join(abs, 'state.json'),
    inventory: join(abs, 'inventory'),
    knownHosts: join(abs, 'known_hosts'),
    clientKey: join(abs, 'id_ed25519'),
    authorizedKeys: join(abs, 'authorized_keys'),
    bridge: `cpbr${tag}`,
  };
}

export function hostDir(layout: SandboxLayout, name: string): string {
  return join(layout.dir, 'hosts', name);
}

/** Interface names are limited to 15 characters, so hosts are numbered rather than named. */
export function netnsName(layout: SandboxLayout, index: number): string {
  return `cp-${layout.tag}-${index}`;
}

export function vethName(layout: SandboxLayout, index: number): string {
  return `cpv${layout.tag}x${index}`;
}
