// Parsed YAML trees kept between runs (the bin's cache folder), for texts whose tree is the text's alone: no tags, anchors or aliases.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { cacheFolder } from '../core/known-facts.js';
import { sha1Of } from '../core/text-hash.js';

/*
 * What the loaders read of a node: the kind (isMap/isSeq/isScalar), `items` and their Pairs, `range`, a scalar's
 * `value`, `type` and `format` (an int's OCT or HEX: `mode: 0644` is not the decimal 420), `flow`, and toJSON().
 * Those are written, and nothing else; a tree with anything more (a tag such as !vault, an anchor, an alias, a merge
 * key, a number JSON cannot hold such as .inf) is not kept, and neither is a file with an error. Vault-encrypted
 * files are never offered (their text is a secret).
 */
type Range = [number, number, number];
type Encoded =
  | { s: unknown; r: Range; t?: string; o?: string }
  | { m: [Encoded, Encoded | null][]; r: Range; f?: true }
  | { q: (Encoded | null)[]; r: Range; f?: true };

/** Bumped when the encoding or the yaml package's behaviour it copies changes. */
const FORMAT = 2;

class NotKept extends Error {}

function encode(node: unknown): Encoded | null {
  if (node === null || node === undefined) return null;
  const n = node as Node & { anchor?: string; tag?: string; range?: Range; flow?: boolean };
  if (isAlias(n) || n.anchor || n.tag || !n.range) throw new NotKept();
  if (isScalar(n)) {
    const v = n.value;
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw new NotKept();
    if (typeof v === 'number' && !Number.isFinite(v)) throw new NotKept();
    const e: Encoded = n.type && n.type !== Scalar.PLAIN ? { s: v, r: n.range, t: n.type } : { s: v, r: n.range };
    if (n.format) e.o = n.format;
    return e;
  }
  if (isMap(n)) {
    const m = n.items.map((p): [Encoded, Encoded | null] => {
      if (!isPair(p) || (isScalar(p.key) && p.key.value === '<<')) throw new NotKept();
      const k = encode(p.key);
      if (k === null) throw new NotKept();
      return [k, encode(p.value)];
    });
    return n.flow ? { m, r: n.range, f: true } : { m, r: n.range };
  }
  if (isSeq(n)) {
    const q = n.items.map((i) => encode(i));
    return n.flow ? { q, r: n.range, f: true } : { q, r: n.range };
  }
  throw new NotKept();
}

/*
 * Nodes are made as the yaml package's classes, less their constructors: each defines the node's kind on the node
 * with Object.defineProperty (one call per node, two for a collection; ~10,000 nodes for site.yaml), which took half
 * of reading a kept tree back. Here the kind sits on a prototype shared by the nodes of that kind, under the
 * registered symbol the package's isMap/isSeq/isScalar/isPair read, and the methods come from the class as before.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');

function kindOf<T>(cls: { prototype: T }, kind: string): T {
  return Object.create(cls.prototype as object, { [NODE_TYPE]: { value: Symbol.for(kind) } }) as T;
}

const SCALAR = kindOf(Scalar, 'yaml.scalar');
const MAP = kindOf(YAMLMap, 'yaml.map');
const SEQ = kindOf(YAMLSeq, 'yaml.seq');
const PAIR = kindOf(Pair, 'yaml.pair');

function decode(e: Encoded | null): Node | null {
  if (e === null) return null;
  if ('s' in e) {
    const s = Object.create(SCALAR) as Scalar;
    s.value = e.s;
    s.range = e.r;
    s.type = e.t ? (e.t as Scalar.Type) : Scalar.PLAIN;
    if (e.o) s.format = e.o;
    return s;
  }
  if ('m' in e) {
    const c = Object.create(MAP) as YAMLMap;
    c.range = e.r;
    if (e.f) c.flow = true;
    c.items = e.m.map(([k, v]) => {
      const p = Object.create(PAIR) as Pair;
      p.key = decode(k);
      p.value = decode(v);
      return p;
    });
    return c;
  }
  const c = Object.create(SEQ) as YAMLSeq;
  c.range = e.r;
  if (e.f) c.flow = true;
  c.items = e.q.map((i) => decode(i));
  return c;
}

export interface CachedTree {
  lc: LineCounter;
  root: Node | null;
}

function fileFor(folder: string, text: string): string {
  return join(folder, 'yaml', `${sha1Of(`${FORMAT}\0${text}`, 'hex')}.json`);
}

/** The tree an earlier run kept for this text, or undefined. */
export function readCachedTree(text: string): CachedTree | undefined {
  const folder = cacheFolder();
  if (folder === undefined) return undefined;
  let saved: { lines: number[]; root: Encoded | null };
  try {
    saved = JSON.parse(readFileSync(fileFor(folder, text), 'utf8'));
  } catch {
    return undefined;
  }
  const lc = new LineCounter();
  lc.lineStarts.push(...saved.lines);
  return { lc, root: decode(saved.root) };
}

/** Keeps a tree that parsed without an error, when it holds only what `encode` writes. */
export function keepTree(text: string, tree: CachedTree): void {
  const folder = cacheFolder();
  if (folder === undefined) return;
  let root: Encoded | null;
  try {
    root = encode(tree.root);
  } catch (e) {
    if (e instanceof NotKept) return;
    throw e;
  }
  const file = fileFor(folder, text);
  try {
    // The trees hold the files' values (vars_files too): readable by their owner only, as the files may be.
    mkdirSync(join(folder, 'yaml'), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ lines: tree.lc.lineStarts, root }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Not writable: parsed again next time.
  }
}
