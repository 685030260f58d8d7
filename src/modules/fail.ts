// fail: fails the host with a message.
import { CarbonPlayError } from '../core/errors.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  msg: { type: 'str', default: 'Failed as requested from task', description: 'the failure message' },
} as const satisfies ArgSchema;

export const fail = defineModule<ArgsOf<typeof args>, never, never>({
  name: 'fail',
  description: 'Fail the host with a message.',
  schema: { freeForm: 'msg', args },
  async read(args) {
    throw new CarbonPlayError('module', args.msg);
  },
  plan() {
    return { kind: 'noop', reason: 'unreachable: read always fails' };
  },
  async apply() {
    return { status: 'failed' };
  },
});
