// async with poll: 0: the task runs in the background of this run; async_status reads how it went (by job id).
import { randomInt } from 'node:crypto';
import type { AsyncJobs, ModuleResult } from '../modules/types.js';

interface Job {
  host: string;
  done: Promise<void>;
  /** Set once the task has ended. */
  result?: ModuleResult;
}

/**
 * One registry per connection factory, i.e. per command: a job id stays valid in later plays and playbooks of the
 * run, as Ansible's do. Jobs run on the controller's connections, so the command waits for them before it closes them.
 */
const registries = new WeakMap<object, Map<string, Job>>();

function registryOf(owner: object): Map<string, Job> {
  let r = registries.get(owner);
  if (!r) registries.set(owner, (r = new Map()));
  return r;
}

/** Starts `work` without waiting; returns the job id (Ansible's form: j + digits . pid). */
export function startJob(owner: object, host: string, work: () => Promise<ModuleResult>): string {
  const jid = `j${randomInt(1e11, 1e12 - 1)}.${process.pid}`;
  const job: Job = { host, done: Promise.resolve() };
  job.done = work().then(
    (r) => void (job.result = r),
    (err: unknown) => void (job.result = { status: 'failed', msg: err instanceof Error ? err.message : String(err) }),
  );
  registryOf(owner).set(jid, job);
  return jid;
}

/** What async_status sees: the jobs of the task's host only. */
export function jobsFor(owner: object, host: string): AsyncJobs {
  const reg = registryOf(owner);
  return {
    status(jid) {
      const job = reg.get(jid);
      if (!job || job.host !== host) return undefined;
      return job.result ? { finished: true, result: job.result } : { finished: false };
    },
    cleanup(jid) {
      const job = reg.get(jid);
      if (!job || job.host !== host) return false;
      reg.delete(jid);
      return true;
    },
  };
}

/** Waits for every job still running (the end of the command): what was started is not cut off. */
export async function settleJobs(owner: object): Promise<number> {
  const pending = [...registryOf(owner).values()].filter((j) => !j.result);
  await Promise.all(pending.map((j) => j.done));
  return pending.length;
}
