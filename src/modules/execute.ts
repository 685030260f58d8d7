// Runs one module for one host: normalize arguments, then run an action, or read state, plan, and apply unless in check mode.
import { CarbonPlayError, toErrorInfo } from '../core/errors.js';
import { normalizeArgs } from './args.js';
import type { AnyModule, ModuleContext, ModuleResult } from './types.js';

export async function executeModule(def: AnyModule, rendered: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const { args, issues } = normalizeArgs(def.schema, rendered);
  if (issues.length > 0) {
    const msg = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return { status: 'failed', msg, error: { kind: 'validation', message: msg, context: { module: def.name } } };
  }
  try {
    if (def.kind === 'action') return await def.run(args, ctx);
    const state = await def.read(args, ctx);
    const plan = def.plan(args, state, ctx);
    if (plan.kind === 'noop') return { status: 'ok', msg: plan.reason, data: plan.data };
    if (ctx.check && !def.appliesInCheckMode) {
      if (def.supportsCheck === false) return { status: 'skipped', msg: 'skipped in check mode' };
      return { status: 'changed', msg: plan.summary, diff: plan.diff, ...(plan.result ? { data: plan.result } : {}) };
    }
    const applied = await def.apply(plan.data, args, ctx);
    const result = plan.result && applied.status !== 'failed' ? { ...applied, data: { ...plan.result, ...applied.data } } : applied;
    return result.diff || !plan.diff ? result : { ...result, diff: plan.diff };
  } catch (err) {
    // A lost host is the runner's business (unreachable); anything else is this task failing on this host.
    if (err instanceof CarbonPlayError && err.kind === 'unreachable') throw err;
    const msg = err instanceof CarbonPlayError ? err.format() : err instanceof Error ? err.message : String(err);
    return { status: 'failed', msg, error: toErrorInfo(err, { module: def.name }) };
  }
}
