// Which sandbox holds which subnet, ports, MariaDB sockets and interface names: a second sandbox that would collide is refused, naming the holder.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { runCmd } from './exec.js';
import { createLayout, netnsName, type SandboxLayout } from './layout.js';
import type { PlannedHost } from './plan.js';
import { isAlive, readState } from './state.js';
import { parseSubnet } from './subnet.js';

/** Machine-wide: one file per sandbox bridge, naming its folder (every `up` runs as root). */
export const CLAIMS_DIR = process.env.CARBON_PLAY_SANDBOX_CLAIMS ?? '/run/carbon-play/sandboxes';

/** What a sandbox holds: its subnet and bridge, each host's listening address:port (sshd 22, MariaDB 3306), MariaDB sockets. */
export interface Claim { dir: string; subnet: string; bridge: string; endpoints?: string[]; sockets?: string[] }

/** The MariaDB socket of a db host, as `<network namespace>:<path>`: each host's /run is its own tmpfs. */
const MARIADB_SOCKET = '/run/mysqld/mysqld.sock';

const range = (cidr: string): [number, number] => {
  const s = parseSubnet(cidr);
  const start = s.address(0).split('.').reduce((n, p) => n * 256 + Number(p), 0);
  return [start, start + 2 ** (32 - s.prefix) - 1];
};
const overlap = (a: string, b: string) => { const [x, y] = [range(a), range(b)]; return x[0] <= y[1] && y[0] <= x[1]; };

/** IPv4 networks on this machine's interfaces, by interface (the kernel's word, whoever made them). */
async function interfaceNetworks(): Promise<{ dev: string; cidr: string }[]> {
  const r = await runCmd('ip', ['-o', '-4', 'addr', 'show']);
  return [...r.stdout.matchAll(/^\d+:\s+(\S+)\s+inet\s+([\d.]+\/\d+)/gm)].map((m) => ({ dev: m[1], cidr: m[2] }));
}

async function readClaims(): Promise<Claim[]> {
  const names = await readdir(CLAIMS_DIR).catch(() => [] as string[]);
  const out: Claim[] = [];
  for (const n of names.filter((f) => f.endsWith('.json'))) {
    try { out.push(JSON.parse(await readFile(join(CLAIMS_DIR, n), 'utf8')) as Claim); } catch { /* half-written or foreign: ignored */ }
  }
  return out;
}

/**
 * Refuses `subnet` when an interface other than this sandbox's bridge already has an address in it: the holder is
 * named by its folder when it is a sandbox (its claim), else by the interface.
 */
export async function checkSubnetFree(layout: SandboxLayout, subnet: string): Promise<void> {
  const claims = await readClaims();
  for (const net of await interfaceNetworks()) {
    if (net.dev === layout.bridge || !overlap(net.cidr, subnet)) continue;
    const holder = claims.find((c) => c.bridge === net.dev);
    throw new CarbonPlayError('options', holder
      ? `--subnet ${subnet}: the sandbox in ${holder.dir} holds ${holder.subnet}; bring that one down (carbon-play sandbox down --dir ${holder.dir}) or pick another --subnet`
      : `--subnet ${subnet}: interface ${net.dev} already has ${net.cidr} on this machine; pick another --subnet`);
  }
}

/** The claim `up` will hold for these hosts on this subnet (host i at the subnet's address i + 2, as `up` assigns them). */
export function planClaim(layout: SandboxLayout, hosts: PlannedHost[], subnet: string): Claim {
  const s = parseSubnet(subnet);
  const endpoints = hosts.flatMap((h, i) => [`${s.address(i + 2)}:22`, ...(h.db ? [`${s.address(i + 2)}:3306`] : [])]);
  const sockets = hosts.flatMap((h, i) => (h.db ? [`${netnsName(layout, i)}:${MARIADB_SOCKET}`] : []));
  return { dir: layout.dir, subnet, bridge: layout.bridge, endpoints, sockets };
}

/** The first thing `ours` would take from `other`, as the refusal's words; undefined when they can share the machine. */
export function findClaimConflict(ours: Claim, other: Claim): string | undefined {
  if (other.dir === ours.dir) return undefined;
  const down = `bring that one down (carbon-play sandbox down --dir ${other.dir}) or use another --dir`;
  // Names come from 4 hex digits of the folder's hash: a clash would make both sandboxes' namespaces and links one.
  if (other.bridge === ours.bridge) return `--dir ${ours.dir}: the sandbox in ${other.dir} uses the same interface and namespace names (bridge ${other.bridge}); ${down}`;
  const port = (ours.endpoints ?? []).find((e) => (other.endpoints ?? []).includes(e));
  if (port) return `port ${port}: the sandbox in ${other.dir} listens there; ${down.replace('another --dir', 'another --subnet')}`;
  const socket = (ours.sockets ?? []).find((e) => (other.sockets ?? []).includes(e));
  if (socket) return `MariaDB socket ${socket}: the sandbox in ${other.dir} uses it; ${down}`;
  return undefined;
}

/** A claim counts while its sandbox runs (a host process alive) or is being built (no pid recorded yet); a crashed one's is ignored. */
async function isLive(claim: Claim): Promise<boolean> {
  const state = await readState(createLayout(claim.dir));
  if (!state) return false;
  const pids = state.hosts.flatMap((h) => h.pids);
  return pids.length === 0 || pids.some(isAlive);
}

/** Refuses a sandbox whose ports, sockets or names another running sandbox holds, before anything is made or removed. */
export async function checkClaimsFree(ours: Claim): Promise<void> {
  for (const other of await readClaims()) {
    const conflict = findClaimConflict(ours, other);
    if (conflict && (await isLive(other))) throw new CarbonPlayError('options', conflict);
  }
}

export async function saveClaim(layout: SandboxLayout, claim: Claim): Promise<void> {
  await mkdir(CLAIMS_DIR, { recursive: true });
  await writeFile(join(CLAIMS_DIR, `${layout.bridge}.json`), JSON.stringify(claim) + '\n');
}

/** The running sandbox of another folder whose claim has this layout's names (a 4-hex-digit clash), if any. */
export async function otherNameHolder(layout: SandboxLayout): Promise<Claim | undefined> {
  const c = (await readClaims()).find((x) => x.bridge === layout.bridge && x.dir !== layout.dir);
  return c && (await isLive(c)) ? c : undefined;
}

export async function dropClaim(layout: SandboxLayout): Promise<void> {
  await rm(join(CLAIMS_DIR, `${layout.bridge}.json`), { force: true });
}
