// Builders for hand-written playbook ASTs, a local-host inventory on a temp dir, and small real test modules.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import type { Inventory } from '../../src/inventory/types.js';
import { defineModule, type ModuleDefinition } from '../../src/modules/types.js';
import type { BlockNode, HandlerNode, PlayNode, Playbook, TaskItem, TaskNode } from '../../src/playbook/types.js';
import type { RunnerEvent } from '../../src/runner/events.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import type { RunPlaybookOptions } from '../../src/runner/options.js';
import { createLocalFactory } from './local-factory.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const loc = (line = 1) => ({ file: '/pb/site.yml', line, col: 3 });

export function task(module: string, args: Record<string, unknown> = {}, extra: Partial<TaskNode> = {}): TaskNode {
  return { kind: 'task', loc: loc(extra.loc?.line), path: '', module, args, when: [], tags: [], vars: {}, loopVar: 'item', notify: [], ...extra };
}

export function block(body: TaskItem[], extra: Partial<BlockNode> = {}): BlockNode {
  return { kind: 'block', loc: loc(), path: '', block: body, rescue: [], always: [], when: [], tags: [], vars: {}, ...extra };
}

export function handler(name: string, module: string, args: Record<string, unknown>, listen: string[] = []): HandlerNode {
  return { ...task(module, args, { name }), listen };
}

export function play(tasks: TaskItem[], extra: Partial<PlayNode> = {}): PlayNode {
  return {
    loc: loc(), path: '[0]', name: 'test play', hosts: 'all', vars: {}, varsFiles: {}, preTasks: [], roles: [], tasks, postTasks: [],
    handlers: [], anyErrorsFatal: false, tags: [], gatherFacts: false, ...extra,
  };
}

export function playbook(...plays: PlayNode[]): Playbook {
  return { file: '/pb/site.yml', dir: '/pb', plays };
}

export function tempDir(): string {
  return makeTempDir('cp-runner-');
}

/** An INI inventory of local hosts; `extra` lines are appended as written. */
export async function localInventory(hosts: string[], extra = ''): Promise<Inventory> {
  const dir = tempDir();
  const file = join(dir, 'hosts.ini');
  writeFileSync(file, `[nodes]\n${hosts.map((h) => `${h} ansible_connection=local`).join('\n')}\n${extra}\n`);
  return loadInventory([file]);
}

/** Real modules small enough for runner tests: they act on the local connection. */
export const testModules: Record<string, ModuleDefinition<any, any, any>> = {
  sh: defineModule<{ cmd: string }, undefined, undefined>({
    name: 'sh', description: 'run a shell line', supportsCheck: false,
    schema: { args: { cmd: { type: 'str', required: true, description: '' } } },
    async read() { return undefined; },
    plan: (a) => ({ kind: 'change', summary: a.cmd, data: undefined }),
    async apply(_d, a, ctx) {
      const r = await ctx.conn.run({ shell: a.cmd }, { become: ctx.become });
      const data = { rc: r.rc, stdout: r.stdout.trimEnd(), stderr: r.stderr, stdout_lines: r.stdout.trimEnd().split('\n'), cmd: a.cmd };
      return r.rc === 0 ? { status: 'changed', data } : { status: 'failed', msg: `non-zero return code ${r.rc}`, data };
    },
  }),
  put: defineModule<{ dest: string; content: string }, string | null, string>({
    name: 'put', description: 'write a file', schema: { args: { dest: { type: 'str', required: true, description: '' }, content: { type: 'str', required: true, description: '' } } },
    async read(a, ctx) { return (await ctx.conn.readFile(a.dest))?.toString() ?? null; },
    plan: (a, cur) => (cur === a.content ? { kind: 'noop', reason: 'same content' } : { kind: 'change', summary: 'write', data: a.content, diff: [{ path: a.dest, before: cur ?? '', after: a.content }] }),
    async apply(data, a, ctx) { await ctx.conn.writeFile(a.dest, Buffer.from(data)); return { status: 'changed' }; },
  }),
  say: defineModule<{ msg: string }, undefined, undefined>({
    name: 'say', description: 'debug', schema: { args: { msg: { type: 'raw', description: '' } } },
    async read() { return undefined; },
    plan: () => ({ kind: 'noop', reason: 'said' }),
    async apply() { return { status: 'ok' }; },
  }),
  set_fact: defineModule<Record<string, unknown>, undefined, undefined>({
    name: 'set_fact', description: 'facts (the keys tests use)', schema: { args: { c: { type: 'raw', description: '' }, d: { type: 'raw', description: '' }, token: { type: 'raw', description: '' } } },
    async read() { return undefined; },
    plan: () => ({ kind: 'change', summary: '', data: undefined }),
    async apply(_d, a) { return { status: 'ok', facts: a }; },
  }),
  login: defineModule<{ user: string; pass: string }, undefined, undefined>({
    name: 'login', description: 'a module with a secret argument', schema: { args: { user: { type: 'str', description: '' }, pass: { type: 'str', secret: true, description: '' } } },
    async read() { return undefined; },
    plan: () => ({ kind: 'noop', reason: 'logged in' }),
    async apply() { return { status: 'ok' }; },
  }),
};

export interface Run {
  events: RunnerEvent[];
  results: Extract<RunnerEvent, { type: 'host_result' }>[];
  summary: Awaited<ReturnType<typeof runPlaybook>>;
}

export async function runTest(pb: Playbook, inv: Inventory, opts: RunPlaybookOptions = {}): Promise<Run> {
  const events: RunnerEvent[] = [];
  const summary = await runPlaybook(pb, inv, {
    findModule: (n) => testModules[n],
    sink: (e) => events.push(e),
    sleep: async () => {},
    connections: createLocalFactory(),
    ...opts,
  });
  const results = events.filter((e): e is Extract<RunnerEvent, { type: 'host_result' }> => e.type === 'host_result');
  return { events, results, summary };
}

/** `host:status` for each result of the task titled `name`. */
export function statuses(run: Run, name: string): string[] {
  return run.results.filter((r) => r.task === name).map((r) => `${r.host}:${r.status}`).sort();
}

/** Per task started: `title:host,host` (hosts sorted: they run concurrently). */
export function taskOrder(run: Run): string[] {
  const starts = run.events.filter((e) => e.type === 'task_start');
  return starts.map((s) => `${s.name}:${run.results.filter((r) => r.taskId === s.id).map((r) => r.host).sort().join(',')}`);
}
