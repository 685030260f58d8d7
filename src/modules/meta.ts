// meta: a request to the runner (flush_handlers, end_play, end_host, noop, clear_facts); the runner acts on it.
import { defineModule } from './types.js';

export const metaActions = ['flush_handlers', 'end_play', 'end_host', 'noop', 'clear_facts'] as const;

export const meta = defineModule<Record<string, any>, undefined, never>({
  name: 'meta',
  description: 'Ask the runner to flush handlers, end the play or host, or do nothing.',
  schema: {
    freeForm: 'free_form',
    args: { free_form: { type: 'str', required: true, choices: metaActions, description: 'the action' } },
  },
  async read() {
    return undefined;
  },
  plan(args) {
    return { kind: 'noop', reason: `meta: ${args.free_form}`, data: { meta: args.free_form } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
