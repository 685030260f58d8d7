// fail: fails the host with a message.
import { defineAction, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  msg: { type: 'str', default: 'Failed as requested from task', description: 'the failure message' },
} as const satisfies ArgSchema;

export const fail = defineAction<ArgsOf<typeof args>>({
  name: 'fail',
  description: 'Fail the host with a message.',
  schema: { freeForm: 'msg', args },
  async run(args) {
    return { status: 'failed', msg: args.msg };
  },
});
