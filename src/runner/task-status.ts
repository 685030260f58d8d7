// The one place a task's status is decided, and the changed/failed/skipped flags its result carries with it.
import type { HostStatus } from './events.js';
import type { HostState } from './state.js';

export interface StatusInput {
  /** What the module (or the runner, for its own failures) reported. */
  reported: HostStatus;
  /** A failed module changed something all the same (command ran its program): Ansible's `changed` beside `failed`. */
  changed?: boolean;
  /** The task's time limit (timeout, async) ran out first. */
  timedOut?: boolean;
  /** changed_when, asked of every result that is not skipped (a failed one too, as Ansible does). */
  changedWhen?: () => boolean;
  /** failed_when: true fails the task; false clears a module's failure. */
  failedWhen?: () => boolean;
  /** `until` never held within the retries. */
  untilExhausted?: boolean;
}

/** The decided status, and the `changed` flag its result carries (a failed result may be changed too). */
export interface Decided {
  status: HostStatus;
  changed: boolean;
}

/**
 * As ansible-core's TaskExecutor: unreachable stands; a timeout fails unchanged; skipped stands; otherwise
 * changed_when decides `changed`, then failed_when decides `failed` (asked after, so it sees changed_when's verdict),
 * and an exhausted `until` fails. The status is failed if failed, else changed if changed, else ok.
 */
export function decideStatus(i: StatusInput): Decided {
  if (i.reported === 'unreachable') return { status: 'unreachable', changed: false };
  if (i.timedOut) return { status: 'failed', changed: false };
  if (i.reported === 'skipped') return { status: 'skipped', changed: false };
  const changed = i.changedWhen ? i.changedWhen() : i.reported === 'changed' || (i.reported === 'failed' && i.changed === true);
  let failed = i.failedWhen ? i.failedWhen() : i.reported === 'failed';
  if (i.untilExhausted) failed = true;
  return { status: failed ? 'failed' : changed ? 'changed' : 'ok', changed };
}

/** The flags each status writes into the registered result (a skipped or unreachable result keeps whatever `failed` it has). */
const STATUS_FLAGS: Readonly<Record<HostStatus, Readonly<Record<string, boolean>>>> = {
  ok: { changed: false, failed: false },
  changed: { changed: true, failed: false },
  failed: { failed: true },
  skipped: { changed: false, skipped: true },
  unreachable: { changed: false, unreachable: true },
};

/** The result with its flags made to agree with the status; a failed one says `changed` as given, else as it already did. */
export function settleResult(result: Record<string, unknown>, status: HostStatus, changed?: boolean): Record<string, unknown> {
  Object.assign(result, STATUS_FLAGS[status]);
  if (status === 'failed') result.changed = changed ?? result.changed === true;
  return result;
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
