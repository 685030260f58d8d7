// Loads and validates a playbook with its imports, roles and task files; every problem is collected, then thrown as one ErrorList.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { CarbonPlayError, ErrorList } from '../core/errors.js';
import { findModule, modules } from '../modules/index.js';
import type { AnyModule } from '../modules/types.js';
import type { BlockNode, HandlerNode, PlayNode, Playbook } from './types.js';
import type { LoadContext } from './load-context.js';
import { loadTaskList } from './load-tasks.js';
import { loadRoleEntry, loadVarsMapping } from './load-role.js';
import { readAttributes } from './task-attributes.js';
import { checkTemplates, readBool, readInt, readMapping, readString, readStringList, readTags } from './read-values.js';
import { describeNode, entries, hint, isNullNode, locOf, readYamlFile, report, toJs, type Source } from './yaml-source.js';

export interface LoadPlaybookOptions {
  /** Folders searched for roles after `roles/` beside the playbook. */
  rolesPath?: string[];
  extraVars?: Record<string, unknown>;
  /** Module lookup; defaults to the registry (tests pass their own). */
  modules?: (name: string) => AnyModule | undefined;
  moduleNames?: string[];
}

const IMPORT_PLAYBOOK = ['import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook', 'include', 'ansible.builtin.include'];
const PLAY_ATTRS = ['remote_user', 'environment', 'module_defaults', 'check_mode', 'diff', 'become_method', 'become_flags', 'timeout', 'throttle'];
const ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'];
const PLAY_KEYS = [...PLAY_ATTRS, 'order', 'strategy', 'vars_prompt', 'name', 'hosts', 'vars', 'vars_files', 'roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'serial', 'max_fail_percentage', 'any_errors_fatal', 'become', 'become_user', 'tags', 'connection', 'gather_facts', 'gather_subset', 'gather_timeout'];

export async function loadPlaybook(file: string, opts: LoadPlaybookOptions = {}): Promise<Playbook> {
  const full = resolve(file);
  const ctx: LoadContext = {
    errors: [],
    warnings: [],
    findModule: opts.modules ?? findModule,
    moduleNames: opts.moduleNames ?? [...modules.keys()],
    playbookDir: dirname(full),
    rolesPath: opts.rolesPath ?? [],
    stack: [],
    roleHandlers: [],
  };
  const plays = loadPlays(ctx, full);
  if (ctx.errors.length > 0) throw new ErrorList(ctx.errors);
  return { file, dir: dirname(full), plays, warnings: ctx.warnings };
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
    // import_playbook (any FQCN), or the legacy play-level `include`.
    const imp = entries(item).find((e) => IMPORT_PLAYBOOK.includes(e.key));
    if (!imp) return void plays.push(loadPlay(ctx, src, item, path));
    const at = `${path}.${imp.key}`;
    const other = readString(src, imp.value, at);
    for (const e of entries(item)) if (e.key !== imp.key && e.key !== 'name') report(src, e.keyNode, `${path}.${e.key}`, `unexpected '${e.key}' beside ${imp.key}`);
    if (other?.includes('{{')) return report(src, imp.value, at, `expected a literal playbook name, got ${JSON.stringify(other)}`);
    if (other !== undefined) plays.push(...loadPlays(ctx, isAbsolute(other) ? other : resolve(dirname(file), other), { src, node: imp.value, path: at }));
  });
  ctx.stack.pop();
  return plays;
}

/** The play keys that hold a task list, and where each goes. */
const TASK_LISTS = { pre_tasks: 'preTasks', tasks: 'tasks', post_tasks: 'postTasks' } as const;

