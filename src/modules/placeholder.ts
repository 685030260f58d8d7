// TEMPORARY: stands in for a module whose file is being written; removed before release.
import { defineModule, type ModuleDefinition } from './types.js';

export function placeholder(name: string): ModuleDefinition {
  return defineModule({
    name,
    description: 'not written yet',
    schema: { args: {} },
    async read() { return undefined; },
    plan() { return { kind: 'noop', reason: 'not written yet' }; },
    async apply() { return { status: 'failed', msg: `module ${name} is not written yet` }; },
  });
}
