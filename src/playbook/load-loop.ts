// Loop keywords of tasks and dynamic includes: `loop`, the legacy `with_<lookup>` forms, and `loop_control`.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LoopFields } from './types.js';
import type { Scope } from './load-context.js';
import { checkTemplates, readBool, readInt, readString, readVarName } from './read-values.js';
import { describeNode, entries, hint, report, toJs } from './yaml-source.js';

/** The `with_<name>` lookups carbon-play runs (src/runner/loop-lookups.ts); any other is a load error. */
export const WITH_LOOKUPS = ['items', 'list', 'dict', 'nested', 'cartesian', 'fileglob', 'first_found', 'sequence', 'together', 'subelements', 'indexed_items', 'flattened', 'random_choice'];
export const LOOP_KEYS = ['loop', 'loop_control', ...WITH_LOOKUPS.map((l) => `with_${l}`)];
const CONTROL_KEYS = ['loop_var', 'label', 'index_var', 'extended', 'pause', 'extended_allitems'];

type Entry = { key: string; keyNode: Node; value: Node | null };

/** Whether a task key is a loop keyword, known or not (`with_lines` is one, and unsupported). */
export function isLoopKey(key: string): boolean {
  return key === 'loop' || key === 'loop_control' || key.startsWith('with_');
}

/** Reads the loop keywords among `ents` into `out`. */
export function readLoop(scope: Scope, ents: Entry[], path: string, out: LoopFields): void {
  const { src } = scope;
  for (const { key, keyNode, value } of ents) {
    const p = `${path}.${key}`;
    if (key === 'loop_control') {
      readLoopControl(scope, value, p, out);
      continue;
    }
    if (key !== 'loop' && !key.startsWith('with_')) continue;
    const lookup = key === 'loop' ? undefined : key.slice('with_'.length);
    if (lookup !== undefined && !WITH_LOOKUPS.includes(lookup)) {
      report(src, keyNode, p, `unsupported loop '${key}'${hint(key, LOOP_KEYS)}; carbon-play runs ${WITH_LOOKUPS.map((l) => `with_${l}`).join(', ')}`);
      continue;
    }
    if (out.loop !== undefined) report(src, value, p, `expected one loop keyword, got '${key}' beside another`);
    if (lookup === undefined && !isSeq(value) && !(isScalar(value) && typeof value.value === 'string')) {
      report(src, value, p, `expected a list or a template string, got ${describeNode(value)}`);
    }
    checkTemplates(src, value, p);
    out.loop = toJs(value);
    out.loopWith = lookup;
  }
}

function readLoopControl(scope: Scope, value: Node | null, path: string, out: LoopFields): void {
  const { src } = scope;
  if (!isMap(value)) return report(src, value, path, `expected a mapping, got ${describeNode(value)}`);
  for (const e of entries(value)) {
    const p = `${path}.${e.key}`;
    if (e.key === 'loop_var') out.loopVar = readVarName(src, e.value, p) ?? 'item';
    else if (e.key === 'label') out.loopLabel = readString(src, e.value, p);
    else if (e.key === 'index_var') out.indexVar = readVarName(src, e.value, p);
    else if (e.key === 'extended') out.loopExtended = readBool(src, e.value, p);
    else if (e.key === 'extended_allitems') out.loopAllItems = readBool(src, e.value, p);
    else if (e.key === 'pause') {
      const v = toJs(e.value);
      if (typeof v === 'number' && v >= 0) out.loopPause = v;
      else out.loopPause = readInt(src, e.value, p);
    } else report(src, e.keyNode, p, `unknown loop_control key '${e.key}'${hint(e.key, CONTROL_KEYS)}; expected one of ${CONTROL_KEYS.join(', ')}`);
  }
}
