// `npm test`: the unit project and the e2e project as two vitest runs at the same time, one exit code for both.
// Why two processes: vitest 4 runs a project with fileParallelism: false in its own group, after every other group,
// and gives a 2-core machine one unit worker, so the suite ran one file at a time. The e2e files spend most of their
// time waiting on servers and hosts; the unit files fill that time. With arguments, it is plain `vitest run ARGS`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const vitest = ['node_modules/vitest/vitest.mjs', 'run'];
const args = process.argv.slice(2);
// Piped output loses vitest's colours; keep them when a person is watching.
const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;

const children = [];
// Ctrl-C reaches the children from the terminal; this process outlives them, so the e2e run's teardown (sandbox down)
// still has somewhere to write. A TERM sent to this process alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => { for (const c of children) c.kill('SIGTERM'); });

/** Runs vitest with `more`; resolves to its exit code (1 when a signal ended it). */
function runVitest(more, onOutput) {
  const child = spawn(process.execPath, [...vitest, ...more], { env, stdio: ['ignore', onOutput ? 'pipe' : 'inherit', onOutput ? 'pipe' : 'inherit'] });
  children.push(child);
  if (onOutput) for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onOutput);
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

if (args.length > 0) {
  process.exitCode = await runVitest(args);
} else {
  // e2e is the long one: its lines go out as they come; the unit run's are held and printed as one block when it ends,
  // so neither report is cut into the other.
  const held = [];
  const unit = runVitest(['--project', 'unit'], (line) => held.push(line)).then((code) => {
    process.stdout.write(`\n==== unit project (exit ${code}) ====\n${held.join('\n')}\n==== end of unit project ====\n\n`);
    return code;
  });
  const e2e = runVitest(['--project', 'e2e'], (line) => process.stdout.write(`${line}\n`));
  const codes = await Promise.all([unit, e2e]);
  process.exitCode = codes.find((c) => c !== 0) ?? 0;
}
