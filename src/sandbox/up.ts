// `sandbox up`: bridge, one namespace host per planned host (sshd, MariaDB on db), keys, known_hosts, inventory.
import { mkdir, writeFile } from 'node:fs/promises';
import { createKey, writeKnownHosts } from './keys.js';
import { createLayout, hostDir, netnsName, vethName, type SandboxLayout } from './layout.js';
import { createBridge, createHostNetwork } from './network.js';
import { type PlannedHost } from './plan.js';
import { isAlive, readState, saveState, type SandboxState } from './state.js';
import { parseSubnet } from './subnet.js';
import { startHost } from './host.js';
import { setupDatabases } from './db.js';
import { renderInventory } from './inventory-file.js';
import { removeSandbox } from './down.js';
import { withSandboxLock } from './lock.js';
import { forEachLimited } from './limit.js';
import { CarbonPlayError } from '../core/errors.js';
import { checkClaimsFree, checkSubnetFree, planClaim, saveClaim } from './claims.js';

export interface UpOptions {
  dir: string;
  hosts: PlannedHost[];
  subnet?: string;
  like?: string;
  /** Progress lines (host started...); the CLI prints them. */
  log?: (line: string) => void;
}

export interface UpResult {
  layout: SandboxLayout;
  state: SandboxState;
  /** True when a running sandbox of the same shape was found and kept. */
  reused: boolean;
}

function sameShape(state: SandboxState, hosts: PlannedHost[], subnet: string): boolean {
  if (state.subnet !== subnet || state.hosts.length !== hosts.length) return false;
  return hosts.every((h, i) => state.hosts[i].name === h.name && state.hosts[i].db === h.db && state.hosts[i].lb === h.lb
    && state.hosts[i].groups.join(',') === h.groups.join(','));
}

const HOSTS_AT_ONCE = 8;

export async function sandboxUp(opts: UpOptions): Promise<UpResult> {
  if (process.getuid?.() !== 0) throw new CarbonPlayError('options', 'sandbox up: expected to run as root (network namespaces and mounts need it), got a normal user');
  return withSandboxLock(createLayout(opts.dir).dir, () => bringUp(opts));
}

async function bringUp(opts: UpOptions): Promise<UpResult> {
  const log = opts.log ?? (() => undefined);
  const layout = createLayout(opts.dir);
  const subnet = parseSubnet(opts.subnet ?? '10.200.0.0/24');
  if (opts.hosts.length > subnet.capacity) throw new CarbonPlayError('options', `--subnet ${subnet.cidr}: expected room for ${opts.hosts.length} hosts, got ${subnet.capacity}`);

  const previous = await readState(layout);
  if (previous && sameShape(previous, opts.hosts, subnet.cidr) && previous.hosts.every((h) => h.pids.length > 0 && h.pids.every(isAlive))) {
    log(`sandbox already up in ${layout.dir}`);
    return { layout, state: previous, reused: true };
  }
  // Before anything of ours is torn down or made: another sandbox on this subnet would take our hosts' traffic.
  await checkSubnetFree(layout, subnet.cidr);
  // Then every port, socket and name it would take (a crash can leave a claim without its bridge; names can clash).
  const claim = planClaim(layout, opts.hosts, subnet.cidr);
  await checkClaimsFree(claim);
  // Anything else (another shape, a crash, a dead host): clean up first, then build anew.
  await removeSandbox(layout.dir);

  // Traversable: sshd reads authorized_keys as the login user (e2e tests log in as a non-root user too).
  await mkdir(layout.dir, { recursive: true, mode: 0o755 });
  const state: SandboxState = {
    dir: layout.dir, subnet: subnet.cidr, bridge: layout.bridge, bridgeIp: subnet.address(1), like: opts.like,
    hosts: opts.hosts.map((h, i) => ({ ...h, index: i, ip: subnet.address(i + 2), netns: netnsName(layout, i), veth: vethName(layout, i), pids: [] })),
  };
  await saveState(layout, state);
  try {
    const clientPub = await createKey(layout.clientKey, 'carbon-play sandbox');
    await writeFile(layout.authorizedKeys, clientPub + '\n', { mode: 0o644 });
    await saveClaim(layout, claim);
    await createBridge(layout.bridge, state.bridgeIp, subnet.prefix);
    const known: Array<{ ip: string; publicKey: string }> = [];
    // Hosts start in parallel, a few at a time: each is independent and sshd start-up dominates, but thirty `ip`
    // commands at once on a loaded 2-core machine time out.
    await forEachLimited(state.hosts, HOSTS_AT_ONCE, async (h) => {
      const net = { netns: h.netns, veth: h.veth, bridge: layout.bridge, ip: h.ip, prefix: subnet.prefix, gateway: state.bridgeIp };
      // Once more after a failure: a link can be briefly busy while another sandbox's namespaces come and go.
      await createHostNetwork(net).catch(() => createHostNetwork(net));
      try {
        const started = await startHost({ name: h.name, ip: h.ip, netns: h.netns, dir: hostDir(layout, h.name), authorizedKeys: layout.authorizedKeys, db: h.db });
        h.pids = started.pids;
        known.push({ ip: h.ip, publicKey: started.hostPublicKey });
      } catch (e) {
        h.pids = (e as { pids?: number[] }).pids ?? [];
        throw e;
      } finally {
        await saveState(layout, state);
      }
      log(`${h.name} up at ${h.ip}`);
    });
    const dbHosts = state.hosts.filter((h) => h.db);
    state.dbAdmin = await setupDatabases(dbHosts);
    for (const db of dbHosts) log(`${db.name}: MariaDB on ${db.ip}:3306`);
    known.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
    await writeKnownHosts(layout.knownHosts, known);
    await writeFile(layout.inventory, renderInventory(layout, state), { mode: 0o600 });
    await saveState(layout, state);
    return { layout, state, reused: false };
  } catch (e) {
    await removeSandbox(layout.dir).catch(() => undefined);
    if (e instanceof CarbonPlayError) throw e;
    throw new CarbonPlayError('internal', `sandbox up failed: ${(e as Error).message}`, {}, { cause: e });
  }
}