function loadPlay(ctx: LoadContext, src: Source, node: YAMLMap, path: string): PlayNode {
  const dir = dirname(src.file);
  const play: PlayNode = { loc: locOf(src, node), path, name: '', hosts: '', vars: {}, varsFiles: {}, preTasks: [], roles: [], tasks: [], postTasks: [], handlers: [], anyErrorsFatal: false, tags: [] };
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
        readVarsFiles(ctx, src, dir, value, p, play.varsFiles);
        break;
      case 'order': {
        const o = readString(src, value, p);
        if (o !== undefined && ORDERS.includes(o)) play.order = o as PlayNode['order'];
        else if (o !== undefined) report(src, value, p, `expected order ${ORDERS.join(', ')}, got ${JSON.stringify(o)}`);
        break;
      }
      case 'strategy': {
        const st = readString(src, value, p);
        if (st === 'linear' || st === 'free') play.strategy = st;
        else if (st !== undefined) report(src, value, p, `expected strategy linear or free, got ${JSON.stringify(st)}`);
        break;
      }
      case 'vars_prompt':
        play.varsPrompt = readVarsPrompt(src, value, p);
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
        play.gatherFacts = readBool(src, value, p);
        break;
      case 'gather_subset':
        play.gatherSubset = readStringList(src, value, p).flatMap((x) => x.split(',')).map((x) => x.trim());
        break;
      case 'gather_timeout':
        readInt(src, value, p);
        break;
      default:
        if (!PLAY_ATTRS.includes(key)) report(src, keyNode, p, `unknown play key '${key}'${hint(key, PLAY_KEYS)}`);
    }
  }
  const attrEnts = entries(node).filter((e) => PLAY_ATTRS.includes(e.key));
  if (attrEnts.length > 0) play.attrs = readAttributes(src, attrEnts, path);
  if (!hasHosts) report(src, node, path, "expected 'hosts' in the play, got none");
  if (play.strategy === 'free') {
    // Under free each host runs alone: a share of failed hosts, or one failure stopping the rest, has no fixed meaning.
    for (const key of ['max_fail_percentage', 'any_errors_fatal']) {
      const e = entries(node).find((x) => x.key === key);
      if (e) report(src, e.keyNode, `${path}.${key}`, `${key} is not supported with strategy free (carbon-play applies it only under linear); remove one of them`);
    }
  }
  play.handlers.push(...ctx.roleHandlers);
  return play;
}

function loadRoles(ctx: LoadContext, src: Source, node: Node | null, path: string): BlockNode[] {
  if (isNullNode(node)) return [];
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

/** vars_files: each entry a file, or a list whose first existing file is loaded (a missing one fails). */
function readVarsFiles(ctx: LoadContext, src: Source, dir: string, value: Node | null, p: string, into: Record<string, unknown>): void {
  const items = isSeq(value) ? value.items.map((n, i) => ({ n: n as Node, at: `${p}[${i}]` })) : [{ n: value, at: p }];
  for (const { n, at } of items) {
    const names = readStringList(src, n, at);
    // A templated name cannot be resolved before hosts are known.
    const templated = names.find((f) => f.includes('{{'));
    if (templated !== undefined) {
      report(src, n, at, `expected a literal file name, got ${JSON.stringify(templated)}`);
      continue;
    }
    const full = names.map((f) => (isAbsolute(f) ? f : resolve(dir, f)));
    const hit = isSeq(n) ? full.find((f) => existsSync(f)) : full[0];
    if (hit === undefined) report(src, n, at, `none of the vars_files exists: ${names.join(', ')}`);
    else Object.assign(into, loadVarsMapping(ctx, hit, { src, node: n, path: at }));
  }
}

/** vars_prompt entries: a name, and the default an unattended run takes. */
function readVarsPrompt(src: Source, value: Node | null, p: string): { name: string; default?: unknown }[] {
  if (!isSeq(value)) {
    report(src, value, p, `expected a list of prompts, got ${describeNode(value)}`);
    return [];
  }
  const out: { name: string; default?: unknown }[] = [];
  value.items.forEach((item, i) => {
    const v = toJs(item as Node) as Record<string, unknown> | null;
    if (!isMap(item) || typeof v?.name !== 'string') return report(src, item as Node, `${p}[${i}]`, "expected a prompt mapping with a 'name'");
    out.push({ name: v.name, default: v.default });
  });
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
