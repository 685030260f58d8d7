// WSO2's ansible-ei (master) on fresh sandbox hosts named as its dev/inventory, with ansible-playbook and with
// carbon-play: the same tasks with the same status on every host, up to the JDK archive neither can fetch here.
// Runs when the git mirror is on this machine ($WSO2_ANSIBLE_MIRRORS or /work/.mirror); skips cleanly otherwise.
// The other refs: `node dist/bench/wso2-ansible.js --run` (README, "WSO2's own Ansible repositories").
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkoutRef, hasAnsiblePlaybook, mirrorOf } from '../../bench/wso2-ansible.js';
import { compareSandboxRun } from '../../bench/wso2-ansible-run.js';

const mirror = mirrorOf('ansible-ei');

describe.skipIf(!mirror || !hasAnsiblePlaybook)('ansible-ei@master on sandbox hosts', () => {
  it('runs the same tasks with the same status as ansible-playbook, stopping at the JDK archive', async () => {
    const dir = checkoutRef(mirror!, 'master');
    try {
      const check = await compareSandboxRun(dir);
      expect(check.detail).toMatch(/stopped at: Unarchive JDK distribution$/);
      expect(check.pass, check.detail).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
