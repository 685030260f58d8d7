// ansible_failed_task / ansible_failed_result: what a rescue is told of a failure, and that none of it carries a secret.
import { describe, expect, it } from 'vitest';
import { mysqlUser } from '../../src/modules/mysql-user.js';
import { command } from '../../src/modules/command.js';
import { describeFailedTask, exposeFailure, keepFailure } from '../../src/runner/failed-task.js';
import { CENSORED } from '../../src/runner/no-log.js';
import { MASK } from '../../src/runner/redact.js';
import { newHostState } from '../../src/runner/state.js';
import { task } from './helpers.js';

describe('failed task for a rescue', () => {
  it.each([
    ['a free-form command line is _raw_params', task('command', { cmd: 'false' }), command.schema, { _raw_params: 'false' }],
    ['a secret argument is masked', task('mysql_user', { name: 'u', password: 'S3cr3t' }), mysqlUser.schema, { name: 'u', password: MASK }],
    ['a no_log task gives no arguments', task('mysql_user', { name: 'u', password: 'S3cr3t' }, { noLog: true }), mysqlUser.schema, CENSORED],
  ])('%s', (_name, t, schema, args) => {
    const d = describeFailedTask(t, schema);
    expect(d.args).toEqual(args);
    expect(JSON.stringify(d)).not.toContain('S3cr3t');
  });

  it("a no_log task's result is kept censored, failed", () => {
    const kept = keepFailure(task('command', { cmd: 'x' }, { noLog: true }), { failed: true, changed: true, stdout: 'S3cr3t' });
    expect(kept.result).toEqual({ censored: CENSORED, changed: true, failed: true });
  });

  it('exposes both variables on the host, and nothing when there was no failure', () => {
    const st = newHostState();
    exposeFailure(st, undefined);
    expect(st.facts).toEqual({});
    exposeFailure(st, keepFailure(task('fail', { msg: 'no' }, { name: 'f', when: ['x'] }), { failed: true, msg: 'no' }));
    expect(st.facts.ansible_failed_result).toEqual({ failed: true, msg: 'no' });
    expect(st.facts.ansible_failed_task).toMatchObject({ name: 'f', action: 'fail', args: { msg: 'no' }, when: ['x'], changed_when: [] });
  });
});
