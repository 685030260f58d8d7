// The long-lived shell's framing, over a local `sh`: output byte for byte, stderr apart, exit codes, isolation.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { frameCommand, leavesBackgroundJob, ShellSession, type ShellChannel } from '../../src/connection/ssh-shell.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A local `sh` dressed as the SSH channel the session expects; chunks are cut small to split markers. */
function localShell(chunkBytes = 0): ShellSession {
  const child = spawn('sh', [], { stdio: 'pipe' });
  children.push(child);
  const split = (fn: (b: Buffer) => void) => (b: Buffer) => {
    if (!chunkBytes) return fn(b);
    for (let i = 0; i < b.length; i += chunkBytes) fn(b.subarray(i, i + chunkBytes));
  };
  const ch: ShellChannel = {
    on: (event: string, fn: (chunk: Buffer) => void) => (event === 'data' ? child.stdout.on('data', split(fn)) : child.on(event === 'close' ? 'close' : 'error', () => (fn as () => void)())),
    stderr: { on: (_e: 'data', fn: (chunk: Buffer) => void) => child.stderr.on('data', split(fn)) },
    write: (data: string) => child.stdin.write(data),
    signal: (name: string) => child.kill(`SIG${name}` as NodeJS.Signals),
    close: () => child.stdin.end(),
  };
  return new ShellSession(ch);
}

const text = (r: { rc: number; stdout: Buffer; stderr: Buffer }) => ({ rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') });

describe('ShellSession', () => {
  it.each([
    ['output and its newline', 'echo hello', { rc: 0, stdout: 'hello\n', stderr: '' }],
    ['output with no final newline', "printf 'no newline'", { rc: 0, stdout: 'no newline', stderr: '' }],
    ['stderr apart from stdout', 'echo out; echo err >&2; exit 3', { rc: 3, stdout: 'out\n', stderr: 'err\n' }],
    ['a missing program (127)', 'no-such-program-here 2>/dev/null', { rc: 127, stdout: '', stderr: '' }],
    ['an empty stdin, as an exec channel gives', 'cat; echo done', { rc: 0, stdout: 'done\n', stderr: '' }],
    ['quotes and a comment in the line', "echo 'it''s' \"a)b\" # ) not closed", { rc: 0, stdout: 'its a)b\n', stderr: '' }],
    ['a signal kills the command (128+n)', 'kill -TERM $(sh -c \'echo $PPID\')', { rc: 143, stdout: '', stderr: expect.any(String) }],
  ])('%s', async (_name, line, expected) => {
    for (const chunkBytes of [0, 3]) {
      const sh = localShell(chunkBytes);
      expect(text(await sh.run(line))).toEqual(expected);
      sh.close();
    }
  });

  it('keeps binary output byte for byte, a marker-like text included', async () => {
    const sh = localShell(5);
    const r = await sh.run("printf '\\000\\377CARBON-PLAY-END-\\n'");
    expect([...r.stdout]).toEqual([0, 255, ...Buffer.from('CARBON-PLAY-END-\n')]);
  });

  it('runs commands one after another in one session; exit and cd in one do not reach the next', async () => {
    const sh = localShell();
    expect((await sh.run('cd /tmp && exit 4')).rc).toBe(4);
    expect(sh.idle).toBe(true);
    const r = await sh.run('pwd; echo $?');
    expect(r.rc).toBe(0);
    expect(r.stdout.toString()).not.toBe('/tmp\n0\n');
    expect(text(await sh.run('echo again'))).toEqual({ rc: 0, stdout: 'again\n', stderr: '' });
  });

  it('is busy while a command runs and refuses a second one', async () => {
    const sh = localShell();
    const first = sh.run('sleep 0.2; echo one');
    expect(sh.idle).toBe(false);
    expect(() => sh.run('echo two')).toThrow(/busy/);
    expect((await first).stdout.toString()).toBe('one\n');
  });

  it('ends the session on abort: rc 255, and it is not used again', async () => {
    const sh = localShell();
    const ac = new AbortController();
    const r = sh.run('sleep 30', ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect((await r).rc).toBe(255);
    expect(sh.open).toBe(false);
  });

  it('frames a line so that the shell sees it as one quoted word', () => {
    expect(frameCommand("echo 'x'", 'M')).toBe(`( eval 'echo '\\''x'\\''' ) </dev/null; printf '%s%d\\n' M "$?"; printf '%s\\n' M >&2\n`);
  });
});

describe('leavesBackgroundJob', () => {
  it.each([
    ['a line ending in &', "sh -c 'sleep 5 &'", true],
    ['& with no space', 'server&', true],
    ['& then another command', "sh -c '(sleep 1; echo late) & echo started'", true],
    ['& at the end of a line of a script', 'start-it >log 2>&1 &\necho started', true],
    ['nohup', 'nohup bin/server.sh', true],
    ['setsid', 'setsid -f daemon', true],
    ['disown', 'job & disown', true],
    ['&& between commands', 'mkdir -p /x && cd /x', false],
    ['2>&1 and >&2', 'cmd 2>&1; echo err >&2', false],
    ['&> and <&', 'cmd &>/dev/null <&0', false],
    ['|& (a pipe of both streams)', 'cmd |& tee log', false],
    ['a word that only contains nohup', 'echo nohupx', false],
    ['a plain command', "sh -c 'echo hello'", false],
  ])('%s', (_name, line, expected) => {
    expect(leavesBackgroundJob(line)).toBe(expected);
  });
});
