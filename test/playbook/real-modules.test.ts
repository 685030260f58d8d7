// AGAINST THE REAL MODULE REGISTRY (src/modules/index.ts): checks the loader with the modules' own schemas; re-check when modules change.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorList } from '../../src/core/errors.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { writeTree } from './helpers.js';

async function load(text: string) {
  return loadPlaybook(join(writeTree({ 'site.yml': text }), 'site.yml'));
}

describe('loadPlaybook with the real registry', () => {
  it('maps free-form command and shell and strips ansible.builtin.', async () => {
    const pb = await load('- hosts: all\n  tasks:\n    - ansible.builtin.command: ls -l\n    - shell: echo hi | wc -c\n');
    expect(pb.plays[0]!.tasks.map((t) => (t.kind === 'task' ? [t.module, Object.values(t.args)[0]] : []))).toEqual([
      ['command', 'ls -l'],
      ['shell', 'echo hi | wc -c'],
    ]);
  });

  it('reports a missing required argument of copy with its location', async () => {
    const err = await load('- hosts: all\n  tasks:\n    - copy: {content: x}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrorList);
    const e = (err as ErrorList).errors[0]!;
    expect(e.message).toContain("missing required argument 'dest'");
    expect(e.context.loc).toMatchObject({ line: 3, col: 7 });
  });
});
