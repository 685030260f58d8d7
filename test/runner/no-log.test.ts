// censorOutcome: what a no_log task's outcome shows, as Ansible's TaskResult.clean_copy censors it.
import { describe, expect, it } from 'vitest';
import { CENSORED, censorOutcome } from '../../src/runner/no-log.js';
import type { ItemOutcome } from '../../src/runner/execute-item.js';

const loc = { file: 'site.yml', line: 3, col: 7 };

describe('censorOutcome', () => {
  it.each<[string, ItemOutcome, ReturnType<typeof censorOutcome>]>([
    [
      'ok: no message, diff or warnings; changed kept',
      { status: 'changed', msg: 'wrote pass=S3cr3t', diff: [{ path: '/f', before: '', after: 'pass=S3cr3t\n' }], warnings: ['S3cr3t is weak'], result: { changed: true, content: 'pass=S3cr3t' } },
      { result: { censored: CENSORED, changed: true } },
    ],
    [
      'failed: the message censored, the error keeps where (not its cause)',
      { status: 'failed', msg: 'rc 3: S3cr3t', error: { kind: 'module', message: 'rc 3: S3cr3t', context: { loc, host: 'n1', task: 't', module: 'command' }, cause: 'S3cr3t' }, result: { failed: true, stderr: 'S3cr3t' } },
      { msg: CENSORED, error: { kind: 'module', message: CENSORED, context: { loc, host: 'n1', task: 't', module: 'command' } }, result: { censored: CENSORED, changed: false } },
    ],
    [
      'until: attempts and retries kept, as Ansible preserves them',
      { status: 'ok', result: { changed: false, attempts: 2, retries: 3, stdout: 'S3cr3t' } },
      { result: { censored: CENSORED, changed: false, attempts: 2, retries: 3 } },
    ],
    ['skipped', { status: 'skipped', result: { skipped: true, skip_reason: 'Conditional result was False' } }, { result: { censored: CENSORED, changed: false } }],
  ])('%s', (_name, outcome, shown) => {
    const got = censorOutcome(outcome);
    expect(got).toEqual(shown);
    expect(JSON.stringify(got)).not.toContain('S3cr3t');
  });
});
