// The keywords tasks, blocks, imports and role entries share (when, tags, become, vars ...), read into TaskAttributes.
import type { Node } from 'yaml';
import type { TaskAttributes } from './types.js';
import { isMap, type Node as YamlNode } from 'yaml';
import { checkTemplates, readBool, readConditions, readInt, readMapping, readString, readStringList, readTags } from './read-values.js';
import { describeNode, report, toJs, type Source } from './yaml-source.js';

/** `environment:` a mapping of variables, or a template naming one (`{{ proxy_env }}`). */
function readEnvironment(src: Source, value: YamlNode | null, path: string): Record<string, unknown> | string | undefined {
  checkTemplates(src, value, path);
  const v = toJs(value);
  if (typeof v === 'string' && v.includes('{{')) return v;
  if (isMap(value)) return v as Record<string, unknown>;
  report(src, value, path, `expected a mapping of environment variables, got ${describeNode(value)}`);
  return undefined;
}

/** `module_defaults:` module name → default arguments (names with or without ansible.builtin.). */
function readModuleDefaults(src: Source, value: YamlNode | null, path: string): Record<string, Record<string, unknown>> | undefined {
  checkTemplates(src, value, path);
  const v = toJs(value);
  const ok = isMap(value) && Object.values(v as object).every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (!ok) {
    report(src, value, path, `expected a mapping of module names to argument mappings, got ${describeNode(value)}`);
    return undefined;
  }
  return Object.fromEntries(Object.entries(v as Record<string, Record<string, unknown>>).map(([k, args]) => [k.replace(/^ansible\.(builtin|legacy)\./, ''), args]));
}

export const ATTRIBUTE_KEYS = [
  'name', 'when', 'tags', 'become', 'become_user', 'become_method', 'become_flags', 'ignore_errors', 'no_log', 'delegate_to', 'run_once', 'vars',
  'remote_user', 'environment', 'check_mode', 'diff', 'throttle', 'module_defaults', 'async', 'poll', 'delegate_facts', 'any_errors_fatal', 'timeout', 'collections',
];

export function emptyAttributes(): TaskAttributes {
  return { when: [], tags: [], vars: {} };
}

/** Reads the shared keywords among `ents`; other keys are left to the caller. */
export function readAttributes(src: Source, ents: { key: string; value: Node | null }[], path: string): TaskAttributes {
  const a = emptyAttributes();
  for (const { key, value } of ents) {
    const p = `${path}.${key}`;
    switch (key) {
      case 'when':
        a.when = readConditions(src, value, p);
        break;
      case 'tags':
        a.tags = readTags(src, value, p);
        break;
      case 'become':
        a.become = readBool(src, value, p);
        break;
      case 'become_user':
        a.becomeUser = readString(src, value, p);
        break;
      case 'become_method': {
        const m = readString(src, value, p);
        if (m === 'sudo' || m === 'su') a.becomeMethod = m;
        else if (m !== undefined) report(src, value, p, `expected become_method sudo or su (the methods carbon-play drives), got ${JSON.stringify(m)}`);
        break;
      }
      case 'ignore_errors':
        a.ignoreErrors = readBool(src, value, p);
        break;
      case 'no_log':
        a.noLog = readBool(src, value, p);
        break;
      case 'delegate_to':
        a.delegateTo = readString(src, value, p);
        break;
      case 'run_once':
        a.runOnce = readBool(src, value, p);
        break;
      case 'vars':
        a.vars = readMapping(src, value, p);
        break;
      case 'remote_user':
        a.remoteUser = readString(src, value, p);
        checkTemplates(src, value, p);
        break;
      case 'environment':
        a.environment = readEnvironment(src, value, p);
        break;
      case 'check_mode':
        a.checkMode = readBool(src, value, p);
        break;
      case 'diff':
        a.diff = readBool(src, value, p);
        break;
      case 'throttle':
        a.throttle = readInt(src, value, p);
        break;
      case 'module_defaults':
        a.moduleDefaults = readModuleDefaults(src, value, p);
        break;
      case 'async':
        a.async = readInt(src, value, p);
        break;
      case 'poll':
        a.poll = readInt(src, value, p);
        break;
      case 'become_flags':
        a.becomeFlags = readString(src, value, p);
        break;
      case 'timeout':
        a.timeout = readInt(src, value, p);
        break;
      case 'delegate_facts':
        a.delegateFacts = readBool(src, value, p);
        break;
      case 'any_errors_fatal':
        a.anyErrorsFatal = readBool(src, value, p);
        break;
      case 'collections':
        readStringList(src, value, p);
        break;
    }
  }
  return a;
}
