// Task lists: each entry a module task (bare, FQCN, action:, local_action:), a block, or an include form (load-include.ts).
import { dirname } from 'node:path';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { BlockNode, TaskAttributes, TaskItem } from './types.js';
import type { LoadContext, Scope } from './load-context.js';
import { ATTRIBUTE_KEYS, readAttributes } from './task-attributes.js';
import { loadModuleTask, TASK_KEYS, type ActionRef } from './load-module-task.js';
import { includeKeyword, INCLUDE_KEYWORDS, loadInclude } from './load-include.js';
import { isLoopKey } from './load-loop.js';
import { checkTemplates, readString } from './read-values.js';
import { loadTaskFileOnce } from './task-file-memo.js';
import { describeNode, entries, hint, isNullNode, locOf, readYamlFile, report, toJs } from './yaml-source.js';

const BLOCK_KEYS = ['block', 'rescue', 'always'];

export function loadTaskList(ctx: LoadContext, scope: Scope, node: Node | null, path: string): TaskItem[] {
  if (isNullNode(node)) return [];
  if (!isSeq(node)) {
    report(scope.src, node, path, `expected a list of tasks, got ${describeNode(node)}`);
    return [];
  }
  const out: TaskItem[] = [];
  node.items.forEach((item, i) => {
    const t = loadTaskItem(ctx, scope, item as Node, `${path}[${i}]`);
    if (t) out.push(t);
  });
  return out;
}

/** A task file (tasks/main.yml, an imported file): a list of tasks at the top. */
export function loadTaskFile(ctx: LoadContext, file: string, scope: Omit<Scope, 'src'>, from?: { scope: Scope; node: Node | null; path: string }): TaskItem[] {
  if (ctx.stack.includes(file)) {
    if (from) report(from.scope.src, from.node, from.path, `import cycle: ${[...ctx.stack, file].join(' -> ')}`);
    return [];
  }
  return loadTaskFileOnce(ctx, file, scope, () => {
    const read = readYamlFile(file, ctx.errors, from && { src: from.scope.src, node: from.node, path: from.path });
    if (!read) return [];
    ctx.stack.push(file);
    try {
      return loadTaskList(ctx, { ...scope, src: read.src }, read.root, '');
    } finally {
      ctx.stack.pop();
    }
  });
}

