// vitest globalSetup for the e2e project: one sandbox (3 hosts + db + lb) for every e2e file, torn down at the end.
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { planHosts } from '../../src/sandbox/plan.js';
import { sandboxUp } from '../../src/sandbox/up.js';
import { sandboxDown } from '../../src/sandbox/down.js';

/** Its own subnet, so a user's `.sandbox` (10.200.0.0/24) can stay up while the tests run; a second checkout's run sets its own. */
export const E2E_SUBNET = process.env.CARBON_PLAY_E2E_SUBNET ?? '10.200.100.0/24';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxDir: string;
    sandboxInventory: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = resolve(process.env.CARBON_PLAY_E2E_DIR ?? '.sandbox-e2e');
  const hosts = planHosts({ hosts: 3, db: true, lb: true });
  const { layout } = await sandboxUp({ dir, hosts, subnet: E2E_SUBNET });
  project.provide('sandboxDir', layout.dir);
  project.provide('sandboxInventory', layout.inventory);
  process.env.CARBON_PLAY_SANDBOX_DIR = layout.dir;
  process.env.CARBON_PLAY_SANDBOX_INVENTORY = layout.inventory;
  return async () => {
    if (process.env.CARBON_PLAY_E2E_KEEP) return;
    await sandboxDown(dir);
  };
}
