// The module registry: every module by its name; `ansible.builtin.` and friends resolve to the same module.
import type { AnyModule } from './types.js';
import { command } from './command.js';
import { shell } from './shell.js';
import { copy } from './copy.js';
import { template } from './template.js';
import { fileModule } from './file.js';
import { lineinfile } from './lineinfile.js';
import { blockinfile } from './blockinfile.js';
import { etcHosts } from './etc-hosts.js';
import { unarchive } from './unarchive.js';
import { waitFor } from './wait-for.js';
import { debug } from './debug.js';
import { assertModule } from './assert.js';
import { fail } from './fail.js';
import { setFact } from './set-fact.js';
import { meta } from './meta.js';
import { stat } from './stat.js';
import { xml } from './xml.js';
import { mysqlDb } from './mysql-db.js';
import { mysqlUser } from './mysql-user.js';
import { mysqlQuery } from './mysql-query.js';
import { getUrl } from './get-url.js';
import { jarInfo } from './jar-info.js';
import { inventoryCheck } from './inventory-check.js';
import { ping } from './ping.js';
import { group } from './group.js';
import { user } from './user.js';
import { replace } from './replace.js';
import { slurp } from './slurp.js';
import { fetch } from './fetch.js';
import { find } from './find.js';
import { includeVars } from './include-vars.js';
import { pause } from './pause.js';
import { systemd, systemdService } from './systemd.js';
import { service } from './service.js';
import { apt } from './apt.js';
import { packageModule, yum, dnf } from './package.js';
import { waitForConnection } from './wait-for-connection.js';
import { setup } from './setup.js';
import { uri } from './uri.js';
import { cron } from './cron.js';
import { git } from './git.js';
import { synchronize } from './synchronize.js';
import { asyncStatus } from './async-status.js';

const all: AnyModule[] = [
  command,
  shell,
  copy,
  template,
  fileModule,
  lineinfile,
  blockinfile,
  etcHosts,
  unarchive,
  waitFor,
  debug,
  assertModule,
  fail,
  setFact,
  meta,
  stat,
  xml,
  mysqlDb,
  mysqlUser,
  mysqlQuery,
  getUrl,
  jarInfo,
  inventoryCheck,
  ping,
  group,
  user,
  replace,
  slurp,
  fetch,
  find,
  includeVars,
  pause,
  systemd,
  systemdService,
  service,
  apt,
  packageModule,
  yum,
  dnf,
  waitForConnection,
  setup,
  uri,
  cron,
  git,
  synchronize,
  asyncStatus,
];

export const modules: ReadonlyMap<string, AnyModule> = new Map(all.map((m) => [m.name, m]));

const prefixes = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'community.mysql.', 'carbon_play.'];

/** Canonical module name for a task key, or undefined when no module has that name. */
export function canonicalModuleName(key: string): string | undefined {
  const bare = prefixes.reduce((k, p) => (k.startsWith(p) ? k.slice(p.length) : k), key);
  return modules.has(bare) ? bare : undefined;
}

export function findModule(key: string): AnyModule | undefined {
  const name = canonicalModuleName(key);
  return name === undefined ? undefined : modules.get(name);
}
