// Roles: found in roles/ beside the playbook then each rolesPath entry; tasks, handlers, defaults, vars and meta dependencies loaded.
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { BlockNode, HandlerNode, RoleContext, TaskItem } from './types.js';
import type { LoadContext } from './load-context.js';
import { loadTaskFile } from './load-tasks.js';
import { ATTRIBUTE_KEYS, emptyAttributes, readAttributes } from './task-attributes.js';
import { checkTemplates } from './read-values.js';
import { pathKind } from './path-kind.js';
import { describeNode, entries, isNullNode, locOf, readYamlFile, report, toJs, type Source } from './yaml-source.js';

export interface LoadedRole {
  context: RoleContext;
  /** Dependencies' blocks first, then the role's own tasks. */
  tasks: TaskItem[];
}

interface From {
  src: Source;
  node: unknown;
  path: string;
}

export function roleSearchDirs(ctx: LoadContext): string[] {
  return [...new Set([join(ctx.playbookDir, 'roles'), ...ctx.rolesPath].map((d) => resolve(d)))];
}

/** include_role / import_role: other files of the role than the main ones. */
export interface RoleFiles {
  tasks_from?: string;
  vars_from?: string;
  defaults_from?: string;
  handlers_from?: string;
}

export function loadRole(ctx: LoadContext, name: string, from: From, params: Record<string, unknown>, files: RoleFiles = {}): LoadedRole | undefined {
  const dirs = roleSearchDirs(ctx);
  const dir = dirs.map((d) => join(d, name)).find((d) => pathKind(ctx, d) === 'dir');
  if (!dir) {
    report(from.src, from.node, from.path, `role '${name}' not found; searched ${dirs.join(', ')}`);
    return undefined;
  }
  const marker = `role:${dir}`;
  if (ctx.stack.includes(marker)) {
    report(from.src, from.node, from.path, `role dependency cycle: role '${name}' depends on itself`);
    return undefined;
  }
  // A named file (tasks_from: setup) must exist; main.yml may be absent.
  const pick = (sub: string, base = 'main') => {
    const f = findMain(ctx, dir, sub, base);
    if (!f && base !== 'main') report(from.src, from.node, from.path, `role '${name}' has no ${sub}/${base}.yml`);
    return f;
  };
  const defaultsFile = pick('defaults', files.defaults_from);
  const varsFile = pick('vars', files.vars_from);
  const context: RoleContext = { name, dir, defaults: defaultsFile ? loadVarsMapping(ctx, defaultsFile) : {}, vars: varsFile ? loadVarsMapping(ctx, varsFile) : {}, params };
  ctx.stack.push(marker);
  try {
    const deps = loadDependencies(ctx, dir);
    const tasksFile = pick('tasks', files.tasks_from);
    const tasks = tasksFile ? loadTaskFile(ctx, tasksFile, { dir: dirname(tasksFile), role: context, handlers: false }) : [];
    const handlersFile = pick('handlers', files.handlers_from);
    if (handlersFile) {
      const handlers = loadTaskFile(ctx, handlersFile, { dir: join(dir, 'handlers'), role: context, handlers: true });
      ctx.roleHandlers.push(...(handlers.filter((h) => h.kind === 'task') as HandlerNode[]));
    }
    return { context, tasks: [...deps, ...tasks] };
  } finally {
    ctx.stack.pop();
  }
}

/** A role entry of a play's `roles:` list: `name`, or `{ role: name, vars: {...}, when, tags, other params }`. */
export function loadRoleEntry(ctx: LoadContext, src: Source, node: Node, path: string): BlockNode | undefined {
  const block: BlockNode = { kind: 'block', loc: locOf(src, node), path, ...emptyAttributes(), block: [], rescue: [], always: [] };
  let name: string | undefined;
  const params: Record<string, unknown> = {};
  if (isScalar(node) && typeof node.value === 'string') {
    name = node.value;
  } else if (isMap(node)) {
    // Keywords (become, when, tags ...) apply to the role's block; anything else is a role param.
    const keywords = entries(node).filter((e) => ATTRIBUTE_KEYS.includes(e.key) && e.key !== 'name' && e.key !== 'vars');
    Object.assign(block, readAttributes(src, keywords, path), { vars: {} });
    for (const e of entries(node)) {
      if (keywords.includes(e)) continue;
      const p = `${path}.${e.key}`;
      const v = toJs(e.value);
      if (e.key === 'role' || e.key === 'name') name = typeof v === 'string' ? v : (report(src, e.value, p, `expected a role name, got ${describeNode(e.value)}`), undefined);
      else if (e.key === 'vars' && isMap(e.value)) Object.assign(params, v);
      else {
        checkTemplates(src, e.value, p);
        params[e.key] = v;
      }
    }
  } else {
    report(src, node, path, `expected a role name or a mapping with 'role', got ${describeNode(node)}`);
    return undefined;
  }
  if (name === undefined) {
    report(src, node, path, "expected a role name ('role: NAME'), got none");
    return undefined;
  }
  const role = loadRole(ctx, name, { src, node, path }, params);
  if (!role) return undefined;
  block.name = name;
  block.block = role.tasks;
  block.role = role.context;
  return block;
}

function findMain(ctx: LoadContext, dir: string, sub: string, base = 'main'): string | undefined {
  for (const f of [`${base}.yml`, `${base}.yaml`, `${base}.json`, base]) {
    const path = join(dir, sub, f);
    if (pathKind(ctx, path) === 'file') return path;
  }
  return undefined;
}

/** A YAML file holding one mapping of variables (role defaults/vars, vars_files). */
export function loadVarsMapping(ctx: LoadContext, file: string, from?: From): Record<string, unknown> {
  const read = readYamlFile(file, ctx.errors, from);
  if (!read) return {};
  if (isNullNode(read.root)) return {};
  if (!isMap(read.root)) {
    report(read.src, read.root, '', `expected a mapping of variables, got ${describeNode(read.root)}`);
    return {};
  }
  checkTemplates(read.src, read.root, '');
  return toJs(read.root) as Record<string, unknown>;
}

function loadDependencies(ctx: LoadContext, dir: string): BlockNode[] {
  const file = findMain(ctx, dir, 'meta');
  if (!file) return [];
  const read = readYamlFile(file, ctx.errors);
  if (!read || !isMap(read.root)) return [];
  const deps = entries(read.root).find((e) => e.key === 'dependencies');
  if (!deps || isNullNode(deps.value)) return [];
  if (!isSeq(deps.value)) {
    report(read.src, deps.value, 'dependencies', `expected a list of roles, got ${describeNode(deps.value)}`);
    return [];
  }
  const out: BlockNode[] = [];
  deps.value.items.forEach((item, i) => {
    const b = loadRoleEntry(ctx, read.src, item as Node, `dependencies[${i}]`);
    if (b) out.push(b);
  });
  return out;
}
