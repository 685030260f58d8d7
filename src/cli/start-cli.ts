// The process around the command line: stdout/stderr as the CLI's output, a closed reader tolerated, the exit code set.
import { keepKnownFactsIn } from '../core/known-facts.js';
import { runCli } from './run-cli.js';

/** A reader that goes away (`--json | head`) ends our output, not our run with a stack trace. */
function tolerateClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/*
 * process.stdout and process.stderr are made when first read: on a pipe each is a net.Socket (Node loads net and its
 * stream wrappers for it), on a terminal a tty.WriteStream. Reading them here would make both on every start, so
 * Node's lazy getter is wrapped instead: whoever reads the stream first (our output, a prompt, a renderer) gets it
 * with the handler on. A `--syntax-check` never makes stderr, `--version` neither.
 */
function tolerateClosedReaderWhenMade(name: 'stdout' | 'stderr'): void {
  const d = Object.getOwnPropertyDescriptor(process, name);
  const get = d?.get;
  if (!d || !get || !d.configurable) return tolerateClosedReader(process[name]);
  Object.defineProperty(process, name, {
    ...d,
    get() {
      Object.defineProperty(process, name, d);
      const stream = get.call(process) as NodeJS.WriteStream;
      tolerateClosedReader(stream);
      return stream;
    },
  });
}

/** `cacheDir`: where facts learnt in one run are kept for the next (the bin gives one inside its bundle). */
export async function startCli(o: { cacheDir?: string } = {}, argv: string[] = process.argv.slice(2)): Promise<void> {
  keepKnownFactsIn(o.cacheDir);
  tolerateClosedReaderWhenMade('stdout');
  tolerateClosedReaderWhenMade('stderr');
  process.exitCode = await runCli(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    get isTTY() {
      return process.stdout.isTTY === true;
    },
  });
}
