// Loads a rules module (its `rules` export, in order) and runs every rule over the cluster, collecting all findings.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CarbonPlayError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import type { CheckRule, Cluster, Finding } from './types.js';

/** A `.ts` rules file of this project runs from its compiled twin under dist/ when carbon-play runs compiled. */
function importable(file: string): string {
  if (!file.endsWith('.ts') || import.meta.url.endsWith('.ts')) return file;
  const root = projectRoot();
  const compiled = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
  return existsSync(compiled) ? compiled : file;
}

export async function loadRules(file: string): Promise<CheckRule[]> {
  const mod = (await import(pathToFileURL(importable(file)).href)) as { rules?: unknown };
  if (!Array.isArray(mod.rules) || !mod.rules.every((r) => typeof r === 'function')) {
    throw new CarbonPlayError('module', `expected ${file} to export 'rules', a list of rule functions`);
  }
  return mod.rules as CheckRule[];
}

export async function runRules(rules: CheckRule[], cluster: Cluster): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const rule of rules) found.push(...(await rule(cluster)));
  return found;
}
