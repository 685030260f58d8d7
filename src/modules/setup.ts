// setup: gathers the host's facts in one round trip; they become `ansible_facts.NAME` and `ansible_NAME` variables.
import { fnmatch } from './find.js';
import { gatherFacts, selectSubset } from '../facts/gather-facts.js';
import { defineModule } from './types.js';

export const setup = defineModule<Record<string, any>, Record<string, unknown>, Record<string, unknown>>({
  name: 'setup',
  description: 'Gather facts about the host (OS, network, memory, CPUs, user, package and service managers, Python).',
  schema: {
    args: {
      gather_subset: { type: 'list', elements: 'str', default: ['all'], description: 'all, min, hardware, network; `!name` leaves one out' },
      filter: { type: 'list', elements: 'str', default: [], description: 'only facts whose ansible_ name matches one of these globs' },
      gather_timeout: { type: 'int', default: 10, description: 'accepted' },
      fact_path: { type: 'path', description: 'accepted; no local facts are read' },
    },
  },
  appliesInCheckMode: true,
  read: (_args, ctx) => gatherFacts(ctx.conn, ctx.become, typeof ctx.vars.ansible_python_interpreter === 'string' ? ctx.vars.ansible_python_interpreter : ''),
  plan: (args, facts) => ({ kind: 'change', summary: 'facts gathered', data: selectSubset(facts, args.gather_subset) }),
  async apply(facts, args, ctx) {
    const globs = (args.filter as string[]).map(fnmatch);
    const kept = Object.fromEntries(Object.entries(facts).filter(([k]) => globs.length === 0 || globs.some((g) => g.test(`ansible_${k}`))));
    const before = (ctx.vars.ansible_facts as Record<string, unknown> | undefined) ?? {};
    const prefixed = Object.fromEntries(Object.entries(kept).map(([k, v]) => [`ansible_${k}`, v]));
    return { status: 'ok', facts: { ...prefixed, ansible_facts: { ...before, ...kept } }, data: { ansible_facts: prefixed } };
  },
});
