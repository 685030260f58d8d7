// blockinfile: a block of lines between two marker lines, inserted, replaced or removed; other bytes kept.
import { CarbonPlayError } from '../core/errors.js';
import type { FileState } from '../facts/file-state.js';
import { applyTextEdit, compilePattern, planTextEdit, readTextFile, textEditArgs, type TextEditData } from '../facts/text-edit.js';
import { detectEol, insertLines, joinLines, splitLines, type Line } from '../facts/text-lines.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

function lastMatch(lines: Line[], pattern: string, name: string): number {
  const re = compilePattern(pattern, name);
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!.text)) return i;
  return -1;
}

export function editBlock(content: string, args: ArgsOf<typeof blockArgs>): string {
  const lines = splitLines(content);
  const eol = detectEol(lines);
  const begin = String(args.marker).replace('{mark}', args.marker_begin);
  const end = String(args.marker).replace('{mark}', args.marker_end);
  const b = lines.findIndex((l) => l.text === begin);
  const e = b < 0 ? -1 : lines.findIndex((l, i) => i > b && l.text === end);
  const body = String(args.block ?? '').replace(/\r?\n$/, '');
  const wanted = args.state === 'absent' || body === '' ? [] : [begin, ...body.split(/\r?\n/), end];
  let rest = lines;
  let at: number;
  if (b >= 0 && e >= 0) {
    rest = [...lines.slice(0, b), ...lines.slice(e + 1)];
    at = b;
  } else if (args.insertbefore !== undefined) {
    at = args.insertbefore === 'BOF' ? 0 : Math.max(0, lastMatch(lines, args.insertbefore, 'insertbefore'));
    if (args.insertbefore !== 'BOF' && lastMatch(lines, args.insertbefore, 'insertbefore') < 0) at = lines.length;
  } else if (args.insertafter !== undefined && args.insertafter !== 'EOF') {
    const i = lastMatch(lines, args.insertafter, 'insertafter');
    at = i < 0 ? lines.length : i + 1;
  } else {
    at = lines.length;
  }
  if (wanted.length === 0) return joinLines(rest);
  // Replacing in place keeps the old block's line endings' style via the file's usual one.
  return joinLines(insertLines(rest, at, wanted, eol));
}

const blockArgs = {
  path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'the file to edit' },
  block: { type: 'str', default: '', aliases: ['content'], description: 'the lines to put between the markers' },
  marker: { type: 'str', default: '# {mark} ANSIBLE MANAGED BLOCK', description: 'marker line; {mark} becomes marker_begin/marker_end' },
  marker_begin: { type: 'str', default: 'BEGIN', description: '{mark} in the first marker' },
  marker_end: { type: 'str', default: 'END', description: '{mark} in the last marker' },
  state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the block should be there' },
  insertafter: { type: 'str', description: "a new block goes after the last match of this regexp, or 'EOF' (default)" },
  insertbefore: { type: 'str', description: "a new block goes before the last match of this regexp, or 'BOF'" },
  ...textEditArgs,
} as const satisfies ArgSchema;

export const blockinfile = defineModule<ArgsOf<typeof blockArgs>, FileState, TextEditData>({
  name: 'blockinfile',
  description: 'Insert, replace or remove a block of lines between marker lines.',
  schema: {
    args: blockArgs,
    mutuallyExclusive: [['insertafter', 'insertbefore']],
  },
  read: (args, ctx) => readTextFile(args.path, ctx),
  plan(args, state) {
    if (!state.content) {
      if (args.state === 'absent') return { kind: 'noop', reason: `${args.path} does not exist` };
      if (!args.create) throw new CarbonPlayError('module', `${args.path}: expected an existing file, got nothing (create: true makes it)`);
    }
    const before = state.content ? state.content.toString('utf8') : '';
    return planTextEdit(args.path, state, editBlock(before, args), args.state === 'absent' ? `remove block from ${args.path}` : `set block in ${args.path}`);
  },
  apply: applyTextEdit,
});
