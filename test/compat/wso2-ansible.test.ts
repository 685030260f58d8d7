// WSO2's own Ansible repositories (ansible-ei, ansible-apim) at the refs issue 14 names: carbon-play's --syntax-check
// passes where ansible-playbook's does, and --list-tasks lists the same plays and tasks. Runs when the git mirrors are
// on this machine ($WSO2_ANSIBLE_MIRRORS or /work/.mirror, see bench/wso2-ansible.ts) and skips cleanly otherwise.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { REFS, checkoutRef, compareListTasks, compareSyntaxCheck, hasAnsiblePlaybook, mirrorOf } from '../../bench/wso2-ansible.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(REFS)('$repo@$ref', ({ repo, ref }) => {
  const mirror = mirrorOf(repo);
  it.skipIf(!mirror || !hasAnsiblePlaybook)('passes --syntax-check and lists the same tasks as ansible-playbook', async () => {
    const dir = checkoutRef(mirror!, ref);
    dirs.push(dir);
    const checks = [await compareSyntaxCheck(dir), await compareListTasks(dir)];
    expect(checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  }, 120_000);
});

describe('the list comparison itself', () => {
  it('finds a difference in one task line', async () => {
    const { listLines } = await import('../../bench/wso2-ansible.js');
    expect(listLines('\nplaybook: a\n\n  play #1 (all): x\tTAGS: []  \n')).toEqual(['playbook: a', '  play #1 (all): x\tTAGS: []']);
  });
});
