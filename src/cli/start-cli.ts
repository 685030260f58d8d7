// The process around the command line: stdout/stderr as the CLI's output, a closed reader tolerated, the exit code set.
import { keepKnownFactsIn } from '../core/known-facts.js';
import { runCli } from './run-cli.js';

/** `cacheDir`: where facts learnt in one run are kept for the next (the bin gives one inside its bundle). */
export async function startCli(o: { cacheDir?: string } = {}, argv: string[] = process.argv.slice(2)): Promise<void> {
  keepKnownFactsIn(o.cacheDir);
  // A reader that goes away (`--json | head`) ends our output, not our run with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  process.exitCode = await runCli(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: process.stdout.isTTY === true,
  });
}
