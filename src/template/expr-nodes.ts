// The tree a Jinja expression parses into; `at` is the offset of the node's token in the source text.

export type Node =
  | { kind: 'lit'; value: unknown; at: number }
  | { kind: 'list' | 'tuple'; items: Node[]; at: number }
  | { kind: 'dict'; pairs: [Node, Node][]; at: number }
  | { kind: 'var'; name: string; at: number }
  | { kind: 'get'; obj: Node; key: Node; dot: boolean; name: string; at: number }
  | { kind: 'slice'; obj: Node; start?: Node; stop?: Node; step?: Node; at: number }
  | { kind: 'not' | 'neg' | 'pos'; arg: Node; at: number }
  | { kind: 'and' | 'or'; left: Node; right: Node; at: number }
  | { kind: 'bin'; op: string; left: Node; right: Node; at: number }
  | { kind: 'cmp'; first: Node; rest: [string, Node][]; at: number }
  | { kind: 'cond'; test: Node; then: Node; else?: Node; at: number }
  | { kind: 'test'; arg: Node; name: string; args: Node[]; kwargs: Record<string, Node>; negate: boolean; at: number }
  | { kind: 'filter'; arg: Node; name: string; args: Node[]; kwargs: Record<string, Node>; at: number }
  | { kind: 'call'; callee: Node; args: Node[]; kwargs: Record<string, Node>; at: number };

/** The nodes directly under `n`, for walks (load-time checks). */
export function childrenOf(n: Node): Node[] {
  switch (n.kind) {
    case 'list':
    case 'tuple':
      return n.items;
    case 'dict':
      return n.pairs.flat();
    case 'get':
      return [n.obj, n.key];
    case 'slice':
      return [n.obj, n.start, n.stop, n.step].filter((x): x is Node => x !== undefined);
    case 'not':
    case 'neg':
    case 'pos':
      return [n.arg];
    case 'and':
    case 'or':
    case 'bin':
      return [n.left, n.right];
    case 'cmp':
      return [n.first, ...n.rest.map(([, x]) => x)];
    case 'cond':
      return [n.test, n.then, ...(n.else ? [n.else] : [])];
    case 'test':
    case 'filter':
      return [n.arg, ...n.args, ...Object.values(n.kwargs)];
    case 'call':
      return [n.callee, ...n.args, ...Object.values(n.kwargs)];
    default:
      return [];
  }
}

/** The variable path a node reads, for messages (`hostvars[inventory_hostname].port`). */
export function nameOf(n: Node): string {
  if (n.kind === 'var' || n.kind === 'get') return n.name;
  if (n.kind === 'lit') return typeof n.value === 'string' ? `'${n.value}'` : String(n.value);
  return '(expression)';
}
