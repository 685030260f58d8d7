// POSIX shell quoting: turn an argv into one command line that `sh -c` splits back into the same argv.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted only when it needs to be: `'...'`, with `'` written as `'\''`. */
export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The whole argv, each argument quoted, separated by spaces. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
