// The sandbox's command runner: output, exit codes, stdin, quoting, and a missing program.
import { describe, expect, it } from 'vitest';
import { mustRun, runCmd } from '../../src/sandbox/exec.js';

describe('runCmd', () => {
  it('returns stdout, stderr and the exit code without throwing', async () => {
    expect(await runCmd('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });
  it('feeds stdin', async () => {
    expect((await runCmd('cat', [], { input: 'line\n' })).stdout).toBe('line\n');
  });
  it('passes each argument as one word, never through the shell', async () => {
    expect((await runCmd('printf', ['%s|', 'a b', '$(id)', "'q'"])).stdout).toBe("a b|$(id)|'q'|");
  });
  it('rejects when the program is missing', async () => {
    await expect(runCmd('no-such-program-xyz', [])).rejects.toThrow(/not found/);
  });
  it('mustRun names the command and its stderr on failure', async () => {
    await expect(mustRun('sh', ['-c', 'echo boom >&2; exit 1'])).rejects.toThrow('sh -c echo boom >&2; exit 1 exited 1: boom');
  });
  // Without the timeout the 300 s sleep would outlast vitest's own limit: no wall-clock assertion needed.
  it('stops a command past its timeout', async () => {
    const r = await runCmd('sleep', ['300'], { timeoutMs: 300 });
    expect(r.code).not.toBe(0);
  });
});
