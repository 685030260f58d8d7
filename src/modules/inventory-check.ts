// inventory_check: runs cluster rules (a module exporting `rules`) over the inventory's variables; fails with every finding.
import { isAbsolute, resolve } from 'node:path';
import { createCluster } from '../check/create-cluster.js';
import { loadRules, runRules } from '../check/run-rules.js';
import { CarbonPlayError } from '../core/errors.js';
import { defineModule } from './types.js';

export const inventoryCheck = defineModule<Record<string, any>, string[], never>({
  name: 'inventory_check',
  description: 'Run cluster rules over the inventory (no host is contacted); fail with all their findings.',
  schema: {
    args: {
      rules: { type: 'path', required: true, description: "a .ts/.js module exporting `rules`, a list of functions (cluster) => findings; relative to the playbook's folder" },
      msg: { type: 'str', default: 'inventory check failed', description: 'the failure message, followed by the findings' },
    },
  },
  async read(args, ctx) {
    const file = isAbsolute(args.rules) ? args.rules : resolve(String(ctx.vars.playbook_dir ?? '.'), args.rules);
    const findings = await runRules(await loadRules(file), createCluster(ctx.vars));
    if (findings.length) throw new CarbonPlayError('module', `${args.msg}: ${findings.map((f) => f.message).join('; ')}`);
    return [];
  },
  plan: () => ({ kind: 'noop', reason: 'every rule passed' }),
  async apply() {
    return { status: 'ok' };
  },
});
