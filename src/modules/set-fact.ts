// set_fact: sets host variables from its arguments (already templated); they outlive the play.
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  cacheable: { type: 'bool', default: false, description: 'ignored (no fact cache)' },
} as const satisfies ArgSchema;

/** Every key besides `cacheable` is a variable to set, of any value. */
type SetFactArgs = ArgsOf<typeof args> & Record<string, unknown>;

export const setFact = defineAction<SetFactArgs>({
  name: 'set_fact',
  description: 'Set variables on the host for the rest of the run.',
  schema: {
    args,
    // Every other key is a variable to set: validation must let unknown keys through (see anyArgs).
    anyArgs: true,
  },
  async run(args) {
    const { cacheable: _ignored, ...facts } = args;
    return { status: 'ok', facts, data: { ansible_facts: facts } };
  },
});
