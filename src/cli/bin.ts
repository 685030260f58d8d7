#!/usr/bin/env node
// The ES module entry of earlier builds (scripts and habits that run dist/src/cli/bin.js): runs the CommonJS bin, bin.cts.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./bin.cjs');
