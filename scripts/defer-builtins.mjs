// A rolldown plugin for the bundle: Node built-ins that a start-up does not need load when first used, not when a chunk loads.
/*
 * A chunk requires every built-in its modules import, at its top: the loaders' chunk pulls in child_process (and with
 * it net, dgram and ~40 internal modules) for the few modules that run commands, and commander requires it for
 * subcommand executables carbon-play never uses. Each `require("node:NAME")` of a built-in listed here becomes a
 * stand-in that requires it on the first use of any of its properties. Bundled code reads a built-in's exports as
 * properties at the time of use (`(0, node_child_process.spawn)(...)`, `childProcess.spawn(...)`), so nothing else
 * changes; code that reads one at load time (destructuring, `typeof crypto.hash`) simply loads it then.
 */

/** Built-ins that a bare `node` has not loaded and a `--syntax-check` or `--version` can do without. */
export const DEFERRED_BUILTINS = ['child_process', 'crypto', 'dgram', 'dns', 'http', 'https', 'net', 'os', 'readline', 'tls', 'worker_threads', 'zlib'];

const call = new RegExp(`(?<![\\w$.])require\\("(node:(?:${DEFERRED_BUILTINS.join('|')}))"\\)`, 'g');

/* The stand-in: a Proxy whose every operation goes to the built-in, required (and kept by Node) on first use. */
const PRELUDE = `const __deferBuiltin = (id) => {
\tlet m;
\tconst load = () => (m ??= require(id));
\treturn new Proxy({}, {
\t\tget: (_, key) => load()[key],
\t\tset: (_, key, value) => ((load()[key] = value), true),
\t\thas: (_, key) => key in load(),
\t\townKeys: () => Reflect.ownKeys(load()),
\t\tgetOwnPropertyDescriptor: (_, key) => {
\t\t\tconst d = Reflect.getOwnPropertyDescriptor(load(), key);
\t\t\treturn d && { ...d, configurable: true };
\t\t},
\t});
};
`;

/** The chunk's code with its requires of deferred built-ins replaced, or null when it has none. */
export function deferBuiltinRequires(code) {
  if (code.search(call) < 0) return null;
  const body = code.replace(call, '__deferBuiltin("$1")');
  // A directive must stay first.
  const directive = /^(['"])use strict\1;?\n?/.exec(body)?.[0] ?? '';
  return directive + PRELUDE + body.slice(directive.length);
}

export const deferBuiltins = {
  name: 'defer-builtins',
  renderChunk: (code) => deferBuiltinRequires(code),
};
