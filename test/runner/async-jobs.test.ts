// Background jobs (async, poll: 0): seen only by their host, finished with the task's result, waited for at the end.
import { describe, expect, it } from 'vitest';
import { jobsFor, settleJobs, startJob } from '../../src/runner/async-jobs.js';
import type { ModuleResult } from '../../src/modules/types.js';

function deferred() {
  let resolve!: (r: ModuleResult) => void;
  const promise = new Promise<ModuleResult>((r) => (resolve = r));
  return { promise, resolve };
}

describe('async jobs', () => {
  it('runs on, then gives the result; other hosts and other runs do not see it', async () => {
    const owner = {};
    const d = deferred();
    const jid = startJob(owner, 'web1', () => d.promise);
    expect(jid).toMatch(/^j\d{12}\.\d+$/);
    expect(jobsFor(owner, 'web1').status(jid)).toEqual({ finished: false });
    expect(jobsFor(owner, 'web2').status(jid)).toBeUndefined();
    expect(jobsFor({}, 'web1').status(jid)).toBeUndefined();
    d.resolve({ status: 'changed', data: { rc: 0 } });
    expect(await settleJobs(owner)).toBe(1);
    expect(jobsFor(owner, 'web1').status(jid)).toEqual({ finished: true, result: { status: 'changed', data: { rc: 0 } } });
    expect(jobsFor(owner, 'web1').cleanup(jid)).toBe(true);
    expect(jobsFor(owner, 'web1').status(jid)).toBeUndefined();
  });

  it('a task that throws finishes as failed with the reason', async () => {
    const owner = {};
    const jid = startJob(owner, 'h', async () => {
      throw new Error('connection lost');
    });
    await settleJobs(owner);
    expect(jobsFor(owner, 'h').status(jid)).toEqual({ finished: true, result: { status: 'failed', msg: 'connection lost' } });
  });

  it('the end of the run waits for what is still running', async () => {
    const owner = {};
    let ended = false;
    startJob(owner, 'h', () => new Promise((r) => setTimeout(() => ((ended = true), r({ status: 'ok' })), 20)));
    await settleJobs(owner);
    expect(ended).toBe(true);
  });
});
