// The keywords tasks, blocks, imports and role entries share (when, tags, become, vars ...), read into TaskAttributes.
import type { Node } from 'yaml';
import type { TaskAttributes } from './types.js';
import { readBool, readConditions, readMapping, readString, readTags } from './read-values.js';
import { report, type Source } from './yaml-source.js';

export const ATTRIBUTE_KEYS = ['name', 'when', 'tags', 'become', 'become_user', 'become_method', 'ignore_errors', 'no_log', 'delegate_to', 'run_once', 'vars'];

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
        else if (m !== undefined) report(src, value, p, `expected become_method sudo or su, got ${JSON.stringify(m)}`);
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
    }
  }
  return a;
}
