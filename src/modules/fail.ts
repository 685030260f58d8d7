// fail: fails the host with a message.
import { CarbonPlayError } from '../core/errors.js';
import { defineModule } from './types.js';

export const fail = defineModule<Record<string, any>, never, never>({
  name: 'fail',
  description: 'Fail the host with a message.',
  schema: {
    freeForm: 'msg',
    args: { msg: { type: 'str', default: 'Failed as requested from task', description: 'the failure message' } },
  },
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
