// A module task: its one module, its arguments checked against the module's schema, and the task keywords.
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap } from 'yaml';
import { fileAttrArgs } from '../facts/file-attrs.js';
import { toArgMap, validateArgs } from '../modules/args.js';
import type { HandlerNode, TaskAttributes, TaskNode } from './types.js';
import type { LoadContext, Scope } from './load-context.js';
import { checkTemplateSource } from './check-template-file.js';
import { checkTemplates, readConditions, readInt, readString, readStringList, readVarName } from './read-values.js';
import { LOOP_KEYS, readLoop } from './load-loop.js';
import { describeNode, entries, errorAt, locOf, report, toJs } from './yaml-source.js';

export const TASK_KEYS = [...LOOP_KEYS, 'register', 'notify', 'changed_when', 'failed_when', 'retries', 'until', 'delay', 'args', 'listen'];

/** The task's module: its key, where it was written, and its raw arguments (`action: copy src=a` gives key `copy`, raw `src=a`). */
export interface ActionRef {
  key: string;
  keyNode: Node;
  value: Node | null;
  raw: unknown;
}

export function loadModuleTask(ctx: LoadContext, scope: Scope, node: YAMLMap, path: string, attrs: TaskAttributes, action: ActionRef): TaskNode | HandlerNode {
  const { src } = scope;
  const def = ctx.findModule(action.key)!;
  const t: TaskNode = { kind: 'task', loc: locOf(src, node), path, ...attrs, module: def.name, args: {}, loopVar: 'item', notify: [], role: scope.role };
  const name = entries(node).find((e) => e.key === 'name');
  if (name) {
    t.name = readString(src, name.value, `${path}.name`);
    checkTemplates(src, name.value, `${path}.name`);
  }
  const argsPath = `${path}.${action.key}`;
  const mapped = toArgMap(def.schema, action.raw);
  let args = mapped.args;
  const extra = entries(node).find((e) => e.key === 'args');
  if (extra) {
    if (isMap(extra.value)) args = { ...args, ...(toJs(extra.value) as Record<string, unknown>) };
    else report(src, extra.value, `${path}.args`, `expected a mapping, got ${describeNode(extra.value)}`);
  }
  const issues = [...mapped.issues, ...(mapped.issues.length ? [] : validateArgs(def.schema, args))];
  for (const issue of issues) {
    const at = findArgNode(action.value, issue.path) ?? (extra ? findArgNode(extra.value, issue.path) : undefined) ?? action.keyNode;
    src.errors.push(errorAt(src, at, issue.path ? `${argsPath}.${issue.path}` : argsPath, `${def.name}: ${issue.message}`));
  }
  if (def.schema.args.mode === fileAttrArgs.mode) {
    const modeNode = findArgNode(action.value, 'mode') ?? (extra ? findArgNode(extra.value, 'mode') : undefined);
    const why = decimalMode(modeNode);
    if (why) src.errors.push(errorAt(src, modeNode, `${argsPath}.mode`, `${def.name}: ${why}`));
  }
  checkTemplates(src, action.value, argsPath);
  if (def.name === 'template' && issues.length === 0) checkTemplateSource(ctx, scope, args.src, findArgNode(action.value, 'src') ?? action.keyNode, `${argsPath}.src`);
  t.args = args;
  let listen: string[] = [];
  readLoop(scope, entries(node), path, t);
  for (const { key, value } of entries(node)) {
    const p = `${path}.${key}`;
    switch (key) {
      case 'register':
        t.register = readVarName(src, value, p);
        break;
      case 'notify':
        t.notify = readStringList(src, value, p);
        break;
      case 'changed_when':
        t.changedWhen = readConditions(src, value, p);
        break;
      case 'failed_when':
        t.failedWhen = readConditions(src, value, p);
        break;
      case 'until': {
        const c = readConditions(src, value, p);
        t.until = c.length > 1 ? c.map((x) => `(${x})`).join(' and ') : c[0];
        break;
      }
      case 'retries':
        t.retries = readInt(src, value, p);
        break;
      case 'delay':
        t.delay = readInt(src, value, p);
        break;
      case 'listen':
        if (!scope.handlers) report(src, value, p, "unexpected 'listen' on a task; it belongs on handlers");
        listen = readStringList(src, value, p);
        break;
    }
  }
  if (!scope.handlers) return t;
  if (t.name === undefined && listen.length === 0) report(src, node, path, "expected a handler with a 'name' or 'listen', got neither");
  return { ...t, listen: [...(t.name !== undefined ? [t.name] : []), ...listen] };
}

/**
 * `mode: 644` unquoted is the decimal number 644 to YAML, so Ansible sets mode 0o1204 (owner write-only, sticky): a
 * plain decimal number written with octal digits only (three or four, no leading 0) is refused before any host is
 * touched, with what to write instead. `0644` (octal to YAML 1.1), `'0644'` and `'644'` (octal text) are as meant.
 */
function decimalMode(node: Node | undefined): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'number' || node.format || node.type !== Scalar.PLAIN) return undefined;
  const digits = String(node.value);
  if (!/^[1-7][0-7]{2,3}$/.test(digits)) return undefined;
  return `mode ${digits} is the decimal number ${digits} to YAML (mode 0${node.value.toString(8)} in Ansible); write the octal mode quoted: mode: '0${digits}'`;
}

/** The YAML node an argument issue path (`edits[2].xpath`) points at, if it exists. */
function findArgNode(root: Node | null, path: string): Node | undefined {
  if (!path) return undefined;
  let node: Node | null | undefined = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (isMap(node)) {
      const pair: { key: unknown; value: unknown } | undefined = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      node = pair ? ((pair.value as Node | null) ?? (pair.key as Node)) : undefined;
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      node = node.items[Number(part)] as Node | undefined;
    } else {
      return undefined;
    }
    if (!node) return undefined;
  }
  return node ?? undefined;
}
