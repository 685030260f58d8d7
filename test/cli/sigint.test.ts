import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';

const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'node_modules/.cache/carbon-play-test/cli-child.mjs');

// Node 20 cannot run TypeScript: bundle the child (real runCli + test modules) with rolldown, packages, the YAML loader and the connection factory (unused: the child passes its own) left external.
beforeAll(async () => {
  mkdirSync(join(bundle, '..'), { recursive: true });
  await build({
    input: join(import.meta.dirname, 'fixtures/cli-child.ts'),
    platform: 'node',
    external: [/^node:/, /^[a-z@][^:]*$/, /load-playbook/, /connection\/factory/],
    output: { file: bundle, format: 'esm', codeSplitting: false },
    logLevel: 'silent',
  });
}, 60_000);

/** The child's environment: its temp dirs (the inventory it writes) under one of ours, as Ctrl-C leaves it no time to remove them. */
const childEnv = (extra: Record<string, string> = {}) => ({ ...process.env, TMPDIR: makeTempDir('cp-sigint-child-'), ...extra });

/** What a terminal's Ctrl-C does: SIGINT to the whole foreground process group (gone already: nothing to do). */
function ctrlC(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGINT');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

describe('Ctrl-C', () => {
  // A terminal's Ctrl-C goes to the whole foreground process group, the task's commands included: signal the group.
  it('lets the running task finish, starts nothing new, prints the recap and exits 99', async () => {
    const child = spawn(process.execPath, [bundle, 'site.yml', '-i', 'inv'], { cwd: root, detached: true, env: childEnv() });
    let out = '';
    let err = '';
    let pressed = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('TASK [sleepy]') && !pressed) {
        pressed = true;
        setTimeout(() => ctrlC(child), 200);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(err).toContain('interrupted');
    expect(out).toMatch(/changed: \[n1\] => sleepy/);
    expect(out).not.toMatch(/failed: \[|FAILED!/);
    expect(out).toMatch(/n1 +: ok=1 +changed=1 .*failed=0/);
    expect(out).not.toContain('after');
    expect(out).toContain('PLAY RECAP');
    expect(out).toContain('(interrupted)');
    expect(code).toBe(99);
  }, 20_000);

  it('a second Ctrl-C ends the running task with what it started, and quits with 99', async () => {
    const pidFile = join(makeTempDir('cp-sigint-'), 'grandchild.pid');
    const child = spawn(process.execPath, [bundle, 'site.yml', '-i', 'inv'], { cwd: root, detached: true, env: childEnv({ CP_CHILD_GRANDCHILD: pidFile }) });
    // One grandchild per host (n1, n2), each appending its pid.
    const written = () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').map(Number) : []);
    const grandchildPids = async () => {
      for (let i = 0; i < 100 && written().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      return written();
    };
    const pids = await grandchildPids();
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    ctrlC(child);
    await new Promise((r) => setTimeout(r, 200));
    ctrlC(child);
    expect(await exited).toBe(99);
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    for (let i = 0; i < 40 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter(alive)).toEqual([]);
  }, 20_000);
});