function loadTaskItem(ctx: LoadContext, scope: Scope, node: Node, path: string): TaskItem | undefined {
  const { src } = scope;
  if (!isMap(node)) {
    report(src, node, path, `expected a task (a mapping), got ${describeNode(node)}`);
    return undefined;
  }
  const ents = entries(node);
  const attrs = readAttributes(src, ents, path);
  if (ents.some((e) => e.key === 'block')) return loadBlock(ctx, scope, node, path, attrs);
  const actions: ActionRef[] = [];
  for (const e of ents) {
    if (ATTRIBUTE_KEYS.includes(e.key) || TASK_KEYS.includes(e.key) || isLoopKey(e.key)) continue;
    if (e.key === 'action' || e.key === 'local_action') {
      const a = readActionKeyword(ctx, scope, e, path);
      if (!a) return undefined;
      // local_action: the module runs on the control node, as `delegate_to: localhost`.
      if (e.key === 'local_action') attrs.delegateTo = 'localhost';
      actions.push(a);
    } else if (includeKeyword(e.key) || ctx.findModule(e.key)) {
      actions.push({ ...e, raw: toJs(e.value) });
    } else if (BLOCK_KEYS.includes(e.key)) {
      report(src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' without 'block'`);
    } else {
      const candidates = [...ctx.moduleNames, ...ATTRIBUTE_KEYS, ...TASK_KEYS, ...BLOCK_KEYS, ...INCLUDE_KEYWORDS, 'action', 'local_action'];
      report(src, e.keyNode, `${path}.${e.key}`, `unknown module or task keyword '${e.key}'${hint(e.key, candidates)}`);
      return undefined;
    }
  }
  if (actions.length === 0) {
    report(src, node, path, `expected a module in the task, got none (keys: ${ents.map((e) => e.key).join(', ') || 'none'})`);
    return undefined;
  }
  if (actions.length > 1) {
    report(src, actions[1]!.keyNode, path, `expected one module per task, got ${actions.length}: ${actions.map((a) => a.key).join(', ')}`);
    return undefined;
  }
  const action = actions[0]!;
  const keyword = includeKeyword(action.key);
  if (keyword === undefined) return loadModuleTask(ctx, scope, node, path, attrs, action);
  return loadInclude(ctx, scope, node, path, attrs, action, keyword);
}

/** `action: copy src=a dest=b`, or `action: {module: copy, src: a}`: the module and its raw arguments. */
function readActionKeyword(ctx: LoadContext, scope: Scope, e: { key: string; keyNode: Node; value: Node | null }, path: string): ActionRef | undefined {
  const p = `${path}.${e.key}`;
  const v = toJs(e.value);
  let key: string | undefined;
  let raw: unknown = null;
  if (typeof v === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(v);
    key = m?.[1];
    raw = m?.[2] ? m[2] : null;
  } else if (isMap(e.value)) {
    const { module, ...rest } = v as Record<string, unknown>;
    key = typeof module === 'string' ? module : undefined;
    raw = rest;
  }
  if (key === undefined) {
    report(scope.src, e.value, p, `expected 'MODULE key=value ...' or a mapping with 'module', got ${describeNode(e.value)}`);
    return undefined;
  }
  if (!ctx.findModule(key)) {
    report(scope.src, e.value, p, `unknown module '${key}' in ${e.key}${hint(key, ctx.moduleNames)}`);
    return undefined;
  }
  return { key, keyNode: e.keyNode, value: isMap(e.value) ? e.value : null, raw };
}

function loadBlock(ctx: LoadContext, scope: Scope, node: YAMLMap, path: string, attrs: TaskAttributes): BlockNode {
  const b = blockOf(scope, node, path, attrs);
  for (const e of entries(node)) {
    const p = `${path}.${e.key}`;
    if (e.key === 'block') b.block = loadTaskList(ctx, scope, e.value, p);
    else if (e.key === 'rescue') b.rescue = loadTaskList(ctx, scope, e.value, p);
    else if (e.key === 'always') b.always = loadTaskList(ctx, scope, e.value, p);
    else if (!ATTRIBUTE_KEYS.includes(e.key)) report(scope.src, e.keyNode, p, `unexpected '${e.key}' on a block${hint(e.key, [...ATTRIBUTE_KEYS, ...BLOCK_KEYS])}`);
  }
  return b;
}

function blockOf(scope: Scope, node: YAMLMap, path: string, attrs: TaskAttributes): BlockNode {
  const nameEnt = entries(node).find((e) => e.key === 'name');
  if (nameEnt) checkTemplates(scope.src, nameEnt.value, `${path}.name`);
  const name = nameEnt ? readString(scope.src, nameEnt.value, `${path}.name`) : undefined;
  return { kind: 'block', loc: locOf(scope.src, node), path, ...attrs, name, block: [], rescue: [], always: [], role: scope.role };
}

/** A task file loaded while the play runs (include_tasks of a templated name): its tasks, or every problem found in it. */
export function loadTaskFileAtRun(file: string, at: { playbookDir: string; role?: Scope['role']; handlers: boolean; findModule: LoadContext['findModule']; moduleNames: string[] }): { items: TaskItem[]; errors: LoadContext['errors'] } {
  const ctx: LoadContext = { errors: [], findModule: at.findModule, moduleNames: at.moduleNames, playbookDir: at.playbookDir, rolesPath: [], stack: [], roleHandlers: [] };
  const items = loadTaskFile(ctx, file, { dir: dirname(file), role: at.role, handlers: at.handlers });
  return { items, errors: ctx.errors };
}
