// lineinfile's edit of a text, step for step as Ansible's module decides it, with Ansible's messages ("line added" ...).
import { compilePattern } from '../facts/text-edit.js';
import { expandReplacement } from '../template/py-regex.js';
import { detectEol, insertLines, joinLines, splitLines, type Line } from '../facts/text-lines.js';

export interface LineEditArgs {
  state: 'present' | 'absent';
  regexp?: string;
  line?: string;
  insertafter?: string;
  insertbefore?: string;
  firstmatch: boolean;
  backrefs: boolean;
}

export interface LineEdit {
  text: string;
  /** Ansible's message: `line added`, `line replaced`, `N line(s) removed`, or '' when nothing changes. */
  msg: string;
  /** state=absent: how many lines matched. */
  found?: number;
}

function removeLines(lines: Line[], args: LineEditArgs): LineEdit {
  const re = args.regexp !== undefined ? compilePattern(args.regexp, 'regexp') : undefined;
  const kept = lines.filter((l) => !(re ? re.test(l.text) : l.text === args.line));
  const found = lines.length - kept.length;
  return { text: joinLines(kept), msg: found > 0 ? `${found} line(s) removed` : '', found };
}

/** Where the regexp matched (the last line, or the first with firstmatch), and the match. */
function regexpHit(lines: Line[], args: LineEditArgs): { index: number; match: RegExpExecArray } | undefined {
  if (args.regexp === undefined) return undefined;
  const re = compilePattern(args.regexp, 'regexp');
  let hit: { index: number; match: RegExpExecArray } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]!.text);
    if (!m) continue;
    hit = { index: i, match: m };
    if (args.firstmatch) break;
  }
  return hit;
}

/** Without a regexp hit: the last line equal to `line`, and where insertafter/insertbefore would put a new one (-1: nowhere). */
function scanLines(lines: Line[], line: string, args: LineEditArgs, after: string | undefined): { exact: number; insertAt: number } {
  const anchor = after !== undefined && after !== 'EOF' && after !== 'BOF' ? compilePattern(after, 'insertafter')
    : args.insertbefore !== undefined && args.insertbefore !== 'BOF' ? compilePattern(args.insertbefore, 'insertbefore') : undefined;
  let exact = -1;
  let insertAt = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.text === line) exact = i;
    else if (anchor?.test(lines[i]!.text)) {
      insertAt = after !== undefined ? i + 1 : i;
      if (args.firstmatch) break;
    }
  }
  return { exact, insertAt };
}

export function editLines(content: string, args: LineEditArgs): LineEdit {
  const lines = splitLines(content);
  if (args.state === 'absent') return removeLines(lines, args);
  const eol = detectEol(lines);
  const line = args.line ?? '';
  const after = args.insertbefore === undefined && args.insertafter === undefined ? 'EOF' : args.insertafter;
  const added = (at: number): LineEdit => ({ text: joinLines(insertLines(lines, at, [line], eol)), msg: 'line added' });
  const same: LineEdit = { text: content, msg: '' };
  const hit = regexpHit(lines, args);
  const { exact, insertAt } = hit ? { exact: -1, insertAt: -1 } : scanLines(lines, line, args, after);
  const index = hit ? hit.index : exact;
  if (index >= 0) {
    const text = args.backrefs && hit ? expandReplacement(line, hit.match, hit.match.groups) : line;
    const old = lines[index]!;
    // Ansible compares the line with its ending: a last line without one is rewritten with it.
    if (old.text === text && old.eol !== '') return same;
    const out = lines.slice();
    out[index] = { text, eol: old.eol || eol };
    return { text: joinLines(out), msg: 'line replaced' };
  }
  if (args.backrefs) return same;
  if (args.insertbefore === 'BOF' || after === 'BOF') return added(0);
  if (after === 'EOF' || insertAt === -1) return added(lines.length);
  // After an anchor: nothing when the line already follows it.
  if (after !== undefined) {
    const next = insertAt === lines.length ? lines[insertAt - 1] : lines[insertAt];
    return next?.text === line ? same : added(insertAt);
  }
  return added(insertAt);
}
