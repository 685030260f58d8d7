// Compatibility check against WSO2's own Ansible repositories (ansible-ei, ansible-apim): carbon-play and
// ansible-playbook on each ref for --syntax-check and --list-tasks and, with --run, a run on sandbox hosts up to the
// first download (a JDK or product archive that cannot be fetched here); prints PASS/FAIL per repo/ref.
//
//   npx tsc -p tsconfig.bench.json && node dist/bench/wso2-ansible.js [--run] [--mirrors DIR] [repo@ref ...]
//
// The repositories are not part of the project: DIR (default $WSO2_ANSIBLE_MIRRORS, else /work/.mirror) holds bare
// git mirrors as DIR/wso2+ansible-ei/repo and DIR/wso2+ansible-apim/repo; each ref is checked out into a temp folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli.js';

export interface RefCase {
  repo: 'ansible-ei' | 'ansible-apim';
  ref: string;
}

/** The refs issue 14's "done when" names. */
export const REFS: RefCase[] = [
  { repo: 'ansible-ei', ref: 'master' },
  { repo: 'ansible-ei', ref: '6.4.x' },
  { repo: 'ansible-apim', ref: 'master' },
  { repo: 'ansible-apim', ref: '2.6.x' },
  { repo: 'ansible-apim', ref: '3.2.x' },
];

export interface Check {
  name: string;
  pass: boolean;
  /** Why it failed (the first differences), or a short figure when it passed. */
  detail: string;
}

export const hasAnsiblePlaybook = existsSync('/usr/bin/ansible-playbook');

/** The bare mirror of one repository, or undefined when it is not on this machine. */
export function mirrorOf(repo: RefCase['repo'], root = process.env.WSO2_ANSIBLE_MIRRORS ?? '/work/.mirror'): string | undefined {
  const dir = join(root, `wso2+${repo}`, 'repo');
  return existsSync(join(dir, 'HEAD')) ? dir : undefined;
}

/** The files of `ref` (a branch or tag of the mirror) in a new temp folder. */
export function checkoutRef(gitDir: string, ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cp-wso2-${ref.replace(/[^\w.-]/g, '_')}-`));
  execFileSync('sh', ['-c', 'git --git-dir="$1" archive "$2" | tar -x -C "$3"', 'sh', gitDir, ref, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

/** The playbook and inventory WSO2's READMEs run: `ansible-playbook -i dev/inventory site.yml`. */
export const PLAYBOOK_ARGS = ['site.yml', '-i', 'dev/inventory'];

export interface ToolRun {
  code: number;
  out: string;
  err: string;
}

export function runAnsiblePlaybook(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): ToolRun {
  try {
    const out = execFileSync('ansible-playbook', args, {
      cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False', ...env },
    });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status?: number; stdout?: string; stderr?: string };
    return { code: x.status ?? 250, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** carbon-play in this process, from `dir` (relative paths resolve as on the command line). */
export async function runCarbonPlay(dir: string, args: string[]): Promise<ToolRun> {
  let out = '';
  let err = '';
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const code = await runCli(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false }, { signals: { on: () => process, off: () => process } as never });
    return { code, out, err };
  } finally {
    process.chdir(cwd);
  }
}

const firstLines = (s: string, n = 3) => s.trim().split('\n').slice(0, n).join(' | ');

export async function compareSyntaxCheck(dir: string): Promise<Check> {
  const theirs = runAnsiblePlaybook(dir, [...PLAYBOOK_ARGS, '--syntax-check']);
  const ours = await runCarbonPlay(dir, [...PLAYBOOK_ARGS, '--syntax-check']);
  const pass = theirs.code === 0 && ours.code === 0;
  return { name: 'syntax-check', pass, detail: pass ? 'both exit 0' : `ansible-playbook exit ${theirs.code}, carbon-play exit ${ours.code}: ${firstLines(ours.err || theirs.err)}` };
}

/** --list-tasks output without blank lines and trailing spaces (the tools differ only there). */
export function listLines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
}

export async function compareListTasks(dir: string): Promise<Check> {
  const theirs = runAnsiblePlaybook(dir, [...PLAYBOOK_ARGS, '--list-tasks']);
  const ours = await runCarbonPlay(dir, [...PLAYBOOK_ARGS, '--list-tasks']);
  const a = listLines(theirs.out);
  const b = listLines(ours.out);
  const tasks = a.filter((l) => /\tTAGS: /.test(l) && !l.includes('play #')).length;
  const diff: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && diff.length < 3; i++) if (a[i] !== b[i]) diff.push(`line ${i + 1}: ansible ${JSON.stringify(a[i])} vs carbon-play ${JSON.stringify(b[i])}`);
  const pass = theirs.code === 0 && ours.code === 0 && diff.length === 0;
  return { name: 'list-tasks', pass, detail: pass ? `${tasks} tasks, identical` : diff.join('; ') || `exit ${theirs.code}/${ours.code}: ${firstLines(ours.err)}` };
}

export async function main(argv: string[]): Promise<number> {
  const run = argv.includes('--run');
  const mi = argv.indexOf('--mirrors');
  const root = mi >= 0 ? argv[mi + 1] : undefined;
  const picked = argv.filter((a, i) => a.includes('@') && argv[i - 1] !== '--mirrors');
  const cases = picked.length ? REFS.filter((c) => picked.includes(`${c.repo}@${c.ref}`)) : REFS;
  let failed = 0;
  for (const c of cases) {
    const mirror = mirrorOf(c.repo, root);
    if (!mirror) {
      console.log(`SKIP ${c.repo}@${c.ref}: no mirror (fetch github:wso2/${c.repo}, or set WSO2_ANSIBLE_MIRRORS)`);
      continue;
    }
    const dir = checkoutRef(mirror, c.ref);
    try {
      const checks = [await compareSyntaxCheck(dir), await compareListTasks(dir)];
      if (run) checks.push(await (await import('./wso2-ansible-run.js')).compareSandboxRun(dir));
      for (const ch of checks) {
        console.log(`${ch.pass ? 'PASS' : 'FAIL'} ${c.repo}@${c.ref} ${ch.name}: ${ch.detail}`);
        if (!ch.pass) failed++;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(failed ? `${failed} check(s) FAILED` : 'all checks PASS');
  return failed ? 1 : 0;
}

if (process.argv[1]?.endsWith('wso2-ansible.js')) {
  if (!hasAnsiblePlaybook) {
    console.log('SKIP: ansible-playbook is not installed');
    process.exit(0);
  }
  const args = process.argv.slice(2);
  if (args.includes('--run') && !process.env.CARBON_PLAY_WSO2_LOCKED) {
    // Sandbox hosts: only under the machine-wide lock, so other people's sandbox tests do not run beside ours.
    const r = spawnSync('flock', ['/tmp/carbon-play-e2e.lock', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, CARBON_PLAY_WSO2_LOCKED: '1' } });
    process.exit(r.status ?? 250);
  }
  main(args).then((code) => process.exit(code));
}
