// debug, assert, fail, set_fact, meta: results from args and variables, never a change.
import { afterAll, describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/index.js';
import { setFact } from '../../src/modules/set-fact.js';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());
const vars = { app: { port: 9443, nodes: ['a', 'b'] }, name: 'as1' };

describe.each([
  { name: 'debug msg', module: 'debug', args: { msg: 'hi' }, status: 'ok', data: { msg: 'hi' } },
  { name: 'debug default msg', module: 'debug', args: {}, status: 'ok', data: { msg: 'Hello world!' } },
  { name: 'debug var dotted', module: 'debug', args: { var: 'app.port' }, status: 'ok', data: { 'app.port': 9443 } },
  { name: 'debug var index', module: 'debug', args: { var: 'app.nodes[1]' }, status: 'ok', data: { 'app.nodes[1]': 'b' } },
  { name: 'debug var undefined', module: 'debug', args: { var: 'nope' }, status: 'ok', data: { nope: 'VARIABLE IS NOT DEFINED!' } },
  { name: 'assert passes', module: 'assert', args: { that: ['app.port == 9443', "name == 'as1'"] }, status: 'ok', data: { msg: 'All assertions passed' } },
  { name: 'meta flush_handlers', module: 'meta', args: { free_form: 'flush_handlers' }, status: 'ok', data: { meta: 'flush_handlers' } },
])('$name', ({ module, args, status, data }) => {
  it('result', async () => {
    const r = await h.run(module, args, { vars });
    expect(r.status).toBe(status);
    expect(r.data).toEqual(data);
  });
});

it.each([
  { name: 'assert names the failed condition', module: 'assert', args: { that: ['app.port == 9443', 'app.port > 10000'] }, msg: 'Assertion failed: app.port > 10000' },
  { name: 'assert fail_msg', module: 'assert', args: { that: 'name == "x"', fail_msg: 'wrong node' }, msg: 'wrong node (failed: name == "x")' },
  { name: 'fail msg', module: 'fail', args: { msg: 'stop here' }, msg: 'stop here' },
  { name: 'meta rejects unknown actions', module: 'meta', args: { free_form: 'reset_connection' }, msg: /expected one of/ },
])('$name', async ({ module, args, msg }) => {
  const r = await h.run(module, args, { vars });
  expect(r.status).toBe('failed');
  if (typeof msg === 'string') expect(r.msg).toBe(msg);
  else expect(r.msg).toMatch(msg);
});

it('set_fact returns its keys as facts (cacheable dropped)', async () => {
  // Called directly: validation of arbitrary keys needs args.ts to honour schema.anyArgs.
  const args = { db_host: '10.0.0.5', ports: [1, 2], cacheable: true };
  const r = await setFact.run(args, {} as never);
  expect(r).toMatchObject({ status: 'ok', facts: { db_host: '10.0.0.5', ports: [1, 2] } });
  expect(r.facts).not.toHaveProperty('cacheable');
});

describe('actions: modules that run on the control node alone', () => {
  it.each(['debug', 'set_fact', 'assert', 'fail', 'meta', 'pause', 'include_vars', 'wait_for_connection'])('%s is an action in the registry', (name) => {
    expect(findModule(name)?.kind).toBe('action');
  });

  it.each(['copy', 'template', 'command', 'lineinfile'])('%s reads, plans and applies', (name) => {
    expect(findModule(name)?.kind).toBeUndefined();
  });

  it('an action runs in check mode: set_fact still sets, debug still shows', async () => {
    expect(await h.run('set_fact', { a: 1 }, { check: true })).toMatchObject({ status: 'ok', facts: { a: 1 } });
    expect(await h.run('debug', { msg: 'hi' }, { check: true })).toMatchObject({ status: 'ok', data: { msg: 'hi' } });
  });
});
