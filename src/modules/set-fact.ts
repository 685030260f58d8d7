// set_fact: sets host variables from its arguments (already templated); they outlive the play.
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  cacheable: { type: 'bool', default: false, description: 'ignored (no fact cache)' },
} as const satisfies ArgSchema;

/** Every key besides `cacheable` is a variable to set, of any value. */
type SetFactArgs = ArgsOf<typeof args> & Record<string, unknown>;

export const setFact = defineModule<SetFactArgs, undefined, Record<string, unknown>>({
  name: 'set_fact',
  description: 'Set variables on the host for the rest of the run.',
  schema: {
    args,
    // Every other key is a variable to set: validation must let unknown keys through (see anyArgs).
    anyArgs: true,
  },
  appliesInCheckMode: true,
  async read() {
    return undefined;
  },
  plan(args) {
    const { cacheable: _ignored, ...facts } = args;
    // A 'change' plan so apply can hand the facts back (a noop result carries no facts); apply reports ok.
    return { kind: 'change', summary: `set ${Object.keys(facts).join(', ')}`, data: facts };
  },
  async apply(facts) {
    return { status: 'ok', facts, data: { ansible_facts: facts } };
  },
});
