// Facts about texts that hold for a given build ("this template parses"), kept on disk between runs as hashes only.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha1Of } from './text-hash.js';

/*
 * The bin gives a folder inside its bundle, so a rebuild starts with none. The library and the tests give none,
 * and nothing is remembered. Only SHA-1 hashes of the texts are stored, never a text or anything taken from one.
 */
let folder: string | undefined;
const sets = new Map<string, { known: Set<string>; added: Set<string> }>();
const MAX_ENTRIES = 50_000;
let exitHooked = false;

/** Where facts are kept from now on (undefined: nowhere); what was loaded from an earlier folder is forgotten. */
export function keepKnownFactsIn(dir: string | undefined): void {
  folder = dir;
  sets.clear();
  if (dir !== undefined && !exitHooked) {
    exitHooked = true;
    process.once('exit', saveKnownFacts);
  }
}

/** The folder given to keepKnownFactsIn, for other caches of the same build (parsed YAML trees). */
export function cacheFolder(): string | undefined {
  return folder;
}

/** Each text's hash, for this process: a value checked for two facts, or met again in another play, is hashed once. */
const hashes = new Map<string, string>();

function hashOf(text: string): string {
  let h = hashes.get(text);
  if (h === undefined) {
    if (hashes.size >= MAX_ENTRIES) hashes.clear();
    hashes.set(text, (h = sha1Of(text, 'base64')));
  }
  return h;
}

function readHashes(file: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}

function setOf(kind: string): { known: Set<string>; added: Set<string> } | undefined {
  if (folder === undefined) return undefined;
  let s = sets.get(kind);
  if (!s) {
    s = { known: new Set(readHashes(join(folder, `${kind}.json`))), added: new Set() };
    sets.set(kind, s);
  }
  return s;
}

/** True when an earlier run (or this one) recorded the fact `kind` for this text. */
export function isKnown(kind: string, text: string): boolean {
  return setOf(kind)?.known.has(hashOf(text)) ?? false;
}

export function recordKnown(kind: string, text: string): void {
  const s = setOf(kind);
  if (!s) return;
  const h = hashOf(text);
  if (s.known.has(h)) return;
  s.known.add(h);
  s.added.add(h);
}

/** Writes what this process learnt (the bin does it at exit). */
export function saveKnownFacts(): void {
  if (folder === undefined) return;
  for (const [kind, s] of sets) {
    save(join(folder, `${kind}.json`), folder, s.added);
    s.added.clear();
  }
}

/** Merged with what other runs wrote meanwhile; written beside and renamed, so a reader sees a whole file. */
function save(file: string, folder: string, added: Set<string>): void {
  if (added.size === 0) return;
  try {
    const current = readHashes(file);
    const merged = current.length + added.size > MAX_ENTRIES ? [...added] : [...new Set([...current, ...added])];
    mkdirSync(folder, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(merged));
    renameSync(tmp, file);
  } catch {
    // Not writable: the next run checks again.
  }
}
