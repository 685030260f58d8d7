// async_status: how a background job (async with poll: 0) of this host is doing; finished, it gives the job's result.
import { defineModule } from './types.js';

interface AsyncStatusArgs {
  jid: string;
  mode: 'status' | 'cleanup';
}

const EMPTY_OUTPUT = { stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] };

export const asyncStatus = defineModule<AsyncStatusArgs, undefined, undefined>({
  name: 'async_status',
  description: 'Report the status of a task started with async and poll: 0, or forget it (mode=cleanup).',
  schema: {
    args: {
      jid: { type: 'str', required: true, description: 'the job id the async task registered (ansible_job_id)' },
      mode: { type: 'str', choices: ['status', 'cleanup'], default: 'status', description: 'status, or cleanup to forget the job' },
    },
  },
  appliesInCheckMode: true,
  async read() {
    return undefined;
  },
  plan() {
    return { kind: 'change', summary: 'read the job', data: undefined };
  },
  async apply(_d, args, ctx) {
    const jid = args.jid;
    if (args.mode === 'cleanup') {
      ctx.jobs?.cleanup(jid);
      return { status: 'ok', data: { ansible_job_id: jid, started: 0, finished: 0, ...EMPTY_OUTPUT } };
    }
    const job = ctx.jobs?.status(jid);
    if (!job) return { status: 'failed', msg: 'could not find job', data: { ansible_job_id: jid, started: 1, finished: 1, ...EMPTY_OUTPUT } };
    if (!job.finished) return { status: 'ok', data: { ansible_job_id: jid, started: 1, finished: 0, ...EMPTY_OUTPUT } };
    // Finished: the job's own result, as if the task had been waited for.
    const r = job.result;
    return { ...r, status: r.status === 'skipped' ? 'ok' : r.status, data: { ...r.data, ansible_job_id: jid, started: 1, finished: 1 } };
  },
});
