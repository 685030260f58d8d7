#!/usr/bin/env node
// The carbon-play binary: parse the command line, run, exit with ansible-playbook's codes.
import { runCli } from './run-cli.js';

// A reader that goes away (`--json | head`) ends our output, not our run with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
});
process.exitCode = code;
