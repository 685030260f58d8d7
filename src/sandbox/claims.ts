// Which sandbox holds which subnet on this machine: a second sandbox on a held subnet is refused, naming the holder.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { runCmd } from './exec.js';
import { type SandboxLayout } from './layout.js';
import { parseSubnet } from './subnet.js';

/** Machine-wide: one file per sandbox bridge, naming its folder (every `up` runs as root). */
export const CLAIMS_DIR = process.env.CARBON_PLAY_SANDBOX_CLAIMS ?? '/run/carbon-play/sandboxes';

interface Claim { dir: string; subnet: string; bridge: string }

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

export async function saveClaim(layout: SandboxLayout, subnet: string): Promise<void> {
  await mkdir(CLAIMS_DIR, { recursive: true });
  const claim: Claim = { dir: layout.dir, subnet, bridge: layout.bridge };
  await writeFile(join(CLAIMS_DIR, `${layout.bridge}.json`), JSON.stringify(claim) + '\n');
}

export async function dropClaim(layout: SandboxLayout): Promise<void> {
  await rm(join(CLAIMS_DIR, `${layout.bridge}.json`), { force: true });
}
