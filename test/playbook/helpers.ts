// Test helpers: a small fake module registry and playbooks written to a temp dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorList, type CarbonPlayError } from '../../src/core/errors.js';
import { fileAttrArgs } from '../../src/facts/file-attrs.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import type { ModuleDefinition, ModuleSchema } from '../../src/modules/types.js';
import type { Playbook } from '../../src/playbook/types.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function fake(name: string, schema: ModuleSchema): ModuleDefinition {
  return { name, description: name, schema, read: async () => undefined, plan: () => ({ kind: 'noop', reason: '' }), apply: async () => ({ status: 'ok' }) };
}

const d = (type: ModuleSchema['args'][string]['type'], extra: object = {}) => ({ type, description: '', ...extra });

export const fakeModules = new Map<string, ModuleDefinition>([
  ['copy', fake('copy', { args: { src: d('path'), content: d('str'), dest: d('path', { required: true }), mode: fileAttrArgs.mode }, mutuallyExclusive: [['src', 'content']] })],
  ['command', fake('command', { args: { cmd: d('str'), chdir: d('path'), creates: d('path') }, freeForm: 'cmd' })],
  ['file', fake('file', { args: { path: d('path', { required: true, aliases: ['dest'] }), state: d('str', { choices: ['file', 'directory', 'absent'] }), mode: fileAttrArgs.mode } })],
  ['debug', fake('debug', { args: { msg: d('raw'), var: d('str') } })],
  ['service', fake('service', { args: { name: d('str', { required: true }), state: d('str') } })],
  ['template', fake('template', { args: { src: d('path', { required: true }), dest: d('path', { required: true }) } })],
  ['wait_for', fake('wait_for', { args: { port: d('int'), timeout: d('int'), ports: d('list', { elements: { port: d('int', { required: true }) } }) } })],
]);

const lookup = (key: string) => fakeModules.get(key.replace(/^(ansible\.builtin\.|ansible\.legacy\.)/, ''));

/** Writes files (relative path → text) to a fresh temp dir; returns the dir. */
export function writeTree(files: Record<string, string>): string {
  const dir = makeTempDir('cp-playbook-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

export function loadTree(files: Record<string, string>, main = 'site.yml', rolesPath: string[] = []): Promise<Playbook> {
  const dir = writeTree(files);
  return loadPlaybook(join(dir, main), { modules: lookup, moduleNames: [...fakeModules.keys()], rolesPath: rolesPath.map((r) => join(dir, r)) });
}

/** The errors a tree fails with (fails the test when it loads). */
export async function errorsOf(files: Record<string, string>, main = 'site.yml'): Promise<CarbonPlayError[]> {
  try {
    await loadTree(files, main);
  } catch (err) {
    if (err instanceof ErrorList) return err.errors;
    throw err;
  }
  throw new Error('expected the playbook to fail to load');
}
