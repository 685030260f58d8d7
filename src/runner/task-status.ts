// The one place a task's status is decided, and the changed/failed/skipped flags its result carries with it.
import type { HostStatus } from './events.js';
import type { HostState } from './state.js';

export interface StatusInput {
  /** What the module (or the runner, for its own failures) reported. */
  reported: HostStatus;
  /** The task's time limit (timeout, async) ran out first. */
  timedOut?: boolean;
  /** changed_when, asked only when the outcome can still be ok or changed. */
  changedWhen?: () => boolean;
  /** failed_when: true fails the task; false clears a module's failure. */
  failedWhen?: () => boolean;
  /** `until` never held within the retries. */
  untilExhausted?: boolean;
}

/**
 * Precedence, first match wins: unreachable stands; a timeout fails; skipped stands; failed_when decides failure
 * when given; changed_when decides ok/changed of a task that did not fail; an exhausted `until` fails.
 */
export function decideStatus(i: StatusInput): HostStatus {
  if (i.reported === 'unreachable') return 'unreachable';
  if (i.timedOut) return 'failed';
  if (i.reported === 'skipped') return 'skipped';
  let status = i.reported;
  // A failure cleared by failed_when is ok: the failed module changed nothing.
  if (i.failedWhen) status = i.failedWhen() ? 'failed' : status === 'failed' ? 'ok' : status;
  if (i.changedWhen && status !== 'failed' && i.reported !== 'failed') status = i.changedWhen() ? 'changed' : 'ok';
  if (i.untilExhausted) return 'failed';
  return status;
}

/** The flags each status writes into the registered result (a skipped or unreachable result keeps whatever `failed` it has). */
const STATUS_FLAGS: Readonly<Record<HostStatus, Readonly<Record<string, boolean>>>> = {
  ok: { changed: false, failed: false },
  changed: { changed: true, failed: false },
  failed: { changed: false, failed: true },
  skipped: { changed: false, skipped: true },
  unreachable: { changed: false, unreachable: true },
};

/** The result with its flags made to agree with the status. */
export function settleResult(result: Record<string, unknown>, status: HostStatus): Record<string, unknown> {
  return Object.assign(result, STATUS_FLAGS[status]);
}

/** A result in the host's recap and standing: an ignored failure counts as ignored and leaves the host in the play. */
export function countStatus(st: HostState, status: HostStatus, ignored = false, changed = false): void {
  const s = st.stats;
  if (status === 'unreachable') {
    s.unreachable++;
    st.unreachable = true;
  } else if (status === 'failed') {
    // An ignored failure counts as ok too (and changed when it changed), as ansible-core's recap counts it.
    if (ignored) {
      s.ignored++;
      s.ok++;
      if (changed) s.changed++;
    } else {
      s.failed++;
      st.failed = true;
    }
  } else if (status === 'skipped') s.skipped++;
  else {
    s.ok++;
    if (status === 'changed') s.changed++;
  }
}

/** Ansible's loop status: unreachable if any item was, else failed if any, changed if any, skipped if all, else ok. */
export function combineStatuses(statuses: readonly HostStatus[]): HostStatus {
  const any = (s: HostStatus) => statuses.includes(s);
  if (any('unreachable')) return 'unreachable';
  if (any('failed')) return 'failed';
  if (any('changed')) return 'changed';
  return statuses.length > 0 && statuses.every((s) => s === 'skipped') ? 'skipped' : 'ok';
}
