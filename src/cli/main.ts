#!/usr/bin/env node
// The carbon-play binary: parse the command line, run, exit with ansible-playbook's codes.
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
});
process.exitCode = code;
