// set_fact: sets host variables from its arguments (already templated); they outlive the play. `cacheable` also puts them in the fact cache.
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  cacheable: { type: 'bool', default: false, description: 'also store the facts as gathered facts (`ansible_facts.NAME`), as Ansible\'s fact cache does' },
} as const satisfies ArgSchema;

/** Every key besides `cacheable` is a variable to set, of any value. */
type SetFactArgs = ArgsOf<typeof args> & Record<string, unknown>;

/** A fact's name inside `ansible_facts`: Ansible's fact cache drops the `ansible_` prefix (namespace_facts). */
export function deprefixFacts(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k, v]));
}

export const setFact = defineAction<SetFactArgs>({
  name: 'set_fact',
  description: 'Set variables on the host for the rest of the run.',
  schema: {
    args,
    // Every other key is a variable to set: validation must let unknown keys through (see anyArgs).
    anyArgs: true,
  },
  async run(args, ctx) {
    const { cacheable: _cacheable, ...facts } = args;
    if (!args.cacheable) return { status: 'ok', facts, data: { ansible_facts: facts } };
    // Cacheable: the host variable as without it, and the same fact among the gathered ones (later plays, hostvars).
    const before = (ctx.vars.ansible_facts as Record<string, unknown> | undefined) ?? {};
    return { status: 'ok', facts: { ...facts, ansible_facts: { ...before, ...deprefixFacts(facts) } }, data: { ansible_facts: facts } };
  },
});
