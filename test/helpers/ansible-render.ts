// Renders a table of Jinja templates through ansible-playbook in ONE run (the reference for differential tests).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './temp-dir.js';

export const hasAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;

/** What Ansible made of one case: the rendered bytes, or the error it reported. */
export type AnsibleOutcome = { ok: true; text: string } | { ok: false; error: string };

/**
 * `module`: the template module writes each case to a file (byte-exact, Ansible's own settings);
 * `lookup`: lookup('template') renders each case on the controller (fast; same Jinja environment).
 */
export function renderWithAnsible(cases: Record<string, string>, vars: Record<string, unknown>, mode: 'module' | 'lookup' = 'lookup'): Record<string, AnsibleOutcome> {
  const dir = makeTempDir('cp-jinja-');
  try {
    const names = Object.keys(cases);
    mkdirSync(join(dir, 'templates'));
    mkdirSync(join(dir, 'out'));
    names.forEach((n) => writeFileSync(join(dir, 'templates', `${n}.j2`), cases[n]));
    writeFileSync(join(dir, 'vars.json'), JSON.stringify(vars));
    // One task per case (a failing item would abort a loop), each registered; a last task saves them all as JSON.
    const tasks: Record<string, unknown>[] = names.map((n, i) => ({
      name: n,
      ignore_errors: true,
      register: `r${i}`,
      ...(mode === 'module'
        ? { template: { src: `${n}.j2`, dest: `${dir}/out/${n}` } }
        : { debug: { msg: `{{ lookup('template', '${n}.j2', convert_data=False) }}` } }),
    }));
    const all = names.map((n, i) => `${JSON.stringify(n)}: {{ r${i} | to_json }}`).join(', ');
    tasks.push({ name: 'save', copy: { content: `{ ${all} }`, dest: `${dir}/results.json` } });
    const play = [{ hosts: 'localhost', connection: 'local', gather_facts: false, vars_files: ['vars.json'], tasks }];
    writeFileSync(join(dir, 'play.yml'), JSON.stringify(play));
    const run = spawnSync('ansible-playbook', ['-i', 'localhost,', 'play.yml'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent', ANSIBLE_NOCOLOR: '1' },
    });
    if (!existsSync(join(dir, 'results.json'))) throw new Error(`ansible-playbook failed: ${run.stdout}\n${run.stderr}`);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const out: Record<string, AnsibleOutcome> = {};
    for (const [name, r] of Object.entries(results)) {
      if (r.failed) out[name] = { ok: false, error: String(r.msg) };
      else if (mode === 'lookup') out[name] = { ok: true, text: String(r.msg) };
      else out[name] = existsSync(join(dir, 'out', name)) ? { ok: true, text: readFileSync(join(dir, 'out', name), 'utf8') } : { ok: false, error: 'no file' };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
