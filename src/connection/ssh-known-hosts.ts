// known_hosts: parse plain and hashed entries, check a server's key, record a new one (like OpenSSH's accept-new).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** Plain patterns (`host`, `[host]:2222`, `*.example.com`, `!bad`); empty for a hashed entry. */
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  /** Base64 key blob. */
  key: string;
  line: number;
}

export type HostKeyVerdict = 'match' | 'changed' | 'unknown' | 'revoked';

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    if (fields.length < 3) return;
    const [hosts, keyType, key] = fields;
    const entry: KnownHostEntry = { marker, patterns: [], keyType, key, line: i + 1 };
    const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(hosts);
    if (m) entry.hashed = { salt: Buffer.from(m[1], 'base64'), hash: Buffer.from(m[2], 'base64') };
    else entry.patterns = hosts.split(',');
    entries.push(entry);
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// Compiled once per pattern: every host of a run is looked up against every entry (hosts x entries matches).
const globs = new Map<string, RegExp>();

function globMatch(pattern: string, name: string): boolean {
  let re = globs.get(pattern);
  if (!re) globs.set(pattern, (re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i')));
  return re.test(name);
}

function entryMatches(e: KnownHostEntry, name: string): boolean {
  if (e.hashed) {
    const h = createHmac('sha1', e.hashed.salt).update(name).digest();
    return h.equals(e.hashed.hash);
  }
  let matched = false;
  for (const p of e.patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** Entries (not CA lines) that name this host. */
export function entriesFor(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  const name = knownHostName(host, port);
  return entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, name));
}

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyVerdict {
  const key = keyBlob.toString('base64');
  const mine = entriesFor(entries, host, port);
  if (mine.some((e) => e.marker === '@revoked' && e.key === key)) return 'revoked';
  const known = mine.filter((e) => e.marker !== '@revoked');
  if (known.some((e) => e.key === key && e.keyType === keyType)) return 'match';
  return known.length > 0 ? 'changed' : 'unknown';
}

/** Key types known for the host, so the server is asked for one we can check (as OpenSSH orders them). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  return [...new Set(entriesFor(entries, host, port).filter((e) => !e.marker).map((e) => e.keyType))];
}

/** `SHA256:...` as `ssh-keygen -lf` prints it. */
export function fingerprintKey(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(keyBlob: Buffer): string {
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const cache = new Map<string, Promise<KnownHostEntry[]>>();

/** Read once per run and shared by every host (the file is the same for all). */
export function loadKnownHosts(path: string): Promise<KnownHostEntry[]> {
  let p = cache.get(path);
  if (!p) {
    p = readFile(path, 'utf8').then(parseKnownHosts, (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    cache.set(path, p);
  }
  return p;
}

export async function recordHostKey(path: string, host: string, port: number, keyBlob: Buffer): Promise<void> {
  const line = `${knownHostName(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await appendFile(path, line, { mode: 0o600 });
  const entries = await loadKnownHosts(path);
  entries.push(...parseKnownHosts(line));
}

/** Forget cached files (tests rewrite known_hosts between connections). */
export function clearKnownHostsCache(): void {
  cache.clear();
}
