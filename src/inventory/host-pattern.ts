// Resolves Ansible host patterns (`web:&prod:!web3`, `db*`, `~re`, `g[0:2]`, `@file`) against an inventory.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';

export interface PatternInventory {
  /** Host names in inventory order. */
  hostNames: readonly string[];
  /** Group names in creation order. */
  groupNames: readonly string[];
  /** Hosts of a group, transitively, in inventory order. */
  groupHosts(group: string): string[];
  /** Where `@file` paths are resolved from. */
  cwd: string;
}

const SPECIAL = ['.', '?', '*', '['];

/** Ansible's split_host_pattern: commas if any, else colons outside [...] (IPv6 aside). */
export function splitHostPattern(pattern: string): string[] {
  if (pattern.includes(',')) return pattern.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of pattern.trim()) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if (c === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Hosts matching the pattern, in inventory order; an unknown name matches nothing. */
export function selectHosts(inv: PatternInventory, pattern: string): string[] {
  const parts = expandFiles(inv, splitHostPattern(pattern));
  const regular = parts.filter((p) => p[0] !== '&' && p[0] !== '!');
  const ordered = [...(regular.length ? regular : ['all']), ...parts.filter((p) => p[0] === '&'), ...parts.filter((p) => p[0] === '!')];
  let hosts: string[] = [];
  for (const p of ordered) {
    if (p[0] === '!') {
      const that = new Set(matchOne(inv, p.slice(1), pattern));
      hosts = hosts.filter((h) => !that.has(h));
    } else if (p[0] === '&') {
      const that = new Set(matchOne(inv, p.slice(1), pattern));
      hosts = hosts.filter((h) => that.has(h));
    } else {
      const seen = new Set(hosts);
      for (const h of matchOne(inv, p, pattern)) if (!seen.has(h)) hosts.push(h);
    }
  }
  const set = new Set(hosts);
  return inv.hostNames.filter((h) => set.has(h));
}

function expandFiles(inv: PatternInventory, parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p[0] !== '@') {
      out.push(p);
      continue;
    }
    const file = resolve(inv.cwd, p.slice(1));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CarbonPlayError('parse', `expected a readable host list file for '${p}', got none at ${file}`);
    }
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '' && !line.trim().startsWith('#')) out.push(line.trim());
  }
  return out;
}

function matchOne(inv: PatternInventory, raw: string, whole: string): string[] {
  if (raw === '') throw new CarbonPlayError('parse', `expected a host pattern after '&' or '!', got nothing in '${whole}'`);
  const { pattern, slice } = parseSubscript(raw);
  const matched = enumerate(inv, pattern, whole);
  return slice ? slice(matched) : matched;
}

/** `web[0]`, `web[1:3]`, `web[-1]`: a slice of the matched hosts (not for `~regex` patterns). */
function parseSubscript(raw: string): { pattern: string; slice?: (hosts: string[]) => string[] } {
  if (raw[0] === '~') return { pattern: raw };
  const m = /^(.+)\[(?:(-?\d+)|(-?\d*):(-?\d*))\]$/.exec(raw);
  if (!m) return { pattern: raw };
  if (m[2] !== undefined) {
    const i = Number(m[2]);
    return { pattern: m[1], slice: (h) => { const x = h[i < 0 ? h.length + i : i]; return x === undefined ? [] : [x]; } };
  }
  const start = m[3] === '' ? 0 : Number(m[3]);
  const end = m[4] === '' ? undefined : Number(m[4]);
  // Ansible's subscript end is inclusive
  return { pattern: m[1], slice: (h) => h.slice(start < 0 ? h.length + start : start, end === undefined ? undefined : end < 0 ? h.length + end + 1 : end + 1) };
}

function enumerate(inv: PatternInventory, pattern: string, whole: string): string[] {
  const re = compile(pattern, whole);
  const out: string[] = [];
  const groups = inv.groupNames.filter((g) => re.test(g));
  for (const g of groups) out.push(...inv.groupHosts(g));
  if (groups.length === 0 || pattern[0] === '~' || SPECIAL.some((s) => pattern.includes(s))) {
    out.push(...inv.hostNames.filter((h) => re.test(h)));
  }
  return [...new Set(out)];
}

function compile(pattern: string, whole: string): RegExp {
  if (pattern[0] === '~') {
    try {
      // Python's re.match anchors at the start only
      return new RegExp(`^(?:${pattern.slice(1)})`);
    } catch {
      throw new CarbonPlayError('parse', `expected a valid regular expression in host pattern '${whole}', got '${pattern.slice(1)}'`);
    }
  }
  return new RegExp(`^${translateGlob(pattern)}$`);
}

/** fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`; case-sensitive. */
function translateGlob(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = '^' + body.slice(1);
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
