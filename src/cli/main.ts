#!/usr/bin/env node
// The carbon-play binary, unbundled: parse the command line, run, exit with ansible-playbook's codes.
import { startCli } from './start-cli.js';

await startCli();
