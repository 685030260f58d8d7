// What a `no_log: true` task shows: Ansible's censored result in place of its result, message, error, diff and warnings.
import type { ItemOutcome } from './execute-item.js';

export const CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** The result keys Ansible keeps beside `censored` and `changed` (its TaskResult._PRESERVE). */
const PRESERVED = ['attempts', 'retries'];

/** `{"censored": ..., "changed": ...}` and the kept keys: what -v and --json show of a no_log task's result. */
export function censorResult(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { censored: CENSORED, changed: result.changed === true };
  for (const k of PRESERVED) if (result[k] !== undefined) out[k] = result[k];
  return out;
}

/**
 * The outcome as a no_log task reports it: a failure says only that its output is hidden (its error keeps where it
 * happened), and nothing else the module said (message, diff, warnings) is shown. `register` still gets the real result.
 */
export function censorOutcome(o: ItemOutcome): Pick<ItemOutcome, 'msg' | 'error' | 'diff' | 'warnings' | 'result'> {
  const failed = o.status === 'failed' || o.status === 'unreachable';
  return {
    ...(failed ? { msg: CENSORED } : {}),
    // The error keeps its kind and where it happened; its message and the cause underneath may quote the task's data.
    ...(o.error ? { error: { kind: o.error.kind, message: CENSORED, context: o.error.context } } : {}),
    result: censorResult(o.result),
  };
}
