// replace: every match of a regexp in a file replaced (Python re semantics: MULTILINE, \1 and \g<name> in the replacement), between `after` and `before`.
import { CarbonPlayError } from '../core/errors.js';
import type { FileState } from '../facts/file-state.js';
import { applyTextEdit, planTextEdit, pyRegExp, readTextFile, textEditArgs, type TextEditData } from '../facts/text-edit.js';
import { defineModule } from './types.js';

/** Python's re.sub template: \1, \g<1>, \g<name>, \n and \\ ; everything else literal. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|([\\nrt]))/g, (_s, g?: string, d?: string, esc?: string) => {
    if (esc) return esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : '\\';
    const key = g ?? d!;
    const v = /^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key];
    return v ?? '';
  });
}

export function replaceIn(text: string, args: Record<string, any>): { text: string; count: number } {
  let start = 0;
  let end = text.length;
  if (args.after !== undefined || args.before !== undefined) {
    const a = args.after !== undefined ? pyRegExp(args.after, '', 'after').source : '';
    const b = args.before !== undefined ? pyRegExp(args.before, '', 'before').source : '';
    const lazy = args.after !== undefined && args.before !== undefined ? '*?' : '*';
    const section = new RegExp(`${a}(?<subsection>[\\s\\S]${lazy})${b}`, 'd').exec(text);
    if (!section) return { text, count: 0 };
    [start, end] = section.indices!.groups!.subsection!;
  }
  const re = pyRegExp(args.regexp, 'gm', 'regexp');
  let count = 0;
  const part = text.slice(start, end).replace(re, (...all) => {
    count++;
    const groups = typeof all[all.length - 1] === 'object' ? (all[all.length - 1] as Record<string, string>) : undefined;
    const m = Object.assign(all.slice(0, typeof groups === 'object' ? -3 : -2) as unknown as RegExpExecArray, { groups });
    return expand(args.replace, m);
  });
  return { text: text.slice(0, start) + part + text.slice(end), count };
}

export const replace = defineModule<Record<string, any>, FileState, TextEditData & { count: number }>({
  name: 'replace',
  description: 'Replace every match of a regexp in a file.',
  schema: {
    args: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'the file to edit' },
      regexp: { type: 'str', required: true, description: 'Python-style regexp, matched per line boundary (MULTILINE)' },
      replace: { type: 'str', default: '', description: 'the replacement; \\1 and \\g<name> refer to groups' },
      after: { type: 'str', description: 'only the text after the first match of this regexp' },
      before: { type: 'str', description: 'only the text before the match of this regexp' },
      encoding: { type: 'str', default: 'utf-8', description: 'accepted; files are read as UTF-8' },
      ...textEditArgs,
    },
  },
  read: (args, ctx) => readTextFile(args.path, ctx),
  plan(args, state) {
    if (!state.content) throw new CarbonPlayError('module', `Path ${args.path} does not exist !`);
    const { text, count } = replaceIn(state.content.toString('utf8'), args);
    const plan = planTextEdit(args.path, state, text, `${count} replacements made`);
    return plan.kind === 'noop' ? { ...plan, data: { msg: '' } } : { ...plan, data: { ...plan.data, count } };
  },
  async apply(data, args, ctx) {
    const r = await applyTextEdit(data, args, ctx);
    return { ...r, msg: `${data.count} replacements made` };
  },
});
