// lineinfile: one line present (replacing the last line matching `regexp`) or absent, keeping the file's other bytes.
import { CarbonPlayError } from '../core/errors.js';
import { readFileState, type FileState } from '../facts/file-state.js';
import { applyTextEdit, checkTextFile, planTextEdit, textEditArgs, type TextEditData } from '../facts/text-edit.js';
import { editLines } from './lineinfile-edit.js';
import { defineModule, type ArgSchema, type ArgsOf, type ModuleContext, type Plan } from './types.js';

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
  async read(args, ctx) {
    const state = await readFileState(ctx.conn, args.path, ctx.become);
    if (state.stat?.type === 'directory') throw new CarbonPlayError('module', `Path ${args.path} is a directory !`);
    return checkTextFile(state);
  },
  plan(args, state, ctx): Plan<TextEditData> {
    if (!state.content) {
      if (args.state === 'absent') return { kind: 'noop', reason: `${args.path} does not exist`, data: { msg: 'file not present' } };
      if (!args.create) throw new CarbonPlayError('module', `Destination ${args.path} does not exist !`);
      if (args.backrefs) return { kind: 'noop', reason: `${args.path} does not exist and backrefs is on`, data: { msg: '', backup: '' } };
    }
    const before = state.content ? state.content.toString('utf8') : '';
    const edit = editLines(before, args);
    // Registered as Ansible's: msg, backup, found (absent), and the diff list (content, then attributes).
    const registered = { msg: edit.msg, backup: '', ...(edit.found === undefined ? {} : { found: edit.found }), diff: registeredDiff(args.path, before, edit.text, ctx, !state.content) };
    const plan = planTextEdit(args.path, state, edit.text, args.state === 'absent' ? `remove lines from ${args.path}` : `set a line in ${args.path}`);
    return plan.kind === 'noop' ? { ...plan, data: registered } : { ...plan, result: registered };
  },
  async apply(data, args, ctx) {
    const r = await applyTextEdit(data, args, ctx);
    return { ...r, data: { ...r.data, backup: r.data?.backup_file ?? '' } };
  },
});

/**
 * Ansible's `diff` of lineinfile: the content (before/after only under --diff) and the file attributes; a file that
 * check mode would create gives the content part alone, not in a list.
 */
function registeredDiff(path: string, before: string, after: string, ctx: ModuleContext, missing: boolean): unknown {
  const content = { before: ctx.diff ? before : '', after: ctx.diff ? after : '', before_header: `${path} (content)`, after_header: `${path} (content)` };
  if (ctx.check && missing) return content;
  return [content, { before_header: `${path} (file attributes)`, after_header: `${path} (file attributes)` }];
}
