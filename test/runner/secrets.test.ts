import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CarbonPlayError } from '../../src/core/errors.js';
import { defineModule } from '../../src/modules/types.js';
import { createPlainRenderer } from '../../src/output/plain.js';
import { createRedactor, MASK, redactError } from '../../src/runner/redact.js';
import { createSecretScopes } from '../../src/runner/secret-scopes.js';
import { localInventory, play, playbook, runTest, task, tempDir, testModules } from './helpers.js';

const PASSWORD = 'S3cr3t-Pa55w0rd';
const KEY = '-----BEGIN KEY-----\nline-one-AAAA1111\nline-two-BBBB2222\n-----END KEY-----';
/** Every piece of a secret that must never show: the whole of each, and each line of the multi-line one. */
const PIECES = [PASSWORD, KEY, 'line-one-AAAA1111', 'line-two-BBBB2222'];

/** A module that fails with a message built from an argument it does not know to be secret. */
const leak = defineModule<{ word: string }, undefined, undefined>({
  name: 'leak', description: 'fails naming its argument', schema: { args: { word: { type: 'str', description: '' } } },
  async read(a) { throw new CarbonPlayError('module', `login refused for ${a.word}`); },
  plan: () => ({ kind: 'noop', reason: '' }),
  async apply() { return { status: 'ok' }; },
});

describe('secrets never leave the runner', () => {
  it('not in a failing module\'s message, a diff, an error event or the rendered output, whole or by line', async () => {
    const dir = tempDir();
    const inv = await localInventory(['n1']);
    const pb = playbook(play([
      task('put', { dest: join(dir, 'app.conf'), content: 'password={{ db_password }}\n{{ vault_key }}\n' }, { name: 'config' }),
      task('leak', { word: '{{ db_password }}' }, { name: 'whole', ignoreErrors: true }),
      task('leak', { word: 'line-two-BBBB2222' }, { name: 'one line of the key', ignoreErrors: true }),
      task('say', { msg: '{{ undefined_thing }} {{ db_password }}' }, { name: 'runner error', ignoreErrors: true }),
    ], { vars: { db_password: PASSWORD, vault_key: '{{ vaulted }}' } }));
    const r = await runTest(pb, inv, {
      diff: true, secrets: [KEY], extraVars: { vaulted: KEY },
      findModule: (n) => (n === 'leak' ? leak : testModules[n]),
    });
    let out = '';
    const plain = createPlainRenderer({ write: (s) => void (out += s), verbosity: 2, diff: true });
    r.events.forEach(plain.sink);
    await plain.done();
    expect(r.results.map((e) => e.status)).toEqual(['changed', 'failed', 'failed', 'failed']);
    expect(r.results[0].diff?.[0].after).toContain(MASK);
    expect(r.results[1].error?.message).toBe(`login refused for ${MASK}`);
    expect(r.results[2].error?.message).toBe(`login refused for ${MASK}`);
    const json = JSON.stringify(r.events);
    for (const piece of PIECES) {
      expect(json).not.toContain(piece);
      expect(out).not.toContain(piece);
    }
  });
});

/**
 * A no_log task printing `printed` (registered as `quiet`), then tasks that show it or change: the rendered lines
 * `want` must show, and the pieces `hidden` that must not. Secrets stay masked; a status word stays a status word.
 */
const noLogCases: { name: string; printed: string; vars?: Record<string, string>; want: string[]; hidden: string[] }[] = [
  { name: 'a status word printed is no secret', printed: 'changed', want: ['changed: [n1]', '"stdout":"was changed"'], hidden: ['undefined', `was ${MASK}`] },
  { name: 'a short word', printed: 'ok', want: ['changed: [n1]', '"stdout":"was ok"'], hidden: ['undefined', `was ${MASK}`] },
  { name: 'a sentence', printed: 'service is running', want: ['"stdout":"was service is running"'], hidden: ['undefined'] },
  { name: 'a password read', printed: 'Kp9-Wso2-Store', want: ['changed: [n1]', `"stdout":"was ${MASK}"`], hidden: ['Kp9-Wso2-Store', 'undefined'] },
  { name: 'a line quoting a password', printed: 'db password: Kp9x7Wq2', want: [`"stdout":"was db password: ${MASK}"`], hidden: ['Kp9x7Wq2', 'undefined'] },
  // A vaulted/secret-named value is masked even when it is a status word; the status lines stay.
  { name: 'a secret var that is a status word', printed: 'changed', vars: { app_password: 'changed' }, want: ['changed: [n1]', `"stdout":"was ${MASK}"`], hidden: ['undefined', 'was changed'] },
];

describe('a no_log task\'s registered output shown later', () => {
  it.each(noLogCases)('$name', async ({ printed, vars, want, hidden }) => {
    const inv = await localInventory(['n1']);
    const pb = playbook(play([
      task('sh', { cmd: `printf '%s' '${printed}'` }, { name: 'quiet read', noLog: true, register: 'quiet' }),
      task('sh', { cmd: 'true' }, { name: 'change something' }),
      task('sh', { cmd: 'echo was {{ quiet.stdout }}' }, { name: 'show' }),
    ], { vars: vars ?? {} }));
    const r = await runTest(pb, inv);
    let out = '';
    const plain = createPlainRenderer({ write: (s) => void (out += s), verbosity: 1, diff: false });
    r.events.forEach(plain.sink);
    await plain.done();
    expect(r.results.map((e) => e.status)).toEqual(['changed', 'changed', 'changed']);
    for (const w of want) expect(out).toContain(w);
    for (const h of hidden) expect(out).not.toContain(h);
  });
});

describe('createSecretScopes', () => {
  it('searches a layer once per host, and again while it does not render', () => {
    const redactor = createRedactor();
    const scopes = createSecretScopes(redactor);
    let reads = 0;
    const inventory = { name: 'inventory', read: () => (reads++, { db_password: 'hunter22' }) };
    const later = { api_token: '{{ reg.stdout }}' };
    for (let i = 0; i < 3; i++) scopes.learn('n1', [inventory, later], {});
    expect(reads).toBe(1);
    scopes.learn('n2', [inventory], {});
    expect(reads).toBe(2);
    scopes.learn('n1', [later], { reg: { stdout: 'tok-12345' } });
    expect(redactor.redactText('hunter22 tok-12345')).toBe(`${MASK} ${MASK}`);
  });
});

describe('redactError', () => {
  it('masks a thrown error\'s message and context, keeping its kind', () => {
    const r = createRedactor();
    r.add([PASSWORD]);
    const e = redactError(r, new CarbonPlayError('module', `bad ${PASSWORD}`, { path: `x.${PASSWORD}` })) as CarbonPlayError;
    expect([e.kind, e.message, e.context.path]).toEqual(['module', `bad ${MASK}`, `x.${MASK}`]);
  });
});
