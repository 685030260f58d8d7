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
  // [name, input, status, changed]: the status and the `changed` its result carries.
  it.each<[string, StatusInput, HostStatus, boolean]>([
    ['a module result stands without conditions', { reported: 'changed' }, 'changed', true],
    ['unreachable beats every condition', { reported: 'unreachable', failedWhen: never, changedWhen: never, timedOut: true }, 'unreachable', false],
    ['a timeout fails unchanged, conditions unasked', { reported: 'changed', timedOut: true, failedWhen: never, changedWhen: never }, 'failed', false],
    ['a timeout fails even a skipped result', { reported: 'skipped', timedOut: true }, 'failed', false],
    ['skipped stands, conditions unasked', { reported: 'skipped', failedWhen: never, changedWhen: never }, 'skipped', false],
    ['changed_when true makes ok changed', { reported: 'ok', changedWhen: yes }, 'changed', true],
    ['changed_when false makes changed ok', { reported: 'changed', changedWhen: no }, 'ok', false],
    ['a failed module is unchanged unless it says so', { reported: 'failed' }, 'failed', false],
    ['a failed command is changed too', { reported: 'failed', changed: true }, 'failed', true],
    ['changed_when is asked of a failed module too', { reported: 'failed', changed: true, changedWhen: no }, 'failed', false],
    ['changed_when true on a failed module', { reported: 'failed', changedWhen: yes }, 'failed', true],
    ['failed_when true fails an ok module', { reported: 'ok', failedWhen: yes }, 'failed', false],
    ['failed_when true fails a changed module, which stays changed', { reported: 'changed', failedWhen: yes }, 'failed', true],
    ['failed_when false clears an unchanged failure to ok', { reported: 'failed', failedWhen: no }, 'ok', false],
    ['failed_when false clears a changed failure to changed', { reported: 'failed', changed: true, failedWhen: no }, 'changed', true],
    ['failed_when false, then changed_when decides', { reported: 'failed', changed: true, failedWhen: no, changedWhen: no }, 'ok', false],
    ['failed_when false keeps changed', { reported: 'changed', failedWhen: no }, 'changed', true],
    ['an exhausted until fails', { reported: 'ok', untilExhausted: true }, 'failed', false],
    ['an exhausted until fails whatever changed_when says, changed kept', { reported: 'changed', changedWhen: yes, untilExhausted: true }, 'failed', true],
  ])('%s', (_name, input, status, changed) => {
    expect(decideStatus(input)).toEqual({ status, changed });
  });

  it('asks changed_when before failed_when (failed_when sees its verdict)', () => {
    const asked: string[] = [];
    decideStatus({ reported: 'failed', changedWhen: () => (asked.push('changed'), false), failedWhen: () => (asked.push('failed'), true) });
    expect(asked).toEqual(['changed', 'failed']);
  });
});

describe('settleResult', () => {
  it.each<[HostStatus, Record<string, unknown>, boolean | undefined, Record<string, unknown>]>([
    ['ok', { changed: true, rc: 0 }, undefined, { changed: false, failed: false, rc: 0 }],
    ['changed', { failed: true }, undefined, { changed: true, failed: false }],
    ['failed', { changed: true, msg: 'x' }, undefined, { changed: true, failed: true, msg: 'x' }],
    ['failed', { msg: 'x' }, undefined, { changed: false, failed: true, msg: 'x' }],
    ['failed', { changed: true }, false, { changed: false, failed: true }],
    ['failed', {}, true, { changed: true, failed: true }],
    ['skipped', { skip_reason: 'r' }, undefined, { changed: false, skipped: true, skip_reason: 'r' }],
    ['skipped', { failed: false }, undefined, { changed: false, failed: false, skipped: true }],
    ['unreachable', { msg: 'refused' }, undefined, { changed: false, unreachable: true, msg: 'refused' }],
  ])('%s: %j (changed %s)', (status, result, changed, want) => {
    expect(settleResult(result, status, changed)).toEqual(want);
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
  it.each<[HostStatus, boolean, boolean, Record<string, number>, { failed: boolean; unreachable: boolean }]>([
    ['ok', false, false, { ok: 1 }, { failed: false, unreachable: false }],
    ['changed', false, true, { ok: 1, changed: 1 }, { failed: false, unreachable: false }],
    ['skipped', false, false, { skipped: 1 }, { failed: false, unreachable: false }],
    ['failed', false, false, { failed: 1 }, { failed: true, unreachable: false }],
    // A fatal failure counts as failed only, even when it changed (a failed command).
    ['failed', false, true, { failed: 1 }, { failed: true, unreachable: false }],
    // As ansible-core 2.14's recap: an ignored failure is also ok, and changed when its result says so.
    ['failed', true, false, { ignored: 1, ok: 1 }, { failed: false, unreachable: false }],
    ['failed', true, true, { ignored: 1, ok: 1, changed: 1 }, { failed: false, unreachable: false }],
    ['unreachable', false, false, { unreachable: 1 }, { failed: false, unreachable: true }],
  ])('%s (ignored: %s, changed: %s)', (status, ignored, changed, counts, standing) => {
    const st = newHostState();
    countStatus(st, status, ignored, changed);
    expect(st.stats).toEqual({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...counts });
    expect({ failed: st.failed, unreachable: st.unreachable }).toEqual(standing);
  });
});
