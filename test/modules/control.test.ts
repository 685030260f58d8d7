// debug, assert, fail, set_fact, meta: results from args and variables, never a change.
import { afterAll, describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/index.js';
import { setFact } from '../../src/modules/set-fact.js';
import { NOT_INTERACTIVE, pause, pauseFor } from '../../src/modules/pause.js';
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
  { name: 'debug var expression', module: 'debug', args: { var: "app.nodes + [name]" }, status: 'ok', data: { 'app.nodes + [name]': ['a', 'b', 'as1'] } },
  { name: 'debug var of an undefined parent', module: 'debug', args: { var: 'nope.x' }, status: 'ok', data: { 'nope.x': 'VARIABLE IS NOT DEFINED!' } },
  { name: 'debug below its verbosity is skipped', module: 'debug', args: { msg: 'hi', verbosity: 1 }, status: 'skipped', data: { skipped_reason: 'Verbosity threshold not met.' } },
  { name: 'assert passes', module: 'assert', args: { that: ['app.port == 9443', "name == 'as1'"] }, status: 'ok', data: { msg: 'All assertions passed' } },
  { name: 'meta flush_handlers', module: 'meta', args: { free_form: 'flush_handlers' }, status: 'ok', data: { meta: 'flush_handlers' } },
])('$name', ({ module, args, status, data }) => {
  it('result', async () => {
    const r = await h.run(module, args, { vars });
    expect(r.status).toBe(status);
    expect(r.data).toEqual(data);
  });
});

// An assert's result is Ansible's (msg, assertion, evaluated_to); the error shown names the condition too.
it.each([
  { that: ['app.port == 9443', 'app.port > 10000'], fail_msg: undefined, msg: 'Assertion failed', shown: 'Assertion failed: app.port > 10000', assertion: 'app.port > 10000' },
  { that: 'name == "x"', fail_msg: 'wrong node', msg: 'wrong node', shown: 'wrong node (failed: name == "x")', assertion: 'name == "x"' },
])('assert fails: $shown', async ({ that, fail_msg, msg, shown, assertion }) => {
  const r = await h.run('assert', { that, ...(fail_msg ? { fail_msg } : {}) }, { vars });
  expect(r).toMatchObject({ status: 'failed', msg, error: { message: shown }, data: { msg, assertion, evaluated_to: false } });
});

it.each([
  { name: 'fail msg', module: 'fail', args: { msg: 'stop here' }, msg: 'stop here' },
  { name: 'meta rejects unknown actions', module: 'meta', args: { free_form: 'reset_connection' }, msg: /expected one of/ },
])('$name', async ({ module, args, msg }) => {
  const r = await h.run(module, args, { vars });
  expect(r.status).toBe('failed');
  if (typeof msg === 'string') expect(r.msg).toBe(msg);
  else expect(r.msg).toMatch(msg);
});

it.each([
  { cacheable: false, stored: { os_family: 'Debian' } },
  // Cacheable: the facts also join the gathered ones, under their names without the ansible_ prefix.
  { cacheable: true, stored: { os_family: 'Debian', db_host: '10.0.0.5', ports: [1, 2], port: 9443 } },
])('set_fact returns its keys as facts (cacheable $cacheable)', async ({ cacheable, stored }) => {
  // Called directly: validation of arbitrary keys needs args.ts to honour schema.anyArgs.
  const args = { db_host: '10.0.0.5', ports: [1, 2], ansible_port: 9443, cacheable };
  const ctx = { vars: { ansible_facts: { os_family: 'Debian' } } } as never;
  const r = await setFact.run(args, ctx);
  expect(r).toMatchObject({ status: 'ok', facts: { db_host: '10.0.0.5', ports: [1, 2], ansible_port: 9443 } });
  expect(r.facts).not.toHaveProperty('cacheable');
  expect((r.facts?.ansible_facts ?? { os_family: 'Debian' }) as unknown).toEqual(stored);
  expect(r.data).toEqual({ ansible_facts: { db_host: '10.0.0.5', ports: [1, 2], ansible_port: 9443 } });
});

describe('pause waiting for Enter', () => {
  const run = async (args: Record<string, unknown>, askUser?: (p: string, echo: boolean) => Promise<string>) => {
    const ctx = { askUser, signal: new AbortController().signal } as never;
    const full = { echo: true, ...args } as never;
    return pause.run(full, ctx);
  };
  it.each([
    { args: { prompt: 'Go on?' }, asked: 'Go on?:', echo: true },
    { args: { prompt: 'Token', echo: false }, asked: 'Token (output is hidden):', echo: false },
    { args: {}, asked: 'Press enter to continue, Ctrl+C to interrupt:', echo: true },
  ])('at a terminal asks $asked and returns the line', async ({ args, asked, echo }) => {
    const questions: [string, boolean][] = [];
    const r = await run(args, async (p, e) => (questions.push([p, e]), 'typed'));
    expect(questions).toEqual([[asked, echo]]);
    expect(r.data).toMatchObject({ user_input: 'typed', rc: 0, stdout: 'Paused for 0.0 minutes' });
    expect(r.warnings).toEqual([]);
  });
  it('without a terminal goes on at once and warns as Ansible does', async () => {
    const r = await run({ prompt: 'Go on?' });
    expect(r.data).toMatchObject({ user_input: '', delta: 0 });
    expect(r.warnings).toEqual([NOT_INTERACTIVE]);
  });
  it('with a time never asks', async () => {
    let asked = false;
    // As Ansible, a time under a second waits one second.
    expect(pauseFor({ seconds: 0, prompt: 'x', echo: true })).toEqual({ ms: 1000, unit: 'seconds' });
    const r = await pause.run({ seconds: 0, prompt: 'x', echo: true }, { askUser: async () => ((asked = true), ''), signal: new AbortController().signal } as never);
    expect(asked).toBe(false);
    expect(r.data).toMatchObject({ user_input: '' });
  });
});

describe('debug', () => {
  it('a var result has no msg: the variable alone, as Ansible', async () => {
    const r = await h.run('debug', { var: 'name' }, { vars });
    expect(r).toEqual({ status: 'ok', data: { name: 'as1' } });
  });

  it('from -v on, an undefined var says why', async () => {
    const r = await h.run('debug', { var: 'nope' }, { vars, verbosity: 1 });
    expect(r.data).toEqual({ nope: expect.stringMatching(/^VARIABLE IS NOT DEFINED!: .*'nope'/) });
  });

  it('at its verbosity it shows', async () => {
    expect(await h.run('debug', { var: 'name', verbosity: 2 }, { vars, verbosity: 2 })).toEqual({ status: 'ok', data: { name: 'as1' } });
  });
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
