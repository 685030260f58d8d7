// Task lists: each entry a module task, a block, an import_tasks/include_tasks (inlined) or an include_role (loaded statically).
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { BlockNode, TaskAttributes, TaskItem } from './types.js';
import type { LoadContext, Scope } from './load-context.js';
import { ATTRIBUTE_KEYS, readAttributes } from './task-attributes.js';
import { loadModuleTask, TASK_KEYS } from './load-module-task.js';
import { loadRole } from './load-role.js';
import { checkTemplates, readString } from './read-values.js';
import { describeNode, entries, hint, locOf, readYamlFile, report, toJs } from './yaml-source.js';

const BLOCK_KEYS = ['block', 'rescue', 'always'];
const IMPORTS = ['import_tasks', 'include_tasks', 'include_role', 'import_role'];

export function loadTaskList(ctx: LoadContext, scope: Scope, node: Node | null, path: string): TaskItem[] {
  if (node === null || (toJs(node) === null && !isSeq(node))) return [];
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
  const read = readYamlFile(file, ctx.errors, from && { src: from.scope.src, node: from.node, path: from.path });
  if (!read) return [];
  ctx.stack.push(file);
  try {
    return loadTaskList(ctx, { ...scope, src: read.src }, read.root, '');
  } finally {
    ctx.stack.pop();
  }
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
  const actions = [];
  for (const e of ents) {
    if (ATTRIBUTE_KEYS.includes(e.key) || TASK_KEYS.includes(e.key)) continue;
    if (IMPORTS.includes(e.key) || ctx.findModule(e.key)) {
      actions.push(e);
    } else if (BLOCK_KEYS.includes(e.key)) {
      report(src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' without 'block'`);
    } else {
      const candidates = [...ctx.moduleNames, ...ATTRIBUTE_KEYS, ...TASK_KEYS, ...BLOCK_KEYS, ...IMPORTS];
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
  if (!IMPORTS.includes(action.key)) return loadModuleTask(ctx, scope, node, path, attrs, action);
  const misplaced = ents.find((e) => TASK_KEYS.includes(e.key));
  if (misplaced) report(src, misplaced.keyNode, `${path}.${misplaced.key}`, `unexpected '${misplaced.key}' on ${action.key} (imports are static)`);
  const block = blockOf(scope, node, path, attrs);
  if (action.key === 'import_tasks' || action.key === 'include_tasks') {
    const file = literal(scope, action.value, `${path}.${action.key}`);
    if (file === undefined) return undefined;
    const full = isAbsolute(file) ? file : resolve(scope.dir, file);
    block.block = loadTaskFile(ctx, full, { dir: dirname(full), role: scope.role, handlers: scope.handlers }, { scope, node: action.value, path: `${path}.${action.key}` });
    block.role = scope.role;
    return block;
  }
  return loadIncludeRole(ctx, scope, action.value, `${path}.${action.key}`, block);
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

/** A file or role name that must be known at load time (no templates). */
function literal(scope: Scope, node: Node | null, path: string): string | undefined {
  const s = readString(scope.src, node, path);
  if (s !== undefined && s.includes('{{')) {
    report(scope.src, node, path, `expected a literal name (imports are resolved at load time), got ${JSON.stringify(s)}`);
    return undefined;
  }
  return s;
}

function loadIncludeRole(ctx: LoadContext, scope: Scope, value: Node | null, path: string, block: BlockNode): BlockNode | undefined {
  if (!isMap(value)) {
    report(scope.src, value, path, `expected a mapping with 'name', got ${describeNode(value)}`);
    return undefined;
  }
  let name: string | undefined;
  let tasksFrom = 'main';
  for (const e of entries(value)) {
    if (e.key === 'name') name = literal(scope, e.value, `${path}.name`);
    else if (e.key === 'tasks_from') tasksFrom = literal(scope, e.value, `${path}.tasks_from`) ?? 'main';
    else report(scope.src, e.keyNode, `${path}.${e.key}`, `unknown ${path.split('.').pop()} key '${e.key}'; expected name or tasks_from`);
  }
  if (name === undefined) {
    report(scope.src, value, path, "expected a role 'name', got none");
    return undefined;
  }
  const role = loadRole(ctx, name, { src: scope.src, node: value, path }, block.vars, tasksFrom);
  if (!role) return undefined;
  block.block = role.tasks;
  block.role = role.context;
  return block;
}
