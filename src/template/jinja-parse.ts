// Parses template segments into a tree: text, outputs, if/elif/else, for/else (with a filter), set and set blocks.

import { SyntaxFail } from './expr-lexer.js';
import { ExprParser, type Node } from './expr-parser.js';
import { lexTemplate, type LexOptions, type Segment } from './jinja-lex.js';

export type TNode =
  | { kind: 'text'; value: string; at: number }
  | { kind: 'out'; expr: Node; at: number }
  | { kind: 'if'; branches: { test: Node | null; body: TNode[] }[]; at: number }
  | { kind: 'for'; targets: string[]; iter: Node; filter?: Node; body: TNode[]; else: TNode[]; at: number }
  | { kind: 'set'; targets: string[]; value: Node; at: number }
  | { kind: 'setblock'; target: string; filters: Node | null; body: TNode[]; at: number };

const KNOWN = ['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset'];

export function parseTemplate(src: string, opts: LexOptions): TNode[] {
  const segs = lexTemplate(src, opts);
  let k = 0;

  /** Nodes until one of `ends` (a statement name); returns them with the closing statement's parser. */
  const parseBody = (ends: string[], opener?: { name: string; at: number }): [TNode[], string, ExprParser | null] => {
    const body: TNode[] = [];
    while (k < segs.length) {
      const seg: Segment = segs[k++];
      if (seg.type === 'text') {
        body.push({ kind: 'text', value: seg.value, at: seg.at });
        continue;
      }
      const p = new ExprParser(seg.tokens);
      if (seg.type === 'out') {
        const expr = p.parseTuple();
        p.expectEnd();
        body.push({ kind: 'out', expr, at: seg.at });
        continue;
      }
      const nameTok = p.peek();
      const name = p.parseName('a statement name');
      if (ends.includes(name)) return [body, name, p];
      body.push(parseStatement(name, p, seg.at, nameTok.at));
    }
    if (opener) throw new SyntaxFail(`unexpected end of template: '{% ${opener.name} %}' is never closed (expected ${ends.map((e) => `'{% ${e} %}'`).join(' or ')})`, opener.at);
    return [body, '', null];
  };

  const parseStatement = (name: string, p: ExprParser, at: number, nameAt: number): TNode => {
    switch (name) {
      case 'if': {
        const branches: { test: Node | null; body: TNode[] }[] = [];
        let test: Node | null = p.parseTuple();
        p.expectEnd();
        for (;;) {
          const [body, end, q] = parseBody(['elif', 'else', 'endif'], { name: 'if', at });
          branches.push({ test, body });
          if (end === 'endif') return q!.expectEnd(), { kind: 'if', branches, at };
          if (end === 'elif') {
            test = q!.parseTuple();
            q!.expectEnd();
          } else {
            q!.expectEnd();
            const [elseBody, , r] = parseBody(['endif'], { name: 'if', at });
            r!.expectEnd();
            branches.push({ test: null, body: elseBody });
            return { kind: 'if', branches, at };
          }
        }
      }
      case 'for': {
        const target = p.parseTuple(true);
        const targets = target.kind === 'tuple' ? target.items.map((n) => (n as { name: string }).name) : [(target as { name: string }).name];
        p.expectWord('in');
        const iter = p.parseTuple(false, false);
        let filter: Node | undefined;
        if (p.isWord('if')) {
          p.p++;
          filter = p.parseExpression();
        }
        if (p.isWord('recursive')) throw new SyntaxFail("recursive loops are not supported", p.peek().at);
        p.expectEnd();
        const [body, end, q] = parseBody(['else', 'endfor'], { name: 'for', at });
        q!.expectEnd();
        let elseBody: TNode[] = [];
        if (end === 'else') {
          const [eb, , r] = parseBody(['endfor'], { name: 'for', at });
          r!.expectEnd();
          elseBody = eb;
        }
        return { kind: 'for', targets, iter, filter, body, else: elseBody, at };
      }
      case 'set': {
        const target = p.parseTuple(true);
        const targets = target.kind === 'tuple' ? target.items.map((n) => (n as { name: string }).name) : [(target as { name: string }).name];
        if (p.isOp('=')) {
          p.p++;
          const value = p.parseTuple();
          p.expectEnd();
          return { kind: 'set', targets, value, at };
        }
        // `{% set x | upper %}…{% endset %}`: the filters apply to the block's text.
        let filters: Node | null = null;
        if (p.isOp('|')) filters = p.parseFilterChain({ kind: 'var', name: '__block__', at: p.peek().at });
        p.expectEnd();
        const [body, , q] = parseBody(['endset'], { name: 'set', at });
        q!.expectEnd();
        return { kind: 'setblock', target: targets[0], filters, body, at };
      }
    }
    const hint = KNOWN.includes(name) ? `'{% ${name} %}' without its opening statement` : `unknown statement '${name}' (supported: if, elif, else, for, set, raw)`;
    throw new SyntaxFail(hint, nameAt);
  };

  const [body, end] = parseBody([]);
  if (end) throw new SyntaxFail(`unexpected '{% ${end} %}'`, 0);
  return body;
}
