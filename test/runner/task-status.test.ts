import { describe, expect, it } from 'vitest';
import type { HostStatus } from '../../src/runner/events.js';
import { newHostState } from '../../src/runner/state.js';
import { combineStatuses, countStatus, decideStatus, settleResult, type StatusInput } from '../../src/runner/task-status.js';

const yes = () => true;
const no = () => false;
const never = () => {
  throw new Error('must not be asked');
};

describe('decideStatus', () => {
  it.each<[string, StatusInput, HostStatus]>([
    ['a module result stands without conditions', { reported: 'changed' }, 'changed'],
    ['unreachable beats every condition', { reported: 'unreachable', failedWhen: never, changedWhen: never, timedOut: true }, 'unreachable'],
    ['a timeout fails, conditions unasked', { reported: 'ok', timedOut: true, failedWhen: never, changedWhen: never }, 'failed'],
    ['a timeout fails even a skipped result', { reported: 'skipped', timedOut: true }, 'failed'],
    ['skipped stands, conditions unasked', { reported: 'skipped', failedWhen: never, changedWhen: never }, 'skipped'],
    ['changed_when true makes ok changed', { reported: 'ok', changedWhen: yes }, 'changed'],
    ['changed_when false makes changed ok', { reported: 'changed', changedWhen: no }, 'ok'],
    ['changed_when is not asked of a failed module', { reported: 'failed', changedWhen: never }, 'failed'],
    ['failed_when true fails an ok module', { reported: 'ok', failedWhen: yes }, 'failed'],
    ['failed_when true wins over changed_when', { reported: 'ok', failedWhen: yes, changedWhen: never }, 'failed'],
    ['failed_when false clears a failure to ok', { reported: 'failed', failedWhen: no }, 'ok'],
    ['failed_when false clears a failure; changed_when is still not asked', { reported: 'failed', failedWhen: no, changedWhen: never }, 'ok'],
    ['failed_when false keeps changed', { reported: 'changed', failedWhen: no }, 'changed'],
    ['failed_when false, then changed_when decides', { reported: 'changed', failedWhen: no, changedWhen: no }, 'ok'],
    ['an exhausted until fails', { reported: 'ok', untilExhausted: true }, 'failed'],
    ['an exhausted until fails whatever changed_when says', { reported: 'changed', changedWhen: yes, untilExhausted: true }, 'failed'],
  ])('%s', (_name, input, want) => {
    expect(decideStatus(input)).toBe(want);
  });
});

describe('settleResult', () => {
  it.each<[HostStatus, Record<string, unknown>, Record<string, unknown>]>([
    ['ok', { changed: true, rc: 0 }, { changed: false, failed: false, rc: 0 }],
    ['changed', { failed: true }, { changed: true, failed: false }],
    ['failed', { changed: true, msg: 'x' }, { changed: false, failed: true, msg: 'x' }],
    ['skipped', { skip_reason: 'r' }, { changed: false, skipped: true, skip_reason: 'r' }],
    ['skipped', { failed: false }, { changed: false, failed: false, skipped: true }],
    ['unreachable', { msg: 'refused' }, { changed: false, unreachable: true, msg: 'refused' }],
  ])('%s: %j', (status, result, want) => {
    expect(settleResult(result, status)).toEqual(want);
  });
});

describe('combineStatuses', () => {
  it.each<[HostStatus[], HostStatus]>([
    [[], 'ok'],
    [['ok', 'changed'], 'changed'],
    [['changed', 'failed'], 'failed'],
    [['failed', 'unreachable'], 'unreachable'],
    [['skipped', 'skipped'], 'skipped'],
    [['skipped', 'ok'], 'ok'],
  ])('%j', (items, want) => {
    expect(combineStatuses(items)).toBe(want);
  });
});

describe('countStatus', () => {
  it.each<[HostStatus, boolean, Record<string, number>, { failed: boolean; unreachable: boolean }]>([
    ['ok', false, { ok: 1 }, { failed: false, unreachable: false }],
    ['changed', false, { ok: 1, changed: 1 }, { failed: false, unreachable: false }],
    ['skipped', false, { skipped: 1 }, { failed: false, unreachable: false }],
    ['failed', false, { failed: 1 }, { failed: true, unreachable: false }],
    // As ansible-core 2.14's recap: an ignored failure is also ok.
    ['failed', true, { ignored: 1, ok: 1 }, { failed: false, unreachable: false }],
    ['unreachable', false, { unreachable: 1 }, { failed: false, unreachable: true }],
  ])('%s (ignored: %s)', (status, ignored, counts, standing) => {
    const st = newHostState();
    countStatus(st, status, ignored);
    expect(st.stats).toEqual({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...counts });
    expect({ failed: st.failed, unreachable: st.unreachable }).toEqual(standing);
  });
});
