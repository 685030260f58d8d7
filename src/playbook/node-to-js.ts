// A YAML node as plain JavaScript: what the yaml package's node.toJSON() gives, in one pass for plain maps, lists and scalars.
import { isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/*
 * The loaders convert thousands of nodes per playbook; the package's toJSON dispatches through merge-key and
 * anchor checks at every pair. This walk takes the plain cases itself: a map or list whose toJSON is the package's
 * own (not a !!set, !!omap or custom collection), keys that are scalars with a string, number, boolean or null
 * value, and scalars holding a string, number, boolean or null. Anything else (an alias, a merge key, a date, a
 * bigint, a custom tag's value) is handed to the package's toJSON with the same arguments, so the result is the same.
 */
const scalarToJSON = Scalar.prototype.toJSON;
const mapToJSON = YAMLMap.prototype.toJSON;
const seqToJSON = YAMLSeq.prototype.toJSON;

type Primitive = string | number | boolean | null;

function primitive(v: unknown): v is Primitive {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** `value` as the package's toJS(value, arg) computes it without a document context. */
export function convertNode(value: unknown, arg = ''): unknown {
  if (isScalar(value)) {
    if (value.toJSON === scalarToJSON && primitive(value.value)) return value.value;
  } else if (isMap(value)) {
    if (value.toJSON === mapToJSON) {
      const out = convertMap(value);
      if (out) return out;
    }
  } else if (isSeq(value)) {
    if (value.toJSON === seqToJSON) return value.items.map((item, i) => convertNode(item, String(i)));
  }
  return packageToJs(value, arg);
}

/** Undefined when a key is not a plain scalar: the package converts that map. */
function convertMap(map: YAMLMap): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const { key, value } of map.items) {
    if (!isScalar(key) || key.toJSON !== scalarToJSON || 'addToJSMap' in key || !primitive(key.value)) return undefined;
    const name = key.value === null ? '' : String(key.value);
    const v = convertNode(value, name);
    // As the package: a key already there (a repeated key, or one such as __proto__) is defined, not assigned.
    if (name in out) Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true });
    else out[name] = v;
  }
  return out;
}

/** The package's toJS without a context (yaml/dist/nodes/toJS.js). */
function packageToJs(value: unknown, arg: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => convertNode(v, String(i)));
  if (value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON: (arg: string) => unknown }).toJSON(arg);
  if (typeof value === 'bigint') return Number(value);
  return value;
}
