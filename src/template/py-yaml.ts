// PyYAML's yaml.dump as to_yaml/to_nice_yaml call it: its indentation, flow/block choice, quoting and 80-column folding.

import { pyNumber } from './py-text.js';
import { isMissing, templateError } from './values.js';

export interface YamlOptions {
  indent: number;
  /** null: flow style for collections of scalars only (PyYAML's default_flow_style=None). */
  flow: boolean | null;
  sortKeys: boolean;
}

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';
/** Plain text that a YAML 1.1 loader would read as something other than a string (PyYAML's implicit resolvers). */
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:<<|=)$/,
];

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
}

/** PyYAML's analyze_scalar, for the styles a string may take. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true };
  let flowInd = s.startsWith('---') || s.startsWith('...');
  let blockInd = flowInd;
  let lineBreaks = false;
  let special = false;
  let [leadSpace, leadBreak, trailSpace, trailBreak, breakSpace, spaceBreak] = [false, false, false, false, false, false];
  let [prevSpace, prevBreak] = [false, false];
  let preceded = true;
  let followed = s.length === 1 || WS.includes(s[1]);
  const chars = [...s];
  chars.forEach((ch, i) => {
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowInd = blockInd = true;
      if ('?:'.includes(ch)) {
        flowInd = true;
        if (followed) blockInd = true;
      }
      if (ch === '-' && followed) flowInd = blockInd = true;
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followed) blockInd = true;
      }
      if (ch === '#' && preceded) flowInd = blockInd = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const c = ch.codePointAt(0)!;
    if (!(ch === '\n' || (c >= 0x20 && c <= 0x7e))) {
      const printable = c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x110000);
      if (!printable || c === 0xfeff) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadSpace = true;
      if (i === chars.length - 1) trailSpace = true;
      if (prevBreak) breakSpace = true;
      [prevSpace, prevBreak] = [true, false];
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadBreak = true;
      if (i === chars.length - 1) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      [prevSpace, prevBreak] = [false, true];
    } else [prevSpace, prevBreak] = [false, false];
    preceded = WS.includes(ch);
    followed = i + 2 >= chars.length || WS.includes(chars[i + 2]);
  });
  let flowPlain = true;
  let blockPlain = true;
  let singleQuoted = true;
  if (leadSpace || leadBreak || trailSpace || trailBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = singleQuoted = false;
  if (spaceBreak || special) flowPlain = blockPlain = singleQuoted = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, flowPlain, blockPlain, singleQuoted };
}

const ESC: Record<string, string> = { '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' };

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent: number | null = null;
  indents: (number | null)[] = [];
  flowLevel = 0;
  openEnded = false;
  constructor(readonly o: YamlOptions) {}

  write(s: string): void {
    this.out += s;
    this.column += s.length;
  }
  lineBreak(): void {
    this.out += '\n';
    this.whitespace = this.indention = true;
    this.column = 0;
  }
  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }
  indicator(ind: string, needWs: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWs ? ind : ' ' + ind);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.openEnded = false;
  }
  increase(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.o.indent : 0;
    else if (!indentless) this.indent += this.o.indent;
  }

  node(v: unknown, ctx: { root?: boolean; mapping?: boolean; key?: boolean }): void {
    if (isMissing(v)) throw templateError(`'${v.name}' is undefined`);
    if (v !== null && typeof v === 'object') {
      const entries: [string | null, unknown][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
      if (!Array.isArray(v) && this.o.sortKeys) entries.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      const allScalar = entries.every(([, x]) => x === null || typeof x !== 'object');
      const flow = this.flowLevel > 0 || entries.length === 0 || (this.o.flow ?? allScalar);
      if (Array.isArray(v)) (flow ? this.flowSeq(entries) : this.blockSeq(entries, Boolean(ctx.mapping)));
      else flow ? this.flowMap(entries) : this.blockMap(entries);
      return;
    }
    this.increase(true);
    this.scalar(v, Boolean(ctx.key), Boolean(ctx.root));
    this.indent = this.indents.pop()!;
  }

  flowSeq(items: [string | null, unknown][]): void {
    this.indicator('[', true, true);
    this.flowLevel++;
    this.increase(true);
    items.forEach(([, x], i) => {
      if (i > 0) this.indicator(',', false);
      if (this.column > 80) this.writeIndent();
      this.node(x, {});
    });
    this.indent = this.indents.pop()!;
    this.flowLevel--;
    this.indicator(']', false);
  }
  flowMap(items: [string | null, unknown][]): void {
    this.indicator('{', true, true);
    this.flowLevel++;
    this.increase(true);
    items.forEach(([k, x], i) => {
      if (i > 0) this.indicator(',', false);
      if (this.column > 80) this.writeIndent();
      this.node(k, { key: true, mapping: true });
      this.indicator(':', false);
      this.node(x, { mapping: true });
    });
    this.indent = this.indents.pop()!;
    this.flowLevel--;
    this.indicator('}', false);
  }
  blockSeq(items: [string | null, unknown][], mapping: boolean): void {
    this.increase(false, mapping && !this.indention);
    for (const [, x] of items) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(x, {});
    }
    this.indent = this.indents.pop()!;
  }
  blockMap(items: [string | null, unknown][]): void {
    this.increase(false);
    for (const [k, x] of items) {
      this.writeIndent();
      this.node(k, { key: true, mapping: true });
      this.indicator(':', false);
      this.node(x, { mapping: true });
    }
    this.indent = this.indents.pop()!;
  }

  scalar(v: unknown, key: boolean, root: boolean): void {
    if (typeof v !== 'string') {
      const text = v === null ? 'null' : v === true ? 'true' : v === false ? 'false' : numberText(v as number);
      return this.plain(text, !key, root);
    }
    const a = analyze(v);
    const implicit = !IMPLICIT.some((re) => re.test(v));
    if (implicit && !(key && (v === '' || a.multiline)) && (this.flowLevel ? a.flowPlain : a.blockPlain)) return this.plain(v, !key, root);
    if (a.singleQuoted && !(key && a.multiline)) return this.singleQuoted(v, !key);
    return this.doubleQuoted(v);
  }

  plain(text: string, split: boolean, root: boolean): void {
    if (root) this.openEnded = true;
    if (!text) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = this.indention = false;
    this.words(text, split, false);
  }

  /** Writes text, turning single spaces into line breaks past column 80 (PyYAML's folding). */
  words(text: string, split: boolean, quoted: boolean): void {
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (ch === ' ' || ch === undefined || (quoted && (ch === "'" || BREAKS.includes(ch)))) {
        this.write(text.slice(start, end));
        start = end;
        if (ch === ' ') {
          let stop = end;
          while (text[stop] === ' ') stop++;
          if (stop === end + 1 && this.column > 80 && split && end !== 0 && stop !== text.length) {
            this.writeIndent();
            if (!quoted) this.whitespace = this.indention = false;
          } else this.write(text.slice(end, stop));
          start = stop;
          end = stop - 1;
        } else if (quoted && ch === "'") {
          this.write("''");
          start = end + 1;
        } else if (quoted && ch !== undefined) {
          let stop = end;
          while (stop < text.length && BREAKS.includes(text[stop])) stop++;
          if (text[end] === '\n') this.lineBreak();
          for (const br of text.slice(end, stop)) br === '\n' ? this.lineBreak() : (this.out += br, (this.column = 0));
          this.writeIndent();
          start = stop;
          end = stop - 1;
        }
      }
    }
  }

  singleQuoted(text: string, split: boolean): void {
    this.indicator("'", true);
    this.words(text, split, true);
    this.indicator("'", false);
  }

  doubleQuoted(text: string): void {
    this.indicator('"', true);
    let s = '';
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (ESC[ch] !== undefined) s += '\\' + ESC[ch];
      else if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000) s += ch;
      else s += c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    this.write(s);
    this.indicator('"', false);
  }
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  return pyNumber(n);
}

export function pyYamlDump(value: unknown, o: YamlOptions): string {
  const e = new Emitter(o);
  // Ansible's dumper never closes a document with '...', even after a bare scalar.
  e.node(value, { root: true });
  e.writeIndent();
  return e.out.endsWith('\n') ? e.out : e.out + '\n';
}
