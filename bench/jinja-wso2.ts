// Renders every role template (.j2) of Ansible repositories (WSO2's ansible-ei, ansible-apim) with their dev/ inventory,
// through ansible-playbook's template module and through carbon-play, and compares the bytes. Prints PASS/FAIL per file.
// Run from the project root (compile first, as the other benches):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --outDir node_modules/.cache/carbon-bench bench/jinja-wso2.ts
//   node node_modules/.cache/carbon-bench/bench/jinja-wso2.js /work/.mirror/wso2+ansible-ei/repo /work/.mirror/wso2+ansible-apim/repo
// Each argument is a checkout or a bare git directory (its HEAD is extracted).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { templateVars } from '../src/modules/template.js';
import { renderFile } from '../src/template/index.js';


function checkout(src: string): string {
  if (existsSync(join(src, 'roles'))) return src;
  const dir = mkdtempSync(join(tmpdir(), 'jinja-wso2-'));
  execSync(`git --git-dir=${JSON.stringify(src)} archive HEAD | tar -x -C ${JSON.stringify(dir)}`);
  return dir;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

const norm = (s: string) => s.replace(/-/g, '_');
let pass = 0;
let fail = 0;
/**
 * Hosts that have dev/host_vars but are not in dev/inventory join it, in a group named after their role, itself a child
 * of the group its name extends (apim-gateway_1 → [apim-gateway] → [apim:children]), so the product's group_vars apply.
 */
function completeInventory(repo: string): void {
  const file = join(repo, 'dev', 'inventory');
  const text = readFileSync(file, 'utf8');
  const listed = new Set(text.split('\n').filter((l) => /^[A-Za-z0-9_.-]+\s/.test(l)).map((l) => l.split(/\s/)[0]));
  const extra = readdirSync(join(repo, 'dev', 'host_vars'))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .filter((h) => !listed.has(h))
    .map((h) => {
      const group = h.replace(/_\d+$/, '');
      const parent = [...text.matchAll(/^\[([A-Za-z0-9_-]+)\]/gm)].map((m) => m[1]).find((g) => group.startsWith(`${g}-`));
      return `\n[${group}]\n${h} ansible_host=127.0.0.1\n${parent ? `\n[${parent}:children]\n${group}\n` : ''}`;
    });
  writeFileSync(file, text + extra.join(''));
}

/** The `vars:` the role's own tasks set (where WSO2's roles define carbon_home), merged in file order. */
function roleTaskVars(repo: string, role: string): Record<string, unknown> {
  const file = join(repo, 'roles', role, 'tasks', 'main.yml');
  if (!existsSync(file)) return {};
  const out: Record<string, unknown> = {};
  const visit = (tasks: unknown): void => {
    if (!Array.isArray(tasks)) return;
    for (const t of tasks as Record<string, unknown>[]) {
      if (t && typeof t.vars === 'object') Object.assign(out, t.vars);
      const facts = t?.set_fact ?? t?.['ansible.builtin.set_fact'];
      if (facts && typeof facts === 'object') Object.assign(out, facts);
      visit(t?.block);
    }
  };
  visit(parseYaml(readFileSync(file, 'utf8')));
  return out;
}

for (const arg of process.argv.slice(2)) {
  const repo = checkout(arg);
  completeInventory(repo);
  const inventory = await loadInventory([join(repo, 'dev', 'inventory')]);
  const hosts = [...inventory.hosts.keys()];
  const jobs: { host: string; role: string; file: string; key: string }[] = [];
  const roleVars: Record<string, Record<string, unknown>> = {};
  for (const role of readdirSync(join(repo, 'roles'))) {
    const host = hosts.find((h) => norm(h).replace(/_\d+$/, '') === norm(role));
    const tdir = join(repo, 'roles', role, 'templates');
    if (!host || !existsSync(tdir)) continue;
    roleVars[role] = roleTaskVars(repo, role);
    for (const file of walk(tdir).filter((f) => f.endsWith('.j2'))) jobs.push({ host, role, file, key: `t${jobs.length}` });
  }
  const out = join(repo, 'cmp-out');
  mkdirSync(out, { recursive: true });
  const plays = [...new Set(jobs.map((j) => j.host))].map((host) => ({
    hosts: host,
    connection: 'local',
    gather_facts: false,
    tasks: jobs.filter((j) => j.host === host).map((j) => ({ template: { src: j.file, dest: join(out, j.key) }, vars: roleVars[j.role], ignore_errors: true })),
  }));
  writeFileSync(join(repo, 'cmp.yml'), JSON.stringify(plays));
  const run = spawnSync('ansible-playbook', ['-i', 'dev/inventory', 'cmp.yml'], { cwd: repo, encoding: 'utf8', env: { ...process.env, ANSIBLE_PYTHON_INTERPRETER: 'auto_silent' } });
  if (run.status !== 0) console.log(run.stdout.split('\n').filter((l) => /fatal|ERROR/.test(l)).join('\n'));
  for (const j of jobs) {
    const name = relative(repo, j.file);
    const theirs = existsSync(join(out, j.key)) ? readFileSync(join(out, j.key), 'utf8') : null;
    const scope = {
      ...inventory.hostVars(j.host),
      ...roleVars[j.role],
      inventory_hostname: j.host,
      inventory_hostname_short: j.host.split('.')[0],
      group_names: inventory.groupNames(j.host),
      groups: inventory.groupsMap(),
      hostvars: Object.fromEntries(hosts.map((h) => [h, inventory.hostVars(h)])),
      playbook_dir: repo,
    };
    let ours: string | null;
    let why = '';
    try {
      ours = renderFile(readFileSync(j.file, 'utf8'), scope, j.file, templateVars(j.file, j.file, join(out, j.key)));
    } catch (e) {
      ours = null;
      why = (e as Error).message;
    }
    // Identical output only counts when Ansible rendered the file (both failing is not a pass).
    const same = theirs !== null && ours === theirs;
    same ? pass++ : fail++;
    console.log(`${same ? 'PASS' : 'FAIL'} ${name} (${j.host})${same ? '' : theirs === null ? ` ansible failed, carbon-play ${ours === null ? 'failed too' : 'rendered'}` : ours === null ? `: ${why}` : `: first difference at byte ${[...ours].findIndex((c, i) => c !== theirs[i])}`}`);
  }
  if (repo !== arg) rmSync(repo, { recursive: true, force: true });
}
console.log(`${pass} identical, ${fail} different`);
console.log(fail === 0 && pass > 0 ? 'PASS' : 'FAIL');
