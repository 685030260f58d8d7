// lineinfile: one line present (replacing the last line matching `regexp`) or absent, keeping the file's other bytes.
import { CarbonPlayError } from '../core/errors.js';
import type { FileState } from '../facts/file-state.js';
import { applyTextEdit, compilePattern, planTextEdit, readTextFile, textEditArgs, type TextEditData } from '../facts/text-edit.js';
import { detectEol, insertLines, joinLines, splitLines, type Line } from '../facts/text-lines.js';
import { defineModule, type ArgSchema, type ArgsOf, type Plan } from './types.js';

/** Index where a new line goes, from insertafter/insertbefore (EOF/BOF or a regexp; last match unless firstmatch). */
function insertIndex(lines: Line[], args: ArgsOf<typeof lineArgs>): number {
  const pick = (re: RegExp) => {
    const hits = lines.map((l, i) => (re.test(l.text) ? i : -1)).filter((i) => i >= 0);
    return hits.length === 0 ? -1 : args.firstmatch ? hits[0]! : hits[hits.length - 1]!;
  };
  if (args.insertbefore !== undefined) {
    if (args.insertbefore === 'BOF') return 0;
    const i = pick(compilePattern(args.insertbefore, 'insertbefore'));
    return i < 0 ? lines.length : i;
  }
  if (args.insertafter !== undefined && args.insertafter !== 'EOF') {
    const i = pick(compilePattern(args.insertafter, 'insertafter'));
    return i < 0 ? lines.length : i + 1;
  }
  return lines.length;
}

export function editLines(content: string, args: ArgsOf<typeof lineArgs>): string {
  const lines = splitLines(content);
  const eol = detectEol(lines);
  const re = args.regexp !== undefined ? compilePattern(args.regexp, 'regexp') : undefined;
  const matches = (l: Line) => (re ? re.test(l.text) : l.text === args.line);
  if (args.state === 'absent') return joinLines(lines.filter((l) => !matches(l)));
  // The schema's check requires line for state=present.
  const line = args.line ?? '';
  if (re) {
    const hits = lines.map((l, i) => (re.test(l.text) ? i : -1)).filter((i) => i >= 0);
    if (hits.length > 0) {
      const i = args.firstmatch ? hits[0]! : hits[hits.length - 1]!;
      // Ansible's backrefs: the whole line becomes `line` with \1 / \g<1> filled from the match.
      const m = re.exec(lines[i]!.text)!;
      const text = args.backrefs ? line.replace(/\\(\d+)|\\g<(\d+)>/g, (_s, a?: string, b?: string) => m[Number(a ?? b)] ?? '') : line;
      const out = lines.slice();
      out[i] = { ...out[i]!, text };
      return joinLines(out);
    }
    if (args.backrefs) return content;
  }
  if (lines.some((l) => l.text === line)) return content;
  return joinLines(insertLines(lines, insertIndex(lines, args), [line], eol));
}

const lineArgs = {
  path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'the file to edit' },
  regexp: { type: 'str', aliases: ['regex'], description: 'the line to replace (last match), or to remove with state=absent' },
  line: { type: 'str', aliases: ['value'], description: 'the line wanted' },
  state: { type: 'str', default: 'present', choices: ['present', 'absent'], description: 'whether the line should be there' },
  insertafter: { type: 'str', description: "where a new line goes: after the last match of this regexp, or 'EOF' (default)" },
  insertbefore: { type: 'str', description: "where a new line goes: before the last match of this regexp, or 'BOF'" },
  firstmatch: { type: 'bool', default: false, description: 'use the first match instead of the last' },
  backrefs: { type: 'bool', default: false, description: "`line` uses the regexp's groups ($1); no match leaves the file alone" },
  ...textEditArgs,
} as const satisfies ArgSchema;

export const lineinfile = defineModule<ArgsOf<typeof lineArgs>, FileState, TextEditData>({
  name: 'lineinfile',
  description: 'Make sure one line is in a file (or not), replacing a line that matches a regexp.',
  schema: {
    args: lineArgs,
    mutuallyExclusive: [['insertafter', 'insertbefore']],
    check: (a) => (a.state !== 'absent' && a.line === undefined ? ['state=present needs line'] : a.state === 'absent' && a.regexp === undefined && a.line === undefined ? ['state=absent needs regexp or line'] : []),
  },
  read: (args, ctx) => readTextFile(args.path, ctx),
  plan(args, state): Plan<TextEditData> {
    if (!state.content) {
      if (args.state === 'absent') return { kind: 'noop', reason: `${args.path} does not exist` };
      if (!args.create) throw new CarbonPlayError('module', `${args.path}: expected an existing file, got nothing (create: true makes it)`);
      if (args.backrefs) return { kind: 'noop', reason: `${args.path} does not exist and backrefs is on` };
    }
    const before = state.content ? state.content.toString('utf8') : '';
    return planTextEdit(args.path, state, editLines(before, args), args.state === 'absent' ? `remove lines from ${args.path}` : `set a line in ${args.path}`);
  },
  apply: applyTextEdit,
});
