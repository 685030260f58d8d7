// Task files loaded once per load: a later use gets an equal copy with its own role, and a load that reported anything is not kept.
import { describe, expect, it } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import type { LoadContext } from '../../src/playbook/load-context.js';
import { loadTaskFileOnce } from '../../src/playbook/task-file-memo.js';
import type { RoleContext, TaskItem, TaskNode } from '../../src/playbook/types.js';
import { loadTree } from './helpers.js';

function contextOf(): LoadContext {
  return { errors: [], warnings: [], findModule: () => undefined, moduleNames: [], playbookDir: '/p', rolesPath: [], stack: [], roleHandlers: [] };
}

const roleOf = (params: Record<string, unknown>, dir = '/p/roles/web'): RoleContext => ({ name: 'web', dir, defaults: { port: 80 }, vars: {}, params });

function taskOf(role: RoleContext | undefined): TaskNode {
  return { kind: 'task', loc: { file: '/p/roles/web/tasks/main.yml', line: 1, col: 3 }, path: '[0]', when: [], tags: ['t'], vars: { a: [1, { b: 2 }] }, module: 'debug', args: { msg: 'hi' }, loopVar: 'item', notify: [], role };
}

/** A load function that counts its calls and builds fresh nodes for `role`, reporting what `reports` says. */
function counting(role: RoleContext | undefined, reports: (ctx: LoadContext) => void = () => {}) {
  const calls = { n: 0 };
  return { calls, load: (ctx: LoadContext) => () => { calls.n++; reports(ctx); return [taskOf(role)] as TaskItem[]; } };
}

describe('loadTaskFileOnce', () => {
  it('a second use of the same file and scope is a copy: equal, not shared, with the second role', () => {
    const ctx = contextOf();
    const [r1, r2] = [roleOf({ x: 1 }), roleOf({ x: 2 })];
    const first = counting(r1);
    const a = loadTaskFileOnce(ctx, '/p/roles/web/tasks/main.yml', { dir: '/p/roles/web/tasks', role: r1, handlers: false }, first.load(ctx));
    const b = loadTaskFileOnce(ctx, '/p/roles/web/tasks/main.yml', { dir: '/p/roles/web/tasks', role: r2, handlers: false }, first.load(ctx));
    expect(first.calls.n).toBe(1);
    expect(b).toEqual([taskOf(r2)]);
    expect(b[0]).not.toBe(a[0]);
    expect((b[0] as TaskNode).vars.a).not.toBe((a[0] as TaskNode).vars.a);
    expect(b[0]!.role).toBe(r2);
    expect(a[0]!.role).toBe(r1);
  });

  it.each([
    ['another file', '/p/other.yml', { dir: '/p/roles/web/tasks', handlers: false }],
    ['another folder', '/p/roles/web/tasks/main.yml', { dir: '/p', handlers: false }],
    ['handlers', '/p/roles/web/tasks/main.yml', { dir: '/p/roles/web/tasks', handlers: true }],
    ['a role in another folder', '/p/roles/web/tasks/main.yml', { dir: '/p/roles/web/tasks', handlers: false, roleDir: '/q/roles/web' }],
  ])('%s is loaded again', (_name, file, s) => {
    const ctx = contextOf();
    const role = roleOf({});
    const c = counting(role);
    loadTaskFileOnce(ctx, '/p/roles/web/tasks/main.yml', { dir: '/p/roles/web/tasks', role, handlers: false }, c.load(ctx));
    const other = 'roleDir' in s ? roleOf({}, s.roleDir) : role;
    loadTaskFileOnce(ctx, file, { dir: s.dir, role: other, handlers: s.handlers }, c.load(ctx));
    expect(c.calls.n).toBe(2);
  });

  it.each([
    ['an error', (ctx: LoadContext) => ctx.errors.push(new CarbonPlayError('validation', 'bad'))],
    ['a warning', (ctx: LoadContext) => ctx.warnings!.push('missing template')],
    ['a role handler', (ctx: LoadContext) => ctx.roleHandlers.push({ ...taskOf(undefined), listen: [] })],
  ])('a load that added %s is not kept (each use reports it again)', (_name, reports) => {
    const ctx = contextOf();
    const c = counting(undefined, reports);
    for (let i = 0; i < 2; i++) loadTaskFileOnce(ctx, '/p/t.yml', { dir: '/p', handlers: false }, c.load(ctx));
    expect(c.calls.n).toBe(2);
  });

  it('another load context loads again', () => {
    const c = counting(undefined);
    for (const ctx of [contextOf(), contextOf()]) loadTaskFileOnce(ctx, '/p/t.yml', { dir: '/p', handlers: false }, c.load(ctx));
    expect(c.calls.n).toBe(2);
  });
});

describe('a role used by two plays', () => {
  it('gives each play its own tasks and handlers, with that play\'s role params', async () => {
    const pb = await loadTree({
      'site.yml': '- hosts: a\n  roles:\n    - { role: web, port: 1 }\n- hosts: b\n  roles:\n    - { role: web, port: 2 }\n',
      'roles/web/tasks/main.yml': '- name: say\n  debug: { msg: "{{ port }}" }\n  notify: bounce\n',
      'roles/web/handlers/main.yml': '- name: bounce\n  debug: { msg: bounced }\n',
    });
    const [p1, p2] = pb.plays;
    const t1 = p1!.roles[0]!.block[0] as TaskNode;
    const t2 = p2!.roles[0]!.block[0] as TaskNode;
    expect(t1.role!.params).toEqual({ port: 1 });
    expect(t2.role!.params).toEqual({ port: 2 });
    expect(t2).not.toBe(t1);
    expect({ ...t2, role: undefined }).toEqual({ ...t1, role: undefined });
    expect(p1!.handlers.map((h) => [h.name, h.role!.params])).toEqual([['bounce', { port: 1 }]]);
    expect(p2!.handlers.map((h) => [h.name, h.role!.params])).toEqual([['bounce', { port: 2 }]]);
    expect(p2!.handlers[0]).not.toBe(p1!.handlers[0]);
  });
});
