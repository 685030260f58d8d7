// The module registry: every module by its name; `ansible.builtin.` and friends resolve to the same module.
import type { ModuleDefinition } from './types.js';
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

const all: ModuleDefinition<any, any, any>[] = [
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
];

export const modules: ReadonlyMap<string, ModuleDefinition<any, any, any>> = new Map(all.map((m) => [m.name, m]));

const prefixes = ['ansible.builtin.', 'ansible.legacy.', 'community.general.', 'community.mysql.', 'carbon_play.'];

/** Canonical module name for a task key, or undefined when no module has that name. */
export function canonicalModuleName(key: string): string | undefined {
  const bare = prefixes.reduce((k, p) => (k.startsWith(p) ? k.slice(p.length) : k), key);
  return modules.has(bare) ? bare : undefined;
}

export function findModule(key: string): ModuleDefinition<any, any, any> | undefined {
  const name = canonicalModuleName(key);
  return name === undefined ? undefined : modules.get(name);
}
