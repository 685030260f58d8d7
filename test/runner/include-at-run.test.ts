// include_tasks with a templated file name: found and loaded per host when it runs; a missing or broken file fails that host only.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { writeFiles } from '../helpers/ansible-diff.js';
import { makeTempDir } from '../helpers/temp-dir.js';

it.each([
  ['each host includes the file its variable names', 'a', 'b', [['n1', 'from a', 'ok'], ['n2', 'from b', 'ok']]],
  ['a missing file fails that host, naming the places searched', 'a', 'nope', [['n1', 'from a', 'ok'], ['n2', "cannot find task file 'nope.yml'", 'failed']]],
  ['a file with an error fails that host with the file:line', 'a', 'broken', [['n1', 'from a', 'ok'], ['n2', "broken.yml:1:3: unknown module or task keyword 'nosuchmodule'", 'failed']]],
])('%s', async (_n, v1, v2, expected) => {
  const dir = makeTempDir('cp-inc-run-');
  writeFiles(dir, {
    'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: "{{ os }}.yml"\n',
    'inventory': `n1 ansible_connection=local os=${v1}\nn2 ansible_connection=local os=${v2}\n`,
    'a.yml': '- debug: msg="from a"\n', 'b.yml': '- debug: msg="from b"\n', 'broken.yml': '- nosuchmodule: x\n',
  });
  let out = '';
  await runCli([join(dir, 'site.yml'), '-i', join(dir, 'inventory'), '--json'], { stdout: (s) => void (out += s), stderr: () => {}, isTTY: false });
  const results = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.type === 'host_result');
  for (const [host, text, status] of expected as [string, string, string][]) {
    const hit = results.find((r) => r.host === host && JSON.stringify(r).includes(text));
    expect(hit, `${host}: ${text}\n${JSON.stringify(results)}`).toBeDefined();
    expect(results.some((r) => r.host === host && r.status === status)).toBe(true);
  }
});

it("an include_role inside a role decides its when with the including role's variables, not the included role's", async () => {
  const dir = makeTempDir('cp-inc-role-');
  writeFiles(dir, {
    'site.yml': '- hosts: all\n  gather_facts: false\n  roles: [outer]\n',
    'inventory': 'n1 ansible_connection=local\n',
    'roles/outer/defaults/main.yml': 'outer_wants_inner: true\n',
    'roles/outer/tasks/main.yml': '- include_role: { name: inner }\n  when: outer_wants_inner\n',
    'roles/inner/tasks/main.yml': '- debug: msg="inner ran"\n',
  });
  let out = '';
  const code = await runCli([join(dir, 'site.yml'), '-i', join(dir, 'inventory'), '--json'], { stdout: (s) => void (out += s), stderr: () => {}, isTTY: false });
  expect(code, out).toBe(0);
  expect(out).toContain('inner ran');
});
