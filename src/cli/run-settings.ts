// The command line over the config: inventory sources, forks, roles path, and the connection defaults for every host.
import { dirname, join, resolve } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import type { ConfigSettings } from './config-file.js';
import type { PlaybookCliOptions } from './parse-options.js';

export interface RunSettings {
  inventory: string[];
  forks: number;
  /** Where a playbook's roles are looked up: beside it, then roles_path, then the project's roles/. */
  rolesPath: (playbook: string) => string[];
  /** Variables every host gets under its own (-u, -c, -b, ... or remote_user, become ... from the config). */
  hostDefaults: Record<string, unknown>;
  askBecomePass: boolean;
  timeout?: number;
  /** ansible.cfg's `gathering` (ANSIBLE_GATHERING): whether plays without gather_facts gather. */
  gathering?: 'implicit' | 'explicit' | 'smart';
}

export function resolveRunSettings(o: PlaybookCliOptions, cfg: ConfigSettings): RunSettings {
  const inventory = o.inventory.length > 0 ? o.inventory : cfg.inventory ?? [];
  if (inventory.length === 0) throw new CarbonPlayError('options', 'expected -i/--inventory INVENTORY (or inventory in ansible.cfg, ANSIBLE_INVENTORY), got none');
  const defaults: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined) defaults[name] = value;
  };
  set('ansible_connection', o.connection);
  set('ansible_user', o.user ?? cfg.remoteUser);
  set('ansible_become', o.become || cfg.become ? true : undefined);
  set('ansible_become_user', o.becomeUser ?? cfg.becomeUser);
  set('ansible_become_method', o.becomeMethod ?? cfg.becomeMethod);
  set('ansible_become_flags', cfg.becomeFlags);
  set('ansible_ssh_private_key_file', o.privateKey ?? cfg.privateKeyFile);
  set('ansible_ssh_common_args', o.sshCommonArgs);
  return {
    inventory,
    forks: o.forksGiven ? o.forks : cfg.forks ?? o.forks,
    rolesPath: (playbook) => [join(dirname(resolve(playbook)), 'roles'), ...(cfg.rolesPath ?? []), join(projectRoot(), 'roles')],
    hostDefaults: defaults,
    askBecomePass: o.askBecomePass || (cfg.becomeAskPass ?? false),
    timeout: o.timeout ?? cfg.timeout,
    gathering: cfg.gathering,
  };
}
