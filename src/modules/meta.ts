// meta: a request to the runner (flush_handlers, end_play, end_host, noop, clear_facts); the runner acts on it.
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

export const metaActions = ['flush_handlers', 'end_play', 'end_host', 'noop', 'clear_facts'] as const;

const args = {
  free_form: { type: 'str', required: true, choices: metaActions, description: 'the action' },
} as const satisfies ArgSchema;

export const meta = defineAction<ArgsOf<typeof args>>({
  name: 'meta',
  description: 'Ask the runner to flush handlers, end the play or host, or do nothing.',
  schema: { freeForm: 'free_form', args },
  async run(args) {
    return { status: 'ok', msg: `meta: ${args.free_form}`, data: { meta: args.free_form } };
  },
});
