// etc_hosts: maps names to addresses in /etc/hosts, rewriting only the lines that map those names.
import type { FileState } from '../facts/file-state.js';
import { applyTextEdit, planTextEdit, readTextFile, type TextEditData } from '../facts/text-edit.js';
import { detectEol, joinLines, splitLines, type Line } from '../facts/text-lines.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

export interface HostsEntry {
  ip: string;
  names: string[];
}

interface Parsed {
  ip: string;
  names: string[];
  /** Separator after the address, and a trailing `# comment` with its leading space. */
  sep: string;
  comment: string;
}

function parse(line: Line): Parsed | null {
  const m = /^(\s*)(\S+)(\s+)([^#]*?)(\s*#.*)?$/.exec(line.text);
  if (!m || m[2]!.startsWith('#') || !m[4]) return null;
  return { ip: m[2]!, sep: m[3]!, names: m[4]!.split(/\s+/).filter(Boolean), comment: m[5] ?? '' };
}

function render(p: Parsed): string {
  return `${p.ip}${p.sep}${p.names.join(' ')}${p.comment}`;
}

export function editHosts(content: string, entries: HostsEntry[], state: 'present' | 'absent'): string {
  let lines = splitLines(content);
  const eol = detectEol(lines);
  for (const entry of entries) {
    const wanted = new Set(entry.names);
    let kept = false;
    const out: Line[] = [];
    for (const line of lines) {
      const p = parse(line);
      if (!p || !p.names.some((n) => wanted.has(n))) {
        out.push(line);
        continue;
      }
      const same = p.ip === entry.ip;
      if (state === 'present' && same && !kept) {
        // The line that maps these names: it maps exactly them now (untouched when it already does).
        kept = true;
        const equal = p.names.length === entry.names.length && p.names.every((n, i) => n === entry.names[i]);
        out.push(equal ? line : { ...line, text: render({ ...p, names: entry.names }) });
        continue;
      }
      if (state === 'absent' && !same) {
        out.push(line);
        continue;
      }
      // A name moving to another address leaves its old line; a line left with no names goes.
      const names = p.names.filter((n) => !wanted.has(n));
      if (names.length > 0) out.push({ ...line, text: render({ ...p, names }) });
    }
    if (state === 'present' && !kept) {
      if (out.length > 0 && out[out.length - 1]!.eol === '') out[out.length - 1] = { ...out[out.length - 1]!, eol };
      out.push({ text: `${entry.ip}\t${entry.names.join(' ')}`, eol });
    }
    lines = out;
  }
  return joinLines(lines);
}

const args = {
  entries: {
    type: 'list',
    required: true,
    elements: {
      ip: { type: 'str', required: true, description: 'the address' },
      names: { type: 'list', elements: 'str', required: true, description: 'names for the address, canonical first' },
    },
    description: 'addresses and their names',
  },
  path: { type: 'path', default: '/etc/hosts', description: 'the hosts file' },
  state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the mappings should be there' },
  backup: { type: 'bool', default: false, description: 'keep a timestamped copy of the old file' },
} as const satisfies ArgSchema;

export const etcHosts = defineModule<ArgsOf<typeof args>, FileState, TextEditData>({
  name: 'etc_hosts',
  description: 'Map host names to addresses in /etc/hosts, keeping every other line byte for byte.',
  schema: {
    args,
  },
  read: (args, ctx) => readTextFile(args.path, ctx),
  plan(args, state) {
    const before = state.content ? state.content.toString('utf8') : '';
    if (!state.content && args.state === 'absent') return { kind: 'noop', reason: `${args.path} does not exist` };
    const names = (args.entries as HostsEntry[]).map((e) => `${e.ip} ${e.names.join(' ')}`).join(', ');
    return planTextEdit(args.path, state, editHosts(before, args.entries, args.state), `${args.state === 'absent' ? 'remove' : 'map'} ${names} in ${args.path}`);
  },
  apply: applyTextEdit,
});
