// Include forms: import_tasks / include_tasks / legacy include (task files) and import_role / include_role, with apply, loops and FQCNs.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, type Node, type YAMLMap } from 'yaml';
import { parseKv } from '../modules/parse-kv.js';
import type { BlockNode, LoopFields, TaskAttributes } from './types.js';
import type { LoadContext, Scope } from './load-context.js';
import { loadRole, type RoleFiles } from './load-role.js';
import { loadTaskFile } from './load-tasks.js';
import { isLoopKey, readLoop } from './load-loop.js';
import { ATTRIBUTE_KEYS, readAttributes } from './task-attributes.js';
import { checkTemplates, readString } from './read-values.js';
import { describeNode, entries, hint, locOf, report } from './yaml-source.js';
import { pathKind } from './path-kind.js';

export const INCLUDE_KEYWORDS = ['import_tasks', 'include_tasks', 'include', 'import_role', 'include_role'];
const PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];
const ROLE_KEYS = ['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'apply', 'public', 'allow_duplicates', 'rolespec_validate'];

type Entry = { key: string; keyNode: Node; value: Node | null };

/** `ansible.builtin.include_tasks` → `include_tasks`; undefined for a key that is no include keyword. */
export function includeKeyword(key: string): string | undefined {
  const bare = PREFIXES.reduce((k, p) => (k.startsWith(p) ? k.slice(p.length) : k), key);
  return INCLUDE_KEYWORDS.includes(bare) ? bare : undefined;
}

/** An include task as a block: static imports carry their keywords down; dynamic includes keep them to themselves. */
export function loadInclude(ctx: LoadContext, scope: Scope, node: YAMLMap, path: string, attrs: TaskAttributes, action: Entry, keyword: string): BlockNode | undefined {
  const { src } = scope;
  const ents = entries(node);
  const at = `${path}.${action.key}`;
  const loop: LoopFields = { loopVar: 'item' };
  readLoop(scope, ents, path, loop);
  const dynamic = keyword === 'include_tasks' || keyword === 'include_role' || (keyword === 'include' && loop.loop !== undefined);
  for (const e of ents) {
    if (ATTRIBUTE_KEYS.includes(e.key) || e.key === action.key || (dynamic && isLoopKey(e.key))) continue;
    const why = isLoopKey(e.key) ? ` (use include_${keyword.split('_')[1] ?? 'tasks'} to loop)` : '';
    report(src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' on ${keyword}${why}`);
  }
  const outer = blockOf(scope, node, path, attrs);
  let inner: BlockNode = outer;
  if (dynamic) {
    // The include's own when/tags/vars stay on it; `apply` keywords go to what it includes.
    outer.include = { keyword, loop: loop.loop === undefined ? undefined : loop, written: action.key };
    inner = { ...blockOf(scope, node, path, { when: [], tags: [], vars: {} }), name: undefined };
    Object.assign(outer, { become: undefined, becomeUser: undefined, becomeMethod: undefined, becomeFlags: undefined, ignoreErrors: undefined, delegateTo: undefined, runOnce: undefined, noLog: undefined });
    outer.block = [inner];
  }
  const ok = keyword.endsWith('_role') ? loadRoleInclude(ctx, scope, action.value, at, keyword, outer, inner) : loadTasksInclude(ctx, scope, action.value, at, keyword, outer, inner);
  return ok ? outer : undefined;
}

function loadTasksInclude(ctx: LoadContext, scope: Scope, value: Node | null, at: string, keyword: string, outer: BlockNode, inner: BlockNode): boolean {
  const { src } = scope;
  let file: string | undefined;
  let fileNode: Node | null = value;
  if (isMap(value)) {
    for (const e of entries(value)) {
      if (e.key === 'file' || e.key === '_raw_params') [file, fileNode] = [readString(src, e.value, `${at}.${e.key}`), e.value];
      else if (e.key === 'apply' && keyword === 'include_tasks') applyKeywords(scope, e.value, `${at}.apply`, inner);
      else report(src, e.keyNode, `${at}.${e.key}`, `unknown ${keyword} key '${e.key}'; expected file${keyword === 'include_tasks' ? ' or apply' : ''}`);
    }
  } else {
    const text = readString(src, value, at);
    if (text === undefined) return false;
    // Legacy `include: file.yml a=1` passes variables the key=value way.
    const { _raw_params: raw, ...params } = parseKv(text);
    if (Object.keys(params).length > 0 && keyword !== 'include') report(src, value, at, `expected a file name, got key=value words (${Object.keys(params).join(', ')})`);
    Object.assign(outer.vars, params);
    file = raw;
  }
  if (file?.includes('{{')) {
    // A dynamic include may name its file with host variables: it is found and loaded when it runs on each host.
    if (!outer.include || outer.include.loop) {
      report(src, fileNode, at, `expected a literal file name (${outer.include ? 'a looped include' : keyword} is resolved at load time), got ${JSON.stringify(file)}`);
      return false;
    }
    checkTemplates(src, fileNode, at);
    outer.include.file = { template: file, dirs: taskFileDirs(ctx, scope), handlers: scope.handlers };
    outer.role = inner.role = scope.role;
    return true;
  }
  if (file === undefined) {
    if (isMap(value) && fileNode === value) report(src, value, at, "expected a 'file', got none");
    return false;
  }
  const full = findTaskFile(ctx, scope, file);
  if (!full) {
    report(src, fileNode, at, `cannot find task file '${file}'; searched ${taskFileDirs(ctx, scope).join(', ')}`);
    return false;
  }
  inner.block = loadTaskFile(ctx, full, { dir: dirname(full), role: scope.role, handlers: scope.handlers }, { scope, node: fileNode, path: at });
  outer.role = inner.role = scope.role;
  return true;
}

/** Where a relative task file is looked for: beside the file that includes it, the role's tasks/ and folder, then the playbook's folder. */
function taskFileDirs(ctx: LoadContext, scope: Scope): string[] {
  const role = scope.role ? [join(scope.role.dir, 'tasks'), scope.role.dir] : [];
  return [...new Set([scope.dir, ...role, ctx.playbookDir])];
}

function findTaskFile(ctx: LoadContext, scope: Scope, file: string): string | undefined {
  if (isAbsolute(file)) return existsSync(file) ? file : undefined;
  return taskFileDirs(ctx, scope).map((d) => resolve(d, file)).find((f) => pathKind(ctx, f) === 'file');
}

function loadRoleInclude(ctx: LoadContext, scope: Scope, value: Node | null, at: string, keyword: string, outer: BlockNode, inner: BlockNode): boolean {
  const { src } = scope;
  if (!isMap(value)) {
    report(src, value, at, `expected a mapping with 'name', got ${describeNode(value)}`);
    return false;
  }
  let name: string | undefined;
  const files: RoleFiles = {};
  for (const e of entries(value)) {
    const p = `${at}.${e.key}`;
    if (e.key === 'name') name = literal(scope, e.value, p);
    else if (e.key === 'tasks_from' || e.key === 'vars_from' || e.key === 'defaults_from' || e.key === 'handlers_from') files[e.key] = literal(scope, e.value, p);
    else if (e.key === 'apply' && keyword === 'include_role') applyKeywords(scope, e.value, p, inner);
    else if (ROLE_KEYS.includes(e.key) && e.key !== 'apply') checkTemplates(src, e.value, p);
    else report(src, e.keyNode, p, `unknown ${keyword} key '${e.key}'${hint(e.key, ROLE_KEYS)}; expected one of ${ROLE_KEYS.filter((k) => k !== 'apply' || keyword === 'include_role').join(', ')}`);
  }
  if (name === undefined) {
    report(src, value, at, "expected a role 'name', got none");
    return false;
  }
  const role = loadRole(ctx, name, { src, node: value, path: at }, outer.vars, files);
  if (!role) return false;
  inner.block = role.tasks;
  outer.role = inner.role = role.context;
  return true;
}

/** `apply:` keywords (become, tags, when ...) for the included tasks. */
function applyKeywords(scope: Scope, value: Node | null, path: string, inner: BlockNode): void {
  if (!isMap(value)) return report(scope.src, value, path, `expected a mapping of task keywords, got ${describeNode(value)}`);
  const ents = entries(value);
  for (const e of ents) if (!ATTRIBUTE_KEYS.includes(e.key) || e.key === 'name') report(scope.src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' in apply${hint(e.key, ATTRIBUTE_KEYS)}`);
  Object.assign(inner, readAttributes(scope.src, ents, path));
}

function blockOf(scope: Scope, node: YAMLMap, path: string, attrs: TaskAttributes): BlockNode {
  const nameEnt = entries(node).find((e) => e.key === 'name');
  if (nameEnt) checkTemplates(scope.src, nameEnt.value, `${path}.name`);
  const name = nameEnt ? readString(scope.src, nameEnt.value, `${path}.name`) : undefined;
  return { kind: 'block', loc: locOf(scope.src, node), path, ...attrs, vars: { ...attrs.vars }, name, block: [], rescue: [], always: [], role: scope.role };
}

/** A file or role name that must be known at load time (no templates). */
function literal(scope: Scope, node: Node | null, path: string, given?: string): string | undefined {
  const s = given ?? readString(scope.src, node, path);
  if (s !== undefined && s.includes('{{')) {
    report(scope.src, node, path, `expected a literal name (includes are resolved at load time), got ${JSON.stringify(s)}`);
    return undefined;
  }
  return s;
}
