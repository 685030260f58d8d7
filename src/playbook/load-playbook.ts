// Loads and validates a playbook with its imports, roles and task files; every problem is collected, then thrown as one ErrorList.
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { CarbonPlayError, ErrorList } from '../core/errors.js';
import { findModule, modules } from '../modules/index.js';
import type { ModuleDefinition } from '../modules/types.js';
import type { BlockNode, HandlerNode, PlayNode, Playbook } from './types.js';
import type { LoadContext } from './load-context.js';
import { loadTaskList } from './load-tasks.js';
import { loadRoleEntry, loadVarsMapping } from './load-role.js';
import { checkTemplates, readBool, readMapping, readString, readStringList, readTags } from './read-values.js';
import { describeNode, entries, hint, locOf, readYamlFile, report, toJs, type Source } from './yaml-source.js';

export interface LoadPlaybookOptions {
  /** Folders searched for roles after `roles/` beside the playbook. */
  rolesPath?: string[];
  extraVars?: Record<string, unknown>;
  /** Module lookup; defaults to the registry (tests pass their own). */
  modules?: (name: string) => ModuleDefinition<any, any, any> | undefined;
  moduleNames?: string[];
}

const PLAY_KEYS = ['name', 'hosts', 'vars', 'vars_files', 'roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'serial', 'max_fail_percentage', 'any_errors_fatal', 'become', 'become_user', 'tags', 'connection', 'gather_facts'];

export async function loadPlaybook(file: string, opts: LoadPlaybookOptions = {}): Promise<Playbook> {
  const full = resolve(file);
  const ctx: LoadContext = {
    errors: [],
    findModule: opts.modules ?? findModule,
    moduleNames: opts.moduleNames ?? [...modules.keys()],
    playbookDir: dirname(full),
    rolesPath: opts.rolesPath ?? [],
    stack: [],
    roleHandlers: [],
  };
  const plays = loadPlays(ctx, full);
  if (ctx.errors.length > 0) throw new ErrorList(ctx.errors);
  return { file, dir: dirname(full), plays };
}

function loadPlays(ctx: LoadContext, file: string, from?: { src: Source; node: Node | null; path: string }): PlayNode[] {
  if (ctx.stack.includes(file)) {
    if (from) report(from.src, from.node, from.path, `import cycle: ${[...ctx.stack, file].join(' -> ')}`);
    return [];
  }
  const read = readYamlFile(file, ctx.errors, from);
  if (!read) return [];
  const { src, root } = read;
  if (!isSeq(root)) {
    report(src, root, '', `expected a list of plays, got ${describeNode(root)}`);
    return [];
  }
  ctx.stack.push(file);
  const plays: PlayNode[] = [];
  root.items.forEach((item, i) => {
    const path = `[${i}]`;
    if (!isMap(item)) return report(src, item, path, `expected a play (a mapping), got ${describeNode(item as Node)}`);
    const imp = entries(item).find((e) => e.key === 'import_playbook');
    if (!imp) return void plays.push(loadPlay(ctx, src, item, path));
    const other = readString(src, imp.value, `${path}.import_playbook`);
    for (const e of entries(item)) if (e.key !== 'import_playbook' && e.key !== 'name') report(src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' beside import_playbook`);
    if (other !== undefined) plays.push(...loadPlays(ctx, isAbsolute(other) ? other : resolve(dirname(file), other), { src, node: imp.value, path: `${path}.import_playbook` }));
  });
  ctx.stack.pop();
  return plays;
}

/** The play keys that hold a task list, and where each goes. */
const TASK_LISTS = { pre_tasks: 'preTasks', tasks: 'tasks', post_tasks: 'postTasks' } as const;

function loadPlay(ctx: LoadContext, src: Source, node: YAMLMap, path: string): PlayNode {
  const dir = dirname(src.file);
  const play: PlayNode = { loc: locOf(src, node), path, name: '', hosts: '', vars: {}, varsFiles: {}, preTasks: [], roles: [], tasks: [], postTasks: [], handlers: [], anyErrorsFatal: false, tags: [], gatherFacts: false };
  ctx.roleHandlers = [];
  const scope = { src, dir, handlers: false };
  let hasHosts = false;
  for (const { key, keyNode, value } of entries(node)) {
    const p = `${path}.${key}`;
    switch (key) {
      case 'name':
        play.name = readString(src, value, p) ?? '';
        checkTemplates(src, value, p);
        break;
      case 'hosts':
        hasHosts = true;
        play.hosts = readStringList(src, value, p).join(',');
        checkTemplates(src, value, p);
        break;
      case 'vars':
        play.vars = readMapping(src, value, p);
        break;
      case 'vars_files':
        readStringList(src, value, p).forEach((f, i) => {
          const at = isSeq(value) ? (value.items[i] as Node) : value;
          const fp = isSeq(value) ? `${p}[${i}]` : p;
          // A templated name cannot be resolved before hosts are known.
          if (f.includes('{{')) return report(src, at, fp, `expected a literal file name, got ${JSON.stringify(f)}`);
          Object.assign(play.varsFiles, loadVarsMapping(ctx, isAbsolute(f) ? f : resolve(dir, f), { src, node: at, path: fp }));
        });
        break;
      case 'roles':
        play.roles = loadRoles(ctx, src, value, p);
        break;
      case 'pre_tasks':
      case 'tasks':
      case 'post_tasks':
        play[TASK_LISTS[key]] = loadTaskList(ctx, scope, value, p);
        break;
      case 'handlers':
        play.handlers = loadHandlers(ctx, src, dir, value, p);
        break;
      case 'serial':
        play.serial = readSerial(src, value, p);
        break;
      case 'max_fail_percentage': {
        const v = toJs(value);
        if (typeof v === 'number' && v >= 0 && v <= 100) play.maxFailPercentage = v;
        else report(src, value, p, `expected a number from 0 to 100, got ${describeNode(value)}`);
        break;
      }
      case 'any_errors_fatal':
        play.anyErrorsFatal = readBool(src, value, p) ?? false;
        break;
      case 'become':
        play.become = readBool(src, value, p);
        break;
      case 'become_user':
        play.becomeUser = readString(src, value, p);
        break;
      case 'tags':
        play.tags = readTags(src, value, p);
        break;
      case 'connection':
        play.connection = readString(src, value, p);
        break;
      case 'gather_facts':
        play.gatherFacts = readBool(src, value, p) ?? false;
        break;
      default:
        report(src, keyNode, p, `unknown play key '${key}'${hint(key, PLAY_KEYS)}`);
    }
  }
  if (!hasHosts) report(src, node, path, "expected 'hosts' in the play, got none");
  play.handlers.push(...ctx.roleHandlers);
  return play;
}

function loadRoles(ctx: LoadContext, src: Source, node: Node | null, path: string): BlockNode[] {
  if (toJs(node) === null) return [];
  if (!isSeq(node)) {
    report(src, node, path, `expected a list of roles, got ${describeNode(node)}`);
    return [];
  }
  const out: BlockNode[] = [];
  node.items.forEach((item, i) => {
    const b = loadRoleEntry(ctx, src, item as Node, `${path}[${i}]`);
    if (b) out.push(b);
  });
  return out;
}

function loadHandlers(ctx: LoadContext, src: Source, dir: string, node: Node | null, path: string): HandlerNode[] {
  const items = loadTaskList(ctx, { src, dir, handlers: true }, node, path);
  const out: HandlerNode[] = [];
  for (const h of items) {
    if (h.kind === 'task') out.push(h as HandlerNode);
    else ctx.errors.push(new CarbonPlayError('validation', 'expected a handler task, got a block or import', { loc: h.loc, path: h.path }));
  }
  return out;
}

/** serial: a count, "N%", or a list of them. */
function readSerial(src: Source, node: Node | null, path: string): (number | string)[] | undefined {
  const items = isSeq(node) ? node.items.map((n, i) => ({ n: n as Node, p: `${path}[${i}]` })) : [{ n: node, p: path }];
  const out: (number | string)[] = [];
  for (const { n, p } of items) {
    const v = toJs(n);
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) out.push(v);
    else if (typeof v === 'string' && /^\d+%$/.test(v.trim()) && parseInt(v, 10) > 0) out.push(v.trim());
    else if (typeof v === 'string' && /^\d+$/.test(v.trim()) && Number(v) > 0) out.push(Number(v));
    else report(src, n, p, `expected serial as a positive count or a percentage like "30%", got ${describeNode(n)}`);
  }
  return out.length > 0 ? out : undefined;
}
